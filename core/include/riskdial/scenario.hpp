// riskdial/scenario.hpp — the versioned JSON scenario document (docs/scenario.md): parsing, validation and
// running every strategy of a scenario side by side against the same benchmark.
//
// parse_scenario() checks structure, types, enums and ranges without data; every error is
// ErrorCode::InvalidScenario with `source` = the field path (e.g. "strategies[1].tf_fusion") and a message
// naming the allowed values. run_scenario() resolves column names against the data (UnknownColumn errors
// name the field) and runs the engine. Strategy types: "static", "trend", "faber", "tsmom", "gem",
// "inverse_vol", "risk_target" (Direct Risk Targeting, risk_targeting.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "riskdial/backtest.hpp"
#include "riskdial/error.hpp"
#include "riskdial/metrics.hpp"
#include "riskdial/panel.hpp"
#include "riskdial/risk_targeting.hpp"
#include "riskdial/signals.hpp"
#include "riskdial/strategies.hpp"

namespace riskdial {

inline constexpr int kScenarioVersion = 1;

struct BenchmarkConfig {
  std::string name;
  std::vector<std::pair<std::string, double>> weights;  ///< column name (or "CASH") → weight
  BenchmarkRebalance rebalance = BenchmarkRebalance::MonthEnd;
};

struct SleeveConfig {
  std::string name;
  std::vector<std::string> assets;
  std::string benchmark;
  std::string fallback;  ///< column name or "CASH"
  double weight = 1.0;
};

struct VolTargetConfig {
  double target = 0.10;
  int lookback = 63;
  double max_exposure = 1.0;
  double ewma_lambda = kNaN;  ///< "vt_estimator": "ewma" (λ = vt_ewma_lambda, default 0.94); NaN = sample
};

/// A risk_target strategy entry with column names not yet resolved (docs/scenario.md "risk_target").
struct RiskTargetConfig {
  std::string preset;                                               ///< "" or a §3.12 preset name
  std::vector<std::string> assets;                                  ///< the universe
  std::vector<std::pair<std::string, double>> market_risk_series;   ///< empty = the strategy's benchmark
  std::optional<int> mr_lookback, cov_lookback;                     ///< unset: 126 / 252 daily, 12 / 36 monthly
  std::optional<double> mr_ewma_lambda;                             ///< unset: 0.94 daily, 0.97 monthly
  std::map<std::string, std::pair<double, double>> bounds;          ///< per-asset [min, max]
  struct Group {
    std::string name;
    std::vector<std::string> members;
    double min = 0.0, max = 1.0;
  };
  std::vector<Group> groups;
  RiskTargetParams params;  ///< everything else (indices filled when resolved against the data)
};

/// One strategy entry, validated (names not yet resolved against data).
struct StrategyConfig {
  std::string path;       ///< "strategies[i]" — prefix of error sources
  std::string name;
  std::string type;       ///< static | trend | faber | tsmom | gem | inverse_vol | risk_target
  std::optional<Schedule> schedule;
  std::optional<int> execution_lag;
  double turnover_threshold = 0.0;
  std::optional<VolTargetConfig> vol_target;
  std::optional<BenchmarkConfig> benchmark;  ///< per-strategy override of the scenario benchmark
  // static
  std::vector<std::pair<std::string, double>> static_weights;
  // trend
  std::vector<SleeveConfig> sleeves;
  TrendParams trend;
  SleeveRebalance sleeve_rebalance = SleeveRebalance::WithDecisions;  ///< "sleeve_rebalance" (§6.5)
  // faber / tsmom / inverse_vol
  std::vector<std::string> universe;
  int faber_sma_months = 10;
  TsmomParams tsmom;
  int iv_lookback = 63;
  // gem
  std::string gem_us = "SPY", gem_intl = "VEU", gem_bonds = "AGG";
  int gem_lookback_months = 12;
  GemFilter gem_filter = GemFilter::UsEquity;
  // risk_target
  RiskTargetConfig risk_target;
};

struct Scenario {
  int version = kScenarioVersion;
  MarketDataOptions data;
  std::string frequency = "daily";
  std::string data_kind = "auto";            ///< "auto", "prices", "returns" (CSV import hint)
  std::optional<BenchmarkConfig> benchmark;  ///< absent: 60/40 SPY/AGG when both exist, else CASH
  double initial_nav = 1.0;
  double fee_ann = 0.0055;
  FeeMethod fee_method = FeeMethod::SubtractMonthly;
  double tc_default_bps = 0.0;
  std::map<std::string, double> tc_bps;  ///< per column overrides
  std::vector<std::string> data_files;   ///< optional "data.files" (paths relative to the scenario file)
  std::vector<StrategyConfig> strategies;
  /// "metrics" block (docs/scenario.md): year_basis, var_horizon_periods, trailing_display,
  /// inception_anchor; rf_annual is taken from data.rf.rf_ann.
  MetricsOptions metrics;
  nlohmann::json document;               ///< the parsed document, echoed in the result manifest
};

/// Parse and validate a scenario document (JSON text). Never throws.
Result<Scenario> parse_scenario(const std::string& text);

/// All results of a scenario run.
struct ScenarioResult {
  std::vector<BacktestResult> strategies;
  std::string benchmark_name;
  nlohmann::json manifest;
};

/// Run every strategy of `scenario` on `prices` (a price panel from import_files or built in memory).
Result<ScenarioResult> run_scenario(const Scenario& scenario, const Panel& prices);

/// The result document: {"version", "engine", "benchmark", "strategies": [...], "manifest"}.
std::string scenario_result_to_json(const ScenarioResult& result, int indent = -1);

}  // namespace riskdial
