#include <catch2/catch.hpp>
#include <cstdio>

#include "riskdial/date.hpp"

using namespace riskdial;

TEST_CASE("civil dates round-trip and known anchors", "[date]") {
  CHECK(date_from_ymd(1970, 1, 1) == 0);
  CHECK(date_from_ymd(2000, 3, 1) == 11017);
  CHECK(format_iso(date_from_ymd(2024, 2, 29)) == "2024-02-29");
  CHECK(iso_weekday(date_from_ymd(2024, 1, 1)) == 1);  // a Monday
  CHECK(iso_weekday(date_from_ymd(1970, 1, 5)) == 1);
  CHECK(iso_weekday(date_from_ymd(2026, 11, 21)) == 6);  // a Saturday
  for (Date d = -1000; d < 30000; d += 7) {
    const Ymd v = ymd_from_date(d);
    REQUIRE(date_from_ymd(v.year, v.month, v.day) == d);
  }
}

TEST_CASE("format_iso writes zero-padded YYYY-MM-DD", "[date]") {
  CHECK(format_iso(0) == "1970-01-01");
  CHECK(format_iso(date_from_ymd(999, 1, 5)) == "0999-01-05");
  CHECK(format_iso(date_from_ymd(9999, 12, 31)) == "9999-12-31");
  CHECK(format_iso(date_from_ymd(2026, 11, 21)) == "2026-11-21");
  char buf[24];
  for (Date d = -30000; d < 60000; d += 13) {  // 1887..2134, against printf and back through parse_iso
    const Ymd v = ymd_from_date(d);
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.year, v.month, v.day);
    REQUIRE(format_iso(d) == buf);
    REQUIRE(parse_iso(format_iso(d)).value() == d);
  }
}

TEST_CASE("parse_iso is strict", "[date]") {
  CHECK(parse_iso("2024-01-31").value() == date_from_ymd(2024, 1, 31));
  CHECK_FALSE(parse_iso("2023-02-29").has_value());
  CHECK_FALSE(parse_iso("2024-1-31").has_value());
  CHECK_FALSE(parse_iso("2024-13-01").has_value());
}

TEST_CASE("add_months clips to the month's length", "[date]") {
  CHECK(format_iso(add_months(date_from_ymd(2024, 2, 29), -12)) == "2023-02-28");
  CHECK(format_iso(add_months(date_from_ymd(2024, 1, 31), 1)) == "2024-02-29");
  CHECK(format_iso(add_months(date_from_ymd(2024, 12, 15), 1)) == "2025-01-15");
}
