// Scenario document: parsing, validation errors that name the field and the allowed values, running
// several strategies side by side, and agreement of a scenario static mix with a direct engine run.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "backtest_fixtures.hpp"
#include "riskdial/scenario.hpp"

using namespace riskdial;
using namespace riskdial::testing;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(RISKDIAL_FIXTURES) + "/scenarios/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Error parse_error(const std::string& text) {
  auto r = parse_scenario(text);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

Panel universe_panel(int n = 800) {
  const std::vector<std::string> names{"SPY", "AGG", "IWD", "IWF", "IWN", "IWO", "EFA", "SCZ", "EEM", "TIP",
                                       "SHY", "TLT", "LQD", "HYG", "BWX", "EMB", "BIZD", "BKLN", "RWR",
                                       "USO", "DBA", "DBB", "GLD", "IEF", "VNQ", "GSG", "VEU", "BIL"};
  const auto dates = business_days(date_from_ymd(2010, 1, 4), n);
  Panel p = random_prices(dates, names, 4, 0.0002, 0.006);
  return p;
}

}  // namespace

TEST_CASE("example scenarios parse", "[scenario]") {
  for (const char* f : {"moderate.json", "trend_custom.json", "presets.json"}) {
    INFO(f);
    auto r = parse_scenario(fixture(f));
    if (!r.ok()) FAIL(r.error().to_string());
  }
  auto p = parse_scenario(fixture("presets.json"));
  REQUIRE(p.ok());
  CHECK(p->strategies.size() == 6);
  CHECK(p->strategies[5].vol_target.has_value());
  CHECK(p->strategies[0].universe == std::vector<std::string>{"SPY", "EFA", "IEF", "VNQ", "GSG"});
  auto t = parse_scenario(fixture("trend_custom.json"));
  REQUIRE(t.ok());
  CHECK(t->strategies[0].trend.fusion == TfFusion::TwoStage);
  CHECK(t->strategies[0].trend.max_weight == 0.5);
  CHECK(t->tc_default_bps == 5.0);
  CHECK(t->tc_bps.at("EEM") == 10.0);
}

TEST_CASE("risk_target fields are validated with the field path", "[scenario]") {
  Error e = parse_error(fixture("risk_target_bad_field.json"));
  CHECK(e.code == ErrorCode::InvalidScenario);
  CHECK(e.source == "strategy.rule");
  CHECK(e.message.find("unknown field") != std::string::npos);
  e = parse_error(R"({"version": 1, "strategy": {"type": "risk_target", "assets": ["A", "B"],
                      "target_rule": "dynamic"}})");
  CHECK(e.source == "strategy.target_rule");
  CHECK(e.message.find("dynamic_risk, risk_scaling, dynamic_beta, suitability") != std::string::npos);
  e = parse_error(R"({"version": 1, "strategy": {"type": "risk_target", "assets": ["A", "B"],
                      "suitability_knots": [[0, 0], [0, 1]]}})");
  CHECK(e.source == "strategy.suitability_knots[1].x");
  e = parse_error(R"({"version": 1, "strategy": {"type": "risk_target", "preset": "bold", "assets": ["A", "B"]}})");
  CHECK(e.source == "strategy.preset");
  e = parse_error(R"({"version": 1, "strategy": {"type": "risk_target"}})");
  CHECK(e.source == "strategy.assets");
  e = parse_error(R"({"version": 1, "strategy": {"type": "risk_target", "assets": ["A", "B"],
                      "frontier_at": "2020-13-01"}})");
  CHECK(e.source == "strategy.frontier_at");
  e = parse_error(R"({"version": 1, "strategy": {"type": "risk_target", "assets": ["A", "B"],
                      "frontier_at": "2020-12-31", "frontier_points": 1}})");
  CHECK(e.source == "strategy.frontier_points");
  e = parse_error(R"({"version": 1, "strategy": {"type": "faber", "universe": ["A"],
                      "vol_target": {"vt_estimator": "garch"}}})");
  CHECK(e.source == "strategy.vol_target.vt_estimator");
  CHECK(e.message.find("sample, ewma") != std::string::npos);
}

