// riskdial/date.hpp — calendar dates as days since 1970-01-01 (proleptic Gregorian), no time zone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace riskdial {

/// Days since 1970-01-01. Times of day are dropped on import.
using Date = std::int32_t;

struct Ymd {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
};

/// Date from year/month/day (no validation; see is_valid_ymd).
Date date_from_ymd(int year, int month, int day) noexcept;
/// Year/month/day of a date.
Ymd ymd_from_date(Date d) noexcept;
bool is_leap_year(int year) noexcept;
int days_in_month(int year, int month) noexcept;
bool is_valid_ymd(int year, int month, int day) noexcept;
/// ISO weekday: 1 = Monday … 7 = Sunday.
int iso_weekday(Date d) noexcept;
/// "YYYY-MM-DD".
std::string format_iso(Date d);
/// Strict "YYYY-MM-DD" parser; nullopt when malformed or not a real date.
std::optional<Date> parse_iso(std::string_view s) noexcept;
/// Same date k calendar months later/earlier, day clipped to the month's length (29 Feb − 12 m → 28 Feb).
Date add_months(Date d, int months) noexcept;

}  // namespace riskdial
