// Out-of-sample guarantee (spec §5.4): perturbing every observation after a decision date leaves that
// decision (and all earlier ones) bit-identical — for static mixes, the vol-target overlay, TrendFolios
// sleeves, the Moderate portfolio and the classic presets.
#include <catch2/catch.hpp>

#include <cstring>
#include <functional>
#include <random>

#include "backtest_fixtures.hpp"
#include "riskdial/backtest.hpp"
#include "riskdial/signals.hpp"

using namespace riskdial;
using namespace riskdial::testing;

namespace {

using Factory = std::function<std::unique_ptr<Strategy>(const MarketData&)>;

/// Run, then for several decisions d perturb every price after d (scale by a random factor and punch
/// holes) and re-run: all decisions dated ≤ d must be bit-identical (weights and audit).
void check_out_of_sample(const Panel& p, const Factory& make, int lag_checks = 5) {
  const MarketData md = market(p);
  BenchmarkSpec b;
  b.columns = {0};
  b.weights = {1.0};
  EngineOptions o;
  auto s = make(md);
  auto base = run_backtest(md, *s, b, o);
  REQUIRE(base.ok());
  const auto& decs = base->decisions;
  REQUIRE(decs.size() >= 3);
  std::mt19937_64 rng(99);
  for (int k = 0; k < lag_checks; ++k) {
    const size_t pick = (decs.size() - 1) * static_cast<size_t>(k + 1) / static_cast<size_t>(lag_checks + 1);
    const Index d = decs[pick].row;
    Panel q = p;
    std::uniform_real_distribution<double> u(0.5, 1.5);
    for (Index r = d + 1; r < q.rows(); ++r)
      for (Index c = 0; c < q.cols(); ++c) {
        if (std::isnan(q.values(r, c))) continue;
        q.values(r, c) *= u(rng);
        if (r % 37 == 5 && r + 1 < q.rows()) q.values(r, c) = kNaN;
      }
    const MarketData mq = market(q);
    auto s2 = make(mq);
    auto alt = run_backtest(mq, *s2, b, o);
    REQUIRE(alt.ok());
    for (size_t i = 0; i <= pick; ++i) {
      INFO("decision " << i << " on " << format_iso(decs[i].date) << ", perturbed after "
                       << format_iso(decs[pick].date));
      REQUIRE(i < alt->decisions.size());
      CHECK(alt->decisions[i].date == decs[i].date);
      CHECK(alt->decisions[i].target.size() == decs[i].target.size());
      bool same = true;
      for (Index j = 0; j < decs[i].target.size(); ++j)
        if (std::memcmp(&alt->decisions[i].target(j), &decs[i].target(j), sizeof(double)) != 0) same = false;
      CHECK(same);
      CHECK(alt->decisions[i].full_audit().dump() == decs[i].full_audit().dump());
    }
  }
}

}  // namespace

TEST_CASE("out-of-sample: static mix and vol-target overlay", "[backtest][oos]") {
  const auto dates = business_days(date_from_ymd(2018, 1, 1), 600);
  const Panel p = random_prices(dates, {"A", "B", "C"}, 42);
  check_out_of_sample(p, [](const MarketData&) {
    return std::make_unique<StaticMixStrategy>(weights({0.5, 0.3, 0.2, 0.0}));
  });
  check_out_of_sample(p, [](const MarketData&) {
    return std::make_unique<VolTargetOverlay>(
        std::make_unique<StaticMixStrategy>(weights({0.5, 0.3, 0.2, 0.0})), 0.08, 63, 1.0);
  });
}


TEST_CASE("out-of-sample: TrendFolios Moderate, literal and calendar options", "[backtest][oos][signals]") {
  const auto dates = business_days(date_from_ymd(2012, 1, 2), 800);
  Panel p = random_prices(dates, {"SPX", "AGG", "E1", "E2", "E3", "F1", "F2", "L1", "L2"}, 31, 0.0002, 0.008);
  for (Index r = 0; r < 300; ++r) p.values(r, 4) = kNaN;  // a late starter
  const std::vector<SleeveSpec> sleeves{
      {"EQ", {2, 3, 4}, 0, 0, 0.6}, {"FI", {5, 6}, 1, 1, 0.3}, {"ALT", {7, 8}, 1, -1, 0.1}};
  check_out_of_sample(p, [&](const MarketData&) {
    return std::make_unique<TrendStrategy>(sleeves, TrendParams{});
  });
  TrendParams lit;
  lit.spread_mode = TfSpreadMode::Literal;
  lit.vol_method = TfVolMethod::LiteralEq5;
  lit.trend_vol_coef = 1.0;
  lit.fusion = TfFusion::TwoStage;
  lit.max_weight = 0.4;
  check_out_of_sample(p, [&](const MarketData&) { return std::make_unique<TrendStrategy>(sleeves, lit); });
  TrendParams cal;
  cal.anchor = TfAnchor::Calendar;
  cal.trend_vol_coef = 0.5;
  cal.execution_lag = 0;
  check_out_of_sample(p, [&](const MarketData&) { return std::make_unique<TrendStrategy>(sleeves, cal); });
}
