// Value cells that the fast path (fast_float straight from the buffer) did not accept.
#include <fast_float/fast_float.h>

#include <cmath>
#include <cstdio>

#include "csv/detail.hpp"

namespace riskdial::detail {

namespace {

inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool is_missing_marker(std::string_view s) {
  if (s.empty()) return true;
  static constexpr std::string_view kMarkers[] = {"na", "n/a", "#n/a", "nan", "null", "none", "-", ".",
                                                  "#na", "n.a.", "nil"};
  for (auto m : kMarkers)
    if (iequals(s, m)) return true;
  return false;
}

inline bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

CellStatus parse_number_slow(std::string_view s, char decimal, char thousands, double& value,
                             bool& percent) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  const bool numeric_start =
      !s.empty() && ((s[0] >= '0' && s[0] <= '9') ||
                     (s.size() > 1 && (s[0] == '-' || s[0] == '+' || s[0] == '.' || s[0] == ',') &&
                      s[1] >= '0' && s[1] <= '9'));
  if (!numeric_start && is_missing_marker(s)) return CellStatus::Missing;
  bool pct = false;
  if (s.back() == '%') {
    pct = true;
    s.remove_suffix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    if (s.empty()) return CellStatus::Bad;
  }
  char buf[80];
  size_t n = 0;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') {
    if (s[0] == '-') buf[n++] = '-';
    ++i;
  }
  // Mantissa: digits with optional thousands groups, one decimal separator.
  int digits_since_sep = 0;
  bool seen_thousands = false, seen_decimal = false, seen_digit = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (n + 2 >= sizeof buf) return CellStatus::Bad;
    if (c >= '0' && c <= '9') {
      buf[n++] = c;
      ++digits_since_sep;
      seen_digit = true;
    } else if (c == thousands && !seen_decimal) {
      // a group separator needs 1–3 digits before the first one and exactly 3 between them
      if (!seen_digit || (seen_thousands && digits_since_sep != 3) || digits_since_sep > 3)
        return CellStatus::Bad;
      seen_thousands = true;
      digits_since_sep = 0;
    } else if (c == decimal && !seen_decimal) {
      if (seen_thousands && digits_since_sep != 3) return CellStatus::Bad;
      seen_decimal = true;
      buf[n++] = '.';
      digits_since_sep = 0;
    } else if (c == 'e' || c == 'E') {
      break;
    } else {
      return CellStatus::Bad;
    }
  }
  if (!seen_digit) return CellStatus::Bad;
  if (seen_thousands && !seen_decimal && digits_since_sep != 3) return CellStatus::Bad;
  if (i < s.size()) {  // exponent
    buf[n++] = 'e';
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) buf[n++] = s[i++];
    if (i == s.size()) return CellStatus::Bad;
    for (; i < s.size(); ++i) {
      if (s[i] < '0' || s[i] > '9' || n + 1 >= sizeof buf) return CellStatus::Bad;
      buf[n++] = s[i];
    }
  }
  double v = 0;
  const auto r = fast_float::from_chars(buf, buf + n, v);
  if (r.ec != std::errc() || r.ptr != buf + n || !std::isfinite(v)) return CellStatus::Bad;
  value = v;
  percent = pct;
  return CellStatus::Number;
}

bool valid_utf8(std::string_view s) noexcept {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + static_cast<size_t>(len) > n) return false;
    for (int k = 1; k < len; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

std::string quote_cell(std::string_view s) {
  std::string out = "'";
  size_t shown = 0;
  const bool utf8 = valid_utf8(s);
  for (unsigned char c : s) {
    if (shown++ >= 40 && (c & 0xC0) != 0x80) {
      out += "...";
      break;
    }
    if ((c >= 0x20 && c < 0x7f && c != '\'') || (utf8 && c >= 0x80)) {
      out += static_cast<char>(c);
    } else {
      char b[8];
      std::snprintf(b, sizeof b, "\\x%02X", c);
      out += b;
    }
  }
  if (s.empty()) return "an empty cell";
  return out + "'";
}

}  // namespace riskdial::detail
