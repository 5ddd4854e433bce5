#include "riskdial/date.hpp"

#include <cstdio>

namespace riskdial {

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
Date date_from_ymd(int y, int m, int d) noexcept {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<Date>(era * 146097 + static_cast<int>(doe) - 719468);
}

Ymd ymd_from_date(Date z0) noexcept {
  int z = z0 + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return Ymd{y + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

bool is_leap_year(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return (m == 2 && is_leap_year(y)) ? 29 : kDays[m - 1];
}

bool is_valid_ymd(int y, int m, int d) noexcept {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int iso_weekday(Date d) noexcept {
  // 1970-01-01 was a Thursday (ISO 4).
  const int w = ((d % 7) + 7 + 3) % 7;  // 0 = Monday
  return w + 1;
}

std::string format_iso(Date d) {
  const Ymd v = ymd_from_date(d);
  if (v.year < 0 || v.year > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.year, v.month, v.day);
    return buf;
  }
  // Digits written directly (the result documents format every date of every series; snprintf dominated).
  std::string s(10, '-');
  auto put = [&](int pos, int width, int value) {
    for (int i = pos + width - 1; i >= pos; --i, value /= 10)
      s[static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, 4, v.year);
  put(5, 2, v.month);
  put(8, 2, v.day);
  return s;
}

std::optional<Date> parse_iso(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t len, int& out) {
    out = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d) || !is_valid_ymd(y, m, d)) return std::nullopt;
  return date_from_ymd(y, m, d);
}

Date add_months(Date date, int months) noexcept {
  const Ymd v = ymd_from_date(date);
  int total = v.year * 12 + (v.month - 1) + months;
  const int y = total / 12;
  const int m = total % 12 + 1;
  const int d = v.day < days_in_month(y, m) ? v.day : days_in_month(y, m);
  return date_from_ymd(y, m, d);
}

}  // namespace riskdial