TEST_CASE("validation errors name the field and the allowed values", "[scenario]") {
  Error e = parse_error(R"({"version": 2, "strategies": []})");
  CHECK(e.source == "version");
  CHECK(e.message == "expected 1, got 2");
  e = parse_error(R"({"version": 1, "strategies": [{"type": "trend", "tf_fusion": "vote"}]})");
  CHECK(e.source == "strategies[0].tf_fusion");
  CHECK(e.message == "expected one of pooled_majority, two_stage, got \"vote\"");
  e = parse_error(R"({"version": 1, "strategies": [{"type": "magic"}]})");
  CHECK(e.source == "strategies[0].type");
  CHECK(e.message.find("static, trend, faber, tsmom, gem, inverse_vol, risk_target") != std::string::npos);
  e = parse_error(R"({"version": 1, "strategies": [{"type": "static", "weights": {"A": 0.5, "B": 0.4}}]})");
  CHECK(e.source == "strategies[0].weights");
  CHECK(e.message.find("summing to 1") != std::string::npos);
  e = parse_error(R"({"version": 1, "strategies": [{"type": "faber", "faber_sma_months": 30}]})");
  CHECK(e.source == "strategies[0].faber_sma_months");
  CHECK(e.message == "expected an integer in 2..24, got 30");
  e = parse_error(R"({"version": 1, "strategies": [{"type": "tsmom", "tsmom_lookback": 12}]})");
  CHECK(e.source == "strategies[0].tsmom_lookback");
  CHECK(e.message.find("unknown field") != std::string::npos);
  e = parse_error(R"({"version": 1, "costs": {"fee_method": "daily"}, "strategies": [{"type": "gem"}]})");
  CHECK(e.source == "costs.fee_method");
  CHECK(e.message.find("subtract_monthly, multiply_nav, geometric") != std::string::npos);
  e = parse_error(R"({"version": 1, "strategies": [{"type": "trend", "tf_frequencies": [1, 5, 600]}]})");
  CHECK(e.source == "strategies[0].tf_frequencies");
  e = parse_error(R"({"version": 1, "strategies": [{"type": "trend", "tf_min_history": 100}]})");
  CHECK(e.source == "strategies[0].tf_min_history");
  e = parse_error(R"({"version": 1, "strategies": [{"type": "gem"}, {"type": "gem"}]})");
  CHECK(e.source == "strategies[1].name");
  e = parse_error("{not json");
  CHECK(e.code == ErrorCode::InvalidScenario);
  e = parse_error(R"({"version": 1, "strategies": [{"type": "static", "weights": {"A": 1},
                     "schedule": {"type": "fortnightly"}}]})");
  CHECK(e.source == "strategies[0].schedule.type");
}

TEST_CASE("unknown columns are reported with the field path", "[scenario]") {
  auto sc = parse_scenario(R"({"version": 1, "strategies": [{"type": "inverse_vol", "assets": ["SPY", "XYZ"]}]})");
  REQUIRE(sc.ok());
  auto r = run_scenario(*sc, universe_panel(300));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::UnknownColumn);
  CHECK(r.error().source == "strategies[0].assets[1]");
}

TEST_CASE("scenario runs strategies side by side; static mix equals a direct run", "[scenario]") {
  const Panel p = universe_panel(800);
  auto sc = parse_scenario(fixture("moderate.json"));
  REQUIRE(sc.ok());
  auto r = run_scenario(*sc, p);
  if (!r.ok()) FAIL(r.error().to_string());
  REQUIRE(r->strategies.size() == 2);
  CHECK(r->strategies[0].type == "trend");
  CHECK(r->benchmark_name == "60/40");
  // Direct static run.
  const MarketData md = market(p);
  Vec w = Vec::Zero(p.cols() + 1);
  w(0) = 0.6;
  w(1) = 0.4;
  StaticMixStrategy s(w);
  BenchmarkSpec b;
  b.columns = {0, 1};
  b.weights = {0.6, 0.4};
  auto d = run_backtest(md, s, b, EngineOptions{});
  REQUIRE(d.ok());
  const auto& x = r->strategies[1];
  REQUIRE(x.nav_net.size() == d->nav_net.size());
  CHECK((x.nav_net - d->nav_net).cwiseAbs().maxCoeff() < 1e-14);
  CHECK((x.nav_benchmark - d->nav_benchmark).cwiseAbs().maxCoeff() < 1e-14);
  // The JSON document carries the hook and the vote matrix.
  const auto j = nlohmann::json::parse(scenario_result_to_json(*r));
  // Metric tables (metrics.hpp) are attached: monthly net cumulative return = Π(1 + r_net) − 1.
  const auto& mm = j["strategies"][1]["metrics"]["monthly"]["net"];
  REQUIRE(mm.is_object());
  CHECK(mm["n_periods"].get<int>() == static_cast<int>(x.monthly.size()));
  double cum = 1.0;
  for (const auto& m : x.monthly) cum *= 1.0 + m.net;
  CHECK(mm["metrics"]["return_cumulative"].get<double>() == Approx(cum - 1.0).epsilon(1e-12));
  CHECK(j["strategies"][0]["metrics"]["daily_net"]["periods_per_year"].get<int>() == 252);
  CHECK(j["strategies"][1]["metrics"]["monthly"]["fact_sheet"]["rows"].size() == 4);
  CHECK(j["strategies"][1]["metrics"]["monthly"]["annualized_table"]["rows"].size() == 8);
  CHECK(j["strategies"][0]["decisions"][0]["audit"]["sleeves"].size() == 3);
  CHECK(j["strategies"][0]["decisions"][0]["audit"]["sleeves"][0]["assets"][0].contains("momentum"));
}

