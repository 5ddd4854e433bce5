#include <catch2/catch.hpp>
#include <cmath>

#include "riskdial/risk_target.hpp"

using namespace riskdial;
using Catch::Matchers::WithinRel;
using Catch::Matchers::WithinAbs;

TEST_CASE("market volatility: sample and EWMA by hand", "[risk_target]") {
  Vec w(4);
  w << 0.01, -0.01, 0.02, 0.0;
  // mean 0.005; squared deviations sum 5e-4; /3 · 252 = 0.042
  CHECK_THAT(market_volatility_sample(w, 252), WithinRel(std::sqrt(0.042), 1e-14));
  Vec e(2);
  e << 0.03, 0.01;  // newest last: ω0 = 2/3 on 0.01, ω1 = 1/3 on 0.03 (λ = 0.5, L = 2)
  CHECK_THAT(market_volatility_ewma(e, 0.5, 12), WithinRel(std::sqrt(12 * (2.0 / 3 * 1e-4 + 1.0 / 3 * 9e-4)), 1e-14));
  Vec one(1);
  one << 0.01;
  CHECK(std::isnan(market_volatility_sample(one, 252)));
  Vec withnan(3);
  withnan << 0.01, kNaN, 0.0;
  CHECK(std::isnan(market_volatility_sample(withnan, 252)));
}

TEST_CASE("EWMA with λ → 1 approaches the zero-mean RMS", "[risk_target]") {
  Vec w(3);
  w << 0.01, -0.02, 0.03;
  const double rms = std::sqrt(252 * (1e-4 + 4e-4 + 9e-4) / 3);
  CHECK_THAT(market_volatility_ewma(w, 0.999999, 252), WithinRel(rms, 1e-5));
}

TEST_CASE("target rules", "[risk_target]") {
  TargetRuleParams p;
  CHECK(target_volatility(p, 0.05, kNaN, kNaN) == 0.05);
  p.rule = TargetRule::RiskScaling;
  CHECK_THAT(target_volatility(p, 0.05, kNaN, kNaN), WithinRel(0.075, 1e-15));
  p.rule = TargetRule::DynamicBeta;
  CHECK(std::isnan(target_volatility(p, 0.05, kNaN, kNaN)));

  p.rule = TargetRule::Suitability;  // identity curve, floor and cap
  CHECK(target_volatility(p, 0.001, kNaN, kNaN) == 0.005);
  CHECK(target_volatility(p, 0.8, kNaN, kNaN) == 0.5);
  CHECK_THAT(target_volatility(p, 0.07, kNaN, kNaN), WithinRel(0.07, 1e-15));

  // the spec's example de-risking curve, relative mode: x = 0.06 / 0.03 = 2 → multiplier 0.775
  p.suitability.input = SuitabilityInput::Relative;
  p.suitability.knots = {{0, 1.0}, {1.0, 1.0}, {1.5, 0.85}, {2.5, 0.7}};
  CHECK_THAT(target_volatility(p, 0.06, kNaN, 0.03), WithinRel(0.06 * 0.775, 1e-14));
  p.suitability.smoothing = 0.5;  // σ* = 0.5·0.05 + 0.5·0.0465
  CHECK_THAT(target_volatility(p, 0.06, 0.05, 0.03), WithinRel(0.04825, 1e-14));
}

TEST_CASE("piecewise linear curve is flat outside its knots", "[risk_target]") {
  const std::vector<std::pair<double, double>> k{{0, 1.0}, {1.0, 1.0}, {1.5, 0.85}, {2.5, 0.7}};
  CHECK(piecewise_linear(k, -1) == 1.0);
  CHECK(piecewise_linear(k, 9) == 0.7);
  CHECK_THAT(piecewise_linear(k, 1.25), WithinAbs(0.925, 1e-15));
  CHECK_THAT(piecewise_linear(k, 2.0), WithinAbs(0.775, 1e-15));
}

TEST_CASE("suitability validation names the field", "[risk_target]") {
  SuitabilityCurve c;
  CHECK_FALSE(validate_suitability(c).has_value());
  c.knots = {{0, 0}, {1, 1}, {1, 2}};
  auto e = validate_suitability(c);
  REQUIRE(e.has_value());
  CHECK(e->source == "suitability.knots[2].x");
  c = SuitabilityCurve{};
  c.floor = 0.6;
  REQUIRE(validate_suitability(c).has_value());
  CHECK(validate_suitability(c)->source == "suitability.floor");
  CHECK(std::string(target_rule_name(TargetRule::DynamicBeta)) == "dynamic_beta");
}

TEST_CASE("trailing median", "[risk_target]") {
  CHECK(trailing_median({5, 1, 3}, 120) == 3);
  CHECK(trailing_median({100, 1, 2, 3, 4}, 4) == 2.5);
  CHECK(trailing_median({kNaN, 2}, 5) == 2);
  CHECK(std::isnan(trailing_median({}, 5)));
}

TEST_CASE("volatility and return triggers with a minimum gap", "[risk_target]") {
  TriggerParams p;
  // vol 0.10 → 0.13 (+30 %) fires; return threshold 2·0.10·√(21/252) = 0.0577 not reached by 5 %
  CHECK(evaluate_triggers(p, 0.13, 0.10, 1.05, 21, 1000, 252) == TriggerCause::Volatility);
  CHECK(evaluate_triggers(p, 0.13, 0.10, 0.94, 21, 1000, 252) == TriggerCause::VolatilityAndReturn);
  CHECK(evaluate_triggers(p, 0.11, 0.10, 0.94, 21, 1000, 252) == TriggerCause::Return);
  CHECK(evaluate_triggers(p, 0.11, 0.10, 1.05, 21, 1000, 252) == TriggerCause::None);
  CHECK(evaluate_triggers(p, 0.13, 0.10, 0.94, 21, 3, 252) == TriggerCause::None);  // gap of 5
  CHECK(evaluate_triggers(p, 0.13, 0.10, 0.94, 21, 5, 252) == TriggerCause::VolatilityAndReturn);
  p.enabled = false;
  CHECK(evaluate_triggers(p, 0.20, 0.10, 0.5, 21, 1000, 252) == TriggerCause::None);
}
