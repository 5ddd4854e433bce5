// Date cells of a CSV column: shape detection, day/month order from the whole column, conversion.
#include <algorithm>

#include "csv/detail.hpp"

namespace riskdial::detail {

namespace {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads a run of digits (at most max_len); returns the count read (0 = none).
inline int read_digits(std::string_view s, size_t& i, int max_len, int& value) {
  int n = 0;
  value = 0;
  while (i < s.size() && is_digit(s[i]) && n <= max_len) {
    value = value * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  return n;
}

// After the date: nothing, or ' '/'T' followed by a time beginning with a digit.
inline bool time_suffix(std::string_view s, size_t i, bool& has_time) {
  has_time = false;
  if (i == s.size()) return true;
  if ((s[i] == ' ' || s[i] == 'T') && i + 1 < s.size()) {
    size_t j = i + 1;
    while (j < s.size() && s[j] == ' ') ++j;
    if (j < s.size() && is_digit(s[j])) {
      has_time = true;
      return true;
    }
  }
  return false;
}

}  // namespace

bool tokenize_date(std::string_view s, DateToken& t) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  size_t i = 0;
  int a = 0;
  const int la = read_digits(s, i, 8, a);
  if (la == 8) {  // YYYYMMDD
    t.shape = DateShape::Compact;
    t.sep = 0;
    t.a = a / 10000;
    t.b = a / 100 % 100;
    t.c = a % 100;
    return time_suffix(s, i, t.has_time);
  }
  if (la == 0 || la > 4 || i >= s.size()) return false;
  const char sep = s[i];
  if (sep != '-' && sep != '/' && sep != '.') return false;
  ++i;
  int b = 0, c = 0;
  const int lb = read_digits(s, i, 2, b);
  if (lb == 0 || lb > 2 || i >= s.size() || s[i] != sep) return false;
  ++i;
  const int lc = read_digits(s, i, 4, c);
  if (la == 4 && lc >= 1 && lc <= 2) {
    t.shape = DateShape::Ymd;
  } else if (la <= 2 && lc == 4) {
    t.shape = DateShape::PairYear;
  } else {
    return false;
  }
  t.sep = sep;
  t.a = a;
  t.b = b;
  t.c = c;
  return time_suffix(s, i, t.has_time);
}

Result<DateColumn> parse_date_column(const std::vector<std::string_view>& cells,
                                     const std::vector<int>& lines, int field, DateOrder order,
                                     bool decimal_comma, const std::string& file) {
  DateColumn out;
  const size_t n = cells.size();
  std::vector<DateToken> tok(n);
  size_t first_day_first = n, first_month_first = n;  // first row proving DMY / MDY
  for (size_t i = 0; i < n; ++i) {
    if (!tokenize_date(cells[i], tok[i]))
      return make_error(ErrorCode::BadDate,
                        "expected a date such as 2024-01-31, 01/31/2024 or 31.01.2024, got " +
                            quote_cell(cells[i]),
                        file, lines[i], field);
    const DateToken& t = tok[i];
    const DateToken& t0 = tok[0];
    if (t.shape != t0.shape || t.sep != t0.sep)
      return make_error(ErrorCode::MixedDateFormats,
                        "mixed date formats: got " + quote_cell(cells[i]) + " but line " +
                            std::to_string(lines[0]) + " has " + quote_cell(cells[0]) +
                            "; expected one format for the whole column",
                        file, lines[i], field);
    out.had_time = out.had_time || t.has_time;
    if (t.shape == DateShape::PairYear) {
      if (t.a > 12 && first_day_first == n) first_day_first = i;
      if (t.b > 12 && first_month_first == n) first_month_first = i;
    }
  }
  if (n == 0) return out;

  const DateShape shape = tok[0].shape;
  const char sep = tok[0].sep;
  bool day_first = false;
  if (shape == DateShape::PairYear) {
    if (order == DateOrder::Ymd)
      return make_error(ErrorCode::BadDate,
                        "date_format is ymd (year-month-day), got " + quote_cell(cells[0]), file,
                        lines[0], field);
    if (order == DateOrder::Dmy || order == DateOrder::Mdy) {
      day_first = order == DateOrder::Dmy;
    } else if (first_day_first < n && first_month_first < n) {
      const size_t i = std::max(first_day_first, first_month_first);
      const size_t j = std::min(first_day_first, first_month_first);
      return make_error(ErrorCode::MixedDateFormats,
                        "mixed day/month order: " + quote_cell(cells[i]) + " cannot be read the way " +
                            quote_cell(cells[j]) + " on line " + std::to_string(lines[j]) +
                            " is; expected one order for the whole column",
                        file, lines[i], field);
    } else if (first_day_first < n) {
      day_first = true;
    } else if (first_month_first < n) {
      day_first = false;
    } else if (sep == '.' || decimal_comma) {
      // No date proves the order. Dotted dates (31.01.2024) and decimal-comma files are European
      // conventions, always day-first; nobody writes month.day.year.
      day_first = true;
      out.note = std::string("no date has a day above 12; read as day/month/year because ") +
                 (sep == '.' ? "dates separated by '.' are day-first"
                             : "the file uses a decimal comma (European convention)");
    } else {
      return make_error(ErrorCode::AmbiguousDate,
                        "ambiguous dates: every date such as " + quote_cell(cells[0]) +
                            " reads both as day/month and as month/day; choose the date format "
                            "(dmy or mdy)",
                        file, lines[0], field);
    }
  }

  out.dates.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const DateToken& t = tok[i];
    int y, m, d;
    if (shape == DateShape::PairYear) {
      y = t.c;
      m = day_first ? t.b : t.a;
      d = day_first ? t.a : t.b;
    } else {
      y = t.a;
      m = t.b;
      d = t.c;
    }
    if (!is_valid_ymd(y, m, d)) {
      std::string expect = shape == DateShape::PairYear ? (day_first ? "day/month/year" : "month/day/year")
                                                        : "year-month-day";
      return make_error(ErrorCode::BadDate,
                        "not a valid calendar date: " + quote_cell(cells[i]) + " read as " + expect,
                        file, lines[i], field);
    }
    out.dates[i] = date_from_ymd(y, m, d);
  }

  const std::string s(1, sep);
  switch (shape) {
    case DateShape::Ymd: out.format = "YYYY" + s + "MM" + s + "DD"; break;
    case DateShape::Compact: out.format = "YYYYMMDD"; break;
    case DateShape::PairYear:
      out.format = day_first ? "DD" + s + "MM" + s + "YYYY" : "MM" + s + "DD" + s + "YYYY";
      break;
  }
  return out;
}

}  // namespace riskdial::detail
