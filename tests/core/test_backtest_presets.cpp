// Classic presets (spec §4.6): Faber and GEM decisions against month-by-month tables written by hand, TSMOM
// position sizes against the formula, inverse volatility against a direct computation, out-of-sample test.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "backtest_fixtures.hpp"
#include "riskdial/strategies.hpp"

using namespace riskdial;
using namespace riskdial::testing;

namespace {

/// Month-end dates (last calendar day) from Jan 2020, n months.
std::vector<Date> month_ends(int n) {
  std::vector<Date> d;
  for (int k = 0; k < n; ++k) {
    const int y = 2020 + k / 12, mo = 1 + k % 12;
    d.push_back(date_from_ymd(y, mo, days_in_month(y, mo)));
  }
  return d;
}

BenchmarkSpec first_col() {
  BenchmarkSpec b;
  b.columns = {0};
  b.weights = {1.0};
  return b;
}

MarketData monthly(const Panel& p, double rf = 0.0) {
  MarketDataOptions o;
  o.periods_per_year = 12;
  o.rf_ann = rf;
  return market(p, o);
}

}  // namespace

TEST_CASE("Faber 10-month SMA: hand-made month-by-month table", "[presets][faber]") {
  Panel p;
  p.dates = month_ends(14);
  p.names = {"A", "B"};
  // A: 100..109, then 95, 104, 116, 106.  B: starts in month 3, rising.
  const double a[14] = {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 95, 104, 116, 106};
  p.values.resize(14, 2);
  for (int k = 0; k < 14; ++k) {
    p.values(k, 0) = a[k];
    p.values(k, 1) = k < 2 ? kNaN : 50.0 + k;
  }
  const MarketData md = monthly(p);
  FaberStrategy f({0, 1}, 10);
  EngineOptions o;
  o.fee_ann = 0.0;
  auto r = run_backtest(md, f, first_col(), o);
  REQUIRE(r.ok());
  // Month | A: P vs SMA10                 | B eligible/hold | weights A, B, CASH
  // m10   | 109 > 104.5  hold             | no (8 prices)   | 1, 0, 0
  // m11   |  95 < 104.0  cash             | no (9)          | 0, 0, 1
  // m12   | 104 < 104.3  cash             | yes, rising     | 0, .5, .5
  // m13   | 116 > 105.7  hold             | yes             | .5, .5, 0
  // m14   | 106 = 106.0  cash (strict >)  | yes             | 0, .5, .5
  const double exp[5][3] = {{1, 0, 0}, {0, 0, 1}, {0, .5, .5}, {.5, .5, 0}, {0, .5, .5}};
  REQUIRE(r->decisions.size() == 5);
  for (int k = 0; k < 5; ++k) {
    INFO("month " << k + 10);
    CHECK(r->decisions[size_t(k)].date == p.dates[size_t(9 + k)]);
    for (int j = 0; j < 3; ++j) CHECK(r->decisions[size_t(k)].target(j) == exp[k][j]);
  }
  CHECK(r->decisions[1].full_audit()["assets"][0]["sma"].get<double>() == Approx(104.0));
  CHECK(r->decisions[4].full_audit()["assets"][0]["sma"].get<double>() == Approx(106.0));
  // Execution at the decision close (lag 0).
  for (const auto& d : r->decisions) CHECK(d.execution_date == d.date);
}

