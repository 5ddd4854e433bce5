// riskdial/risk_targeting.hpp — the Direct Risk Targeting strategy (spec §3.1–3.10, §3.12, §5.6) as a
// backtest Strategy: at every decision, measure the market's risk from a benchmark or a fixed-weight composite,
// turn it into a target (volatility or beta), estimate μ and Σ on the eligible assets from data up to the
// decision close only, and choose long-only weights with the optimizer (efficient_risk or target_beta).
//
// Units: returns are simple per-period decimals; μ, Σ, volatilities and targets are ANNUALIZED with the data's
// periods_per_year P (μ = P·mean, Σ = P·S, σ = √(wᵀΣw)). Weights are fractions of NAV summing to 1.
//
// What is implemented: market risk (sample / EWMA, §3.2) of one series or a composite rebalanced at every
// month-end; target rules dynamic_risk, risk_scaling, dynamic_beta (with optional vol cap) and suitability
// (§3.3); eligibility and the growing universe (§1.4, §5.7); estimators of §3.4/§3.5 (through
// riskdial/estimators.hpp); bounds, groups, cardinality (§3.8) through the optimizer; the §3.7 case rules
// and flags; scheduled decisions plus volatility / return triggers with a minimum gap (§3.9, §5.7); a full
// audit record per decision (§5.6); the four presets of §3.12 (neutral names).
#pragma once

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "riskdial/backtest.hpp"
#include "riskdial/estimators.hpp"
#include "riskdial/optimize.hpp"
#include "riskdial/risk_target.hpp"

namespace riskdial {

enum class MuEstimator { TrailingMean, ShrunkMean, Jorion, Momentum };
enum class CovEstimator { Sample, Ewma, LedoitWolfIdentity, LedoitWolfConstantCorrelation };

const char* mu_estimator_name(MuEstimator m) noexcept;
const char* cov_estimator_name(CovEstimator c) noexcept;

/// The market-risk series (spec §3.2): one column (weight 1) or a fixed-weight composite rebalanced to its
/// weights at every month-end.
struct MarketRiskSpec {
  std::vector<std::pair<Index, double>> components;  ///< (data column, weight); weights sum to 1
  MarketRiskEstimator estimator = MarketRiskEstimator::Sample;
  int lookback = 126;        ///< L_M returns for the sample estimator (12 for monthly data)
  double ewma_lambda = 0.94; ///< RiskMetrics λ (0.97 for monthly data)
  int ewma_window = 252;     ///< L for the EWMA estimator
};

/// Every parameter of the strategy (spec §6.3 names in comments; defaults as in the spec).
struct RiskTargetParams {
  std::vector<Index> universe;          ///< candidate asset columns (user universe ∩ tags)
  MarketRiskSpec market;                ///< market_risk_series, mr_estimator, mr_lookback, mr_ewma_*
  TargetRuleParams target;              ///< target_rule, k_DR, k_RS, beta_target, suitability_*
  double beta_tol = 0.0;                ///< beta_tol
  double beta_vol_cap_mult = kNaN;      ///< beta_vol_cap_mult (× σ_M); NaN = none
  MuEstimator mu = MuEstimator::TrailingMean;   ///< mu_estimator
  int mu_lookback = 0;                  ///< mu_lookback; 0 = cov_lookback
  double mu_shrink_delta = 0.5;         ///< mu_shrink_delta
  int mom_lookback_months = 12;         ///< mom_lookback_months
  int mom_skip_months = 1;              ///< mom_skip_months
  CovEstimator cov = CovEstimator::Sample;      ///< cov_estimator
  int cov_lookback = 252;               ///< cov_lookback
  double cov_ewma_lambda = 0.94;        ///< cov_ewma_lambda
  bool ewma_demean = false;             ///< ewma_demean
  std::map<Index, double> lower, upper; ///< per-asset bounds (column → fraction); missing = w_min / w_max
  double w_min = 0.0, w_max = 1.0;      ///< default bounds
  std::vector<AssetGroup> groups;       ///< members are DATA COLUMNS; remapped to the eligible universe
  int max_holdings = 0;                 ///< max_holdings (0 = none)
  double min_position = 0.0;            ///< min_position
  Schedule schedule{};                  ///< rebalance_schedule (month_end / quarter_end / …)
  int execution_lag = 0;                ///< execution_lag
  TriggerParams triggers;               ///< triggers_enabled, trig_*
  double tiebreak_eps_rel = 1e-8;       ///< tiebreak_eps_rel
  double vol_tol = 1e-10;               ///< vol_tol
  double psd_eps_rel = 1e-10;           ///< psd_eps_rel
  /// Diagnostics for the page's frontier chart (not in the spec): at the decision whose date equals
  /// `frontier_at`, also trace the efficient frontier of that decision's problem (same μ, Σ, bounds, groups)
  /// with `frontier_points` points and put it in the audit as "frontier". Never changes any weight.
  std::optional<Date> frontier_at;
  int frontier_points = 25;
};

/// Check parameters against the data's shape; errors name the field ("market.lookback") and the allowed
/// values. Called by the strategy's constructor helper make_risk_target_strategy().
std::optional<Error> validate_risk_target_params(const RiskTargetParams& p, Index data_columns);

/// Names of the presets of spec §3.12: "baseline", "aggressive", "conservative", "multi_asset".
const std::vector<std::string>& risk_target_preset_names();
/// Apply a preset's defaults (target rule, k, triggers, cardinality) on top of `p`. The universe and the
/// market-risk series stay the caller's (they come from the scenario's data mapping). InvalidArgument for an
/// unknown name.
std::optional<Error> apply_risk_target_preset(const std::string& preset, RiskTargetParams& p);

/// The strategy. One instance per backtest run (it keeps the market-risk series and warm-start state, both
/// built only from data visible in the as-of views it is given).
class RiskTargetStrategy : public Strategy {
 public:
  explicit RiskTargetStrategy(RiskTargetParams params);
  ~RiskTargetStrategy() override;

