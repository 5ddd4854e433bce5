#include <catch2/catch.hpp>

#include "riskdial/transform.hpp"

using namespace riskdial;
using Catch::Matchers::WithinAbs;

namespace {
Panel make(std::vector<Date> dates, std::vector<double> col) {
  Panel p;
  p.dates = std::move(dates);
  p.names = {"A"};
  p.values = Eigen::Map<Mat>(col.data(), static_cast<Index>(col.size()), 1);
  return p;
}
}  // namespace

TEST_CASE("forward_fill fills short interior gaps only", "[transform]") {
  // gap of 2 (filled), gap of 3 with limit 2 (not filled), trailing gap (never filled)
  Panel p = make({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {1, kNaN, kNaN, 2, kNaN, kNaN, kNaN, 3, kNaN, kNaN});
  const auto filled = forward_fill(p, 2);
  CHECK(filled[0] == 2);
  CHECK(p.values(1, 0) == 1.0);
  CHECK(p.values(2, 0) == 1.0);
  CHECK(std::isnan(p.values(4, 0)));
  CHECK(std::isnan(p.values(6, 0)));
  CHECK(std::isnan(p.values(9, 0)));
}

TEST_CASE("prices_to_returns and monthly resampling", "[transform]") {
  const Date jan30 = date_from_ymd(2024, 1, 30), jan31 = date_from_ymd(2024, 1, 31);
  const Date feb28 = date_from_ymd(2024, 2, 28), feb29 = date_from_ymd(2024, 2, 29);
  const Date mar01 = date_from_ymd(2024, 3, 1);
  Panel p = make({jan30, jan31, feb28, feb29, mar01}, {100, 101, 99, 110, 121});
  Panel r = prices_to_returns(p);
  CHECK(std::isnan(r.values(0, 0)));
  CHECK_THAT(r.values(1, 0), WithinAbs(0.01, 1e-15));
  CHECK_THAT(r.values(3, 0), WithinAbs(110.0 / 99.0 - 1.0, 1e-15));

  Panel m = resample_prices(p, Frequency::Monthly);
  REQUIRE(m.rows() == 3);
  CHECK(m.dates[0] == jan31);
  CHECK(m.dates[1] == feb29);
  CHECK(m.values(1, 0) == 110.0);
  CHECK(m.values(2, 0) == 121.0);

  Panel rm = resample_returns(r, Frequency::Monthly);
  REQUIRE(rm.rows() == 3);
  CHECK_THAT(rm.values(1, 0), WithinAbs(110.0 / 101.0 - 1.0, 1e-14));  // Feb: 101 → 110
  CHECK_THAT(rm.values(2, 0), WithinAbs(0.1, 1e-14));

  Panel w = returns_to_wealth(rm);
  CHECK_THAT(w.values(2, 0), WithinAbs(1.01 * 110.0 / 101.0 * 1.1, 1e-14));
}

TEST_CASE("period keys: ISO weeks start on Monday", "[transform]") {
  const Date sun = date_from_ymd(2024, 1, 7), mon = date_from_ymd(2024, 1, 8);
  CHECK(period_key(mon, Frequency::Weekly) == period_key(sun, Frequency::Weekly) + 1);
  CHECK(period_key(date_from_ymd(1970, 1, 5), Frequency::Weekly) == 0);
  CHECK(period_key(date_from_ymd(2024, 3, 31), Frequency::Quarterly) ==
        period_key(date_from_ymd(2024, 1, 1), Frequency::Quarterly));
}