TEST_CASE("presets scenario runs end to end", "[scenario]") {
  const Panel p = universe_panel(700);
  auto sc = parse_scenario(fixture("presets.json"));
  REQUIRE(sc.ok());
  auto r = run_scenario(*sc, p);
  if (!r.ok()) FAIL(r.error().to_string());
  REQUIRE(r->strategies.size() == 6);
  for (const auto& s : r->strategies) {
    INFO(s.name);
    CHECK(s.max_weight_sum_error < 1e-12);
    CHECK(s.decisions.size() > 5);
  }
  CHECK(r->strategies[5].type == "faber+vol_target");
}

TEST_CASE("scenario metrics block reaches the monthly and daily reports", "[scenario][metrics]") {
  const Panel p = universe_panel(800);
  const std::string head = R"({"version": 1, "benchmark": {"weights": {"SPY": 0.6, "AGG": 0.4}},
    "strategy": {"type": "static", "weights": {"SPY": 0.6, "AGG": 0.4}}, "metrics": )";
  auto run_with = [&](const std::string& block) {
    auto sc = parse_scenario(head + block + "}");
    REQUIRE(sc.ok());
    return run_scenario(*sc, p);
  };
  auto r = run_with(R"({"year_basis": "calendar", "trailing_display": "cumulative", "var_horizon_periods": 5})");
  if (!r.ok()) FAIL(r.error().to_string());
  const auto& x = r->strategies[0];
  const auto j = nlohmann::json::parse(scenario_result_to_json(*r));
  const auto& m = j["strategies"][0]["metrics"];
  // Calendar years from the first NAV date (the engine's first date) to the last month-end / last day.
  const double y_monthly = (x.monthly.back().date - x.dates.front()) / 365.25;
  CHECK(m["monthly"]["net"]["year_basis"] == "calendar");
  CHECK(m["monthly"]["net"]["metrics"]["years"].get<double>() == Approx(y_monthly).epsilon(1e-14));
  double w = 1.0;
  for (const auto& row : x.monthly) w *= 1.0 + row.net;
  CHECK(m["monthly"]["net"]["metrics"]["return_annualized"].get<double>() ==
        Approx(std::pow(w, 1.0 / y_monthly) - 1.0).epsilon(1e-12));
  const double y_daily = (x.dates.back() - x.dates.front()) / 365.25;
  CHECK(m["daily_net"]["metrics"]["years"].get<double>() == Approx(y_daily).epsilon(1e-14));
  CHECK(m["daily_net"]["var_horizon_periods"] == 5);
  // trailing_display = cumulative: the embedded reports drop the annualized trailing returns, the fixed
  // fact sheet and annualized table keep their values.
  CHECK_FALSE(m["monthly"]["net"]["metrics"].contains("return_annualized_1y"));
  CHECK(m["monthly"]["net"]["metrics"]["return_cumulative_1y"].is_number());
  CHECK(m["monthly"]["fact_sheet"]["rows"][1]["values"]["return_cumulative_1y"].is_number());
  CHECK(m["monthly"]["annualized_table"]["rows"][1]["values"]["1y"].is_number());

  // inception_anchor: since-inception keys of the monthly report start after it.
  const Date anchor = x.monthly[5].date;
  auto ra = run_with(R"({"inception_anchor": ")" + format_iso(anchor) + R"("})");
  if (!ra.ok()) FAIL(ra.error().to_string());
  const auto ja = nlohmann::json::parse(scenario_result_to_json(*ra));
  const auto& mn = ja["strategies"][0]["metrics"]["monthly"]["net"];
  CHECK(mn["inception_date"] == format_iso(anchor));
  double wa = 1.0;
  for (size_t i = 6; i < x.monthly.size(); ++i) wa *= 1.0 + x.monthly[i].net;
  CHECK(mn["metrics"]["return_cumulative"].get<double>() == Approx(wa - 1.0).epsilon(1e-12));
  CHECK(mn["metrics"]["n_periods"].get<double>() == static_cast<double>(x.monthly.size() - 6));
  // Outside the data: an error naming the field.
  auto bad = run_with(R"({"inception_anchor": "2001-01-01"})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().source == "metrics.inception_anchor");
}