TEST_CASE("Dual momentum GEM: hand-made month-by-month table", "[presets][gem]") {
  Panel p;
  p.dates = month_ends(17);
  p.names = {"US", "INTL", "BONDS"};
  p.values = Mat::Constant(17, 3, 100.0);
  // R12 at m13..m17 (vs m1..m5 = 100): US .10 .01 .05 .08 .00 ; INTL .05 .20 .05 .10 -.01
  const double us[5] = {110, 101, 105, 108, 100}, in[5] = {105, 120, 105, 110, 99};
  for (int k = 0; k < 5; ++k) {
    p.values(12 + k, 0) = us[k];
    p.values(12 + k, 1) = in[k];
  }
  struct Case {
    double rf;
    GemFilter f;
    const char* hold[5];
  };
  // rf 1.2 %/yr → R12(cash) = 0.012.
  const Case cases[] = {
      // US .10>cash: US beats INTL      | US .01<.012 → bonds | tie → US | INTL wins | US .00 < cash → bonds
      {0.012, GemFilter::UsEquity, {"US", "BONDS", "US", "INTL", "BONDS"}},
      // winner: INTL .20 > cash at m14; m17 winner US .00 < cash → bonds
      {0.012, GemFilter::Winner, {"US", "INTL", "US", "INTL", "BONDS"}},
      // rf 0: m14 US .01 > 0 → INTL wins; m17 US equal to cash (0 = 0) → bonds
      {0.0, GemFilter::UsEquity, {"US", "INTL", "US", "INTL", "BONDS"}},
  };
  for (const auto& c : cases) {
    const MarketData md = monthly(p, c.rf);
    GemStrategy g(0, 1, 2, 12, c.f);
    EngineOptions o;
    auto r = run_backtest(md, g, first_col(), o);
    REQUIRE(r.ok());
    REQUIRE(r->decisions.size() == 5);
    for (int k = 0; k < 5; ++k) {
      INFO("rf " << c.rf << " month " << 13 + k);
      CHECK(r->decisions[size_t(k)].full_audit()["hold"].get<std::string>() == c.hold[k]);
      const Index col = std::string(c.hold[k]) == "US" ? 0 : std::string(c.hold[k]) == "INTL" ? 1 : 2;
      CHECK(r->decisions[size_t(k)].target(col) == 1.0);
    }
  }
}

namespace {

/// Independent TSMOM check on daily data: month-end rows from the dates, X and σ from the formulas.
void check_tsmom(TsmomMode mode) {
  const auto dates = business_days(date_from_ymd(2015, 1, 5), 900);
  const Panel p = random_prices(dates, {"A", "B", "C"}, 77, 0.0001, 0.012);
  MarketDataOptions mo;
  mo.rf_ann = 0.02;
  const MarketData md = market(p, mo);
  TsmomParams tp;
  tp.mode = mode;
  TsmomStrategy s({0, 1, 2}, tp);
  auto r = run_backtest(md, s, first_col(), EngineOptions{});
  REQUIRE(r.ok());
  REQUIRE(r->decisions.size() > 20);
  std::vector<Index> me;
  for (size_t t = 0; t + 1 < dates.size(); ++t)
    if (ymd_from_date(dates[t]).month != ymd_from_date(dates[t + 1]).month) me.push_back(Index(t));
  me.push_back(Index(dates.size()) - 1);
  int longs = 0, flats = 0;
  for (const auto& d : r->decisions) {
    const size_t k = size_t(std::find(me.begin(), me.end(), d.row) - me.begin());
    REQUIRE(k < me.size());
    REQUIRE(k >= 12);
    const Index r0 = me[k - 12], r1 = me[k - 1];
    const double cash = std::pow(std::pow(1.02, 1.0 / 252), double(r1 - r0)) - 1.0;
    for (Index c = 0; c < 3; ++c) {
      const double x = p.values(r1, c) / p.values(r0, c) - 1.0 - cash;
      // σ: δ = 60/61, weights (1−δ)δ^i on r_{d−i}, i = 0..d−1 (all returns since the first price).
      const double delta = 60.0 / 61.0;
      double mean = 0.0, var = 0.0, w = 1.0 - delta;
      for (Index i = 0; i < d.row; ++i, w *= delta) mean += w * md.returns(d.row - i, c);
      w = 1.0 - delta;
      for (Index i = 0; i < d.row; ++i, w *= delta)
        var += w * std::pow(md.returns(d.row - i, c) - mean, 2);
      const double sigma = std::sqrt(261.0 * var);
      double expect = 0.0;
      if (mode == TsmomMode::LongOnly) expect = x > 0 ? 1.0 / 3 : 0.0;
      if (mode == TsmomMode::LongOnlyVolScaled) expect = x > 0 ? std::min(0.10 / sigma, 1.0) / 3 : 0.0;
      if (mode == TsmomMode::LongShortMop) expect = (x > 0 ? 1.0 : -1.0) * (0.40 / sigma) / 3;
      CHECK(d.target(c) == Approx(expect).epsilon(1e-10).margin(1e-15));
      (x > 0 ? longs : flats)++;
    }
    CHECK(std::abs(d.target.sum() - 1.0) < 1e-12);
  }
  CHECK(longs > 0);
  CHECK(flats > 0);
}

}  // namespace