  std::string type() const override { return "risk_target"; }
  Schedule schedule() const override { return p_.schedule; }
  int execution_lag() const override { return p_.execution_lag; }
  bool ready(const AsOfView& view) override;
  std::optional<std::string> check_trigger(const AsOfView& view) override;
  Result<Decision> decide(const DecisionInput& input) override;

  /// Annualized market volatility at visible row r (NaN before the lookback is complete). Exposed for tests.
  double market_volatility(const AsOfView& view, Index r);

 private:
  void extend_market_series(const AsOfView& view);
  std::vector<Index> eligible_universe(const AsOfView& view) const;
  int min_history() const;

  RiskTargetParams p_;
  Optimizer optimizer_;
  SharedNames names_;  // column names shared by the decisions' audit records
  // Market-risk series (composite returns and its wealth index), extended as views grow; row-indexed.
  // Aligned like Eigen's own buffers: σ_M sums the window in Eigen's order, which starts at the first 16-byte
  // aligned element (detail::reduce_lanes), so the storage's alignment must not depend on the heap's history.
  std::vector<double, Eigen::aligned_allocator<double>> market_ret_, market_wealth_;
  Vec composite_w_;
  std::map<Index, double> month_end_vol_;  // σ_M at month-end rows (suitability relative mode)
  // Trigger state (§3.9): last decision row t0, σ_M at t0, last triggered decision row.
  Index t0_ = -1, last_trigger_row_ = -1;
  double vol_t0_ = kNaN;
  double previous_target_ = kNaN;
  // Rolling sample covariance of the window (sample Σ, complete window): state of the last such decision.
  RollingSampleCov rolling_;
  Index rolling_row_ = -1;
  std::vector<Index> rolling_cols_;
};

/// Realized vs target risk (spec §5.6): one row per holding period that starts at an executed risk-targeting
/// decision, with the decision's target and the realized annualized volatility of gross daily returns over the
/// holding period (≥ 10 observations, else NaN) and their ratio. `binding` is false when the decision carried a
/// §3.7 flag (target below the minimum risk, not binding, infeasible): then the ex-ante risk differs from the
/// target by design.
struct RealizedVsTarget {
  Date start = 0, end = 0;
  double target = kNaN, ex_ante = kNaN, realized = kNaN, ratio = kNaN;  ///< ratio = realized / target
  bool binding = false;
};
std::vector<RealizedVsTarget> realized_vs_target(const BacktestResult& result);

}  // namespace riskdial