TEST_CASE("TSMOM 12-1 position sizes match the formula", "[presets][tsmom]") {
  SECTION("long_only") { check_tsmom(TsmomMode::LongOnly); }
  SECTION("long_only_vol_scaled") { check_tsmom(TsmomMode::LongOnlyVolScaled); }
  SECTION("long_short_mop") { check_tsmom(TsmomMode::LongShortMop); }
}

TEST_CASE("inverse volatility equals a direct computation", "[presets][inverse_vol]") {
  const auto dates = business_days(date_from_ymd(2019, 1, 7), 300);
  const Panel p = random_prices(dates, {"A", "B", "C"}, 5);
  const MarketData md = market(p);
  InverseVolStrategy s({0, 1, 2}, 63);
  auto r = run_backtest(md, s, first_col(), EngineOptions{});
  REQUIRE(r.ok());
  for (const auto& d : r->decisions) {
    double inv[3], tot = 0.0;
    for (Index c = 0; c < 3; ++c) {
      Vec x = md.returns.block(d.row - 62, c, 63, 1);
      const double sd = std::sqrt((x.array() - x.mean()).square().sum() / 62.0 * 252.0);
      inv[c] = 1.0 / sd;
      tot += inv[c];
    }
    for (Index c = 0; c < 3; ++c) CHECK(d.target(c) == Approx(inv[c] / tot).epsilon(1e-12));
    CHECK(std::abs(d.target.sum() - 1.0) < 1e-12);
  }
}

TEST_CASE("out-of-sample: presets decisions are bit-identical under later perturbations", "[presets][oos]") {
  const auto dates = business_days(date_from_ymd(2014, 1, 6), 900);
  const Panel p = random_prices(dates, {"A", "B", "C", "D"}, 8, 0.0002, 0.01);
  auto check = [&](auto make) {
    const MarketData md = market(p);
    auto s = make();
    auto base = run_backtest(md, *s, first_col(), EngineOptions{});
    REQUIRE(base.ok());
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(0.5, 1.5);
    for (size_t pick : {size_t(14), size_t(25), base->decisions.size() - 2}) {
      REQUIRE(pick < base->decisions.size());
      const Index d = base->decisions[pick].row;
      Panel q = p;
      for (Index r = d + 1; r < q.rows(); ++r)
        for (Index c = 0; c < q.cols(); ++c) q.values(r, c) *= u(rng);
      const MarketData mq = market(q);
      auto s2 = make();
      auto alt = run_backtest(mq, *s2, first_col(), EngineOptions{});
      REQUIRE(alt.ok());
      for (size_t i = 0; i <= pick; ++i) {
        const auto& a = base->decisions[i].target;
        const auto& b = alt->decisions[i].target;
        CHECK(std::memcmp(a.data(), b.data(), sizeof(double) * size_t(a.size())) == 0);
        CHECK(base->decisions[i].full_audit().dump() == alt->decisions[i].full_audit().dump());
      }
    }
  };
  check([] { return std::make_unique<FaberStrategy>(std::vector<Index>{0, 1, 2, 3}, 10); });
  check([] {
    TsmomParams t;
    t.mode = TsmomMode::LongOnlyVolScaled;
    return std::make_unique<TsmomStrategy>(std::vector<Index>{0, 1, 2, 3}, t);
  });
  check([] { return std::make_unique<GemStrategy>(0, 1, 2, 12, GemFilter::Winner); });
  check([] { return std::make_unique<InverseVolStrategy>(std::vector<Index>{0, 1, 2, 3}, 63); });
}
