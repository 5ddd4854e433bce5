// riskdial/risk_target.hpp — the market-risk → target-risk steps of Direct Risk Targeting (spec §3.2, §3.3,
// §3.9): market volatility estimators, target rules (incl. the user-editable suitability curve) and the
// volatility / return rebalancing triggers. Pure functions; the backtest strategy glues them to the optimizer.
//
// Units: returns are simple per-period decimals; every volatility here is ANNUALIZED (× √P).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "riskdial/error.hpp"
#include "riskdial/types.hpp"

namespace riskdial {

enum class MarketRiskEstimator { Sample, Ewma };

/// Sample market volatility (spec §3.2): sd(window, ddof 1)·√P over the given returns (the caller passes
/// exactly the last L_M returns). NaN if the window has fewer than 2 returns or contains NaN.
double market_volatility_sample(const VecRef& window, int periods_per_year) noexcept;

/// RiskMetrics EWMA market volatility (spec §3.2), zero mean, finite normalized window:
/// σ² = P·Σ_{k=0}^{L−1} ω_k r²_{t−k}, ω_k = (1−λ)λ^k/(1−λ^L), where window(L−1) is the newest return r_t.
/// NaN if the window is empty or contains NaN.
double market_volatility_ewma(const VecRef& window, double lambda, int periods_per_year) noexcept;

enum class TargetRule { DynamicRisk, RiskScaling, DynamicBeta, Suitability };
enum class SuitabilityInput { Absolute, Relative };

/// "dynamic_risk", "risk_scaling", "dynamic_beta", "suitability" (audit records; the scenario parser maps names).
const char* target_rule_name(TargetRule r) noexcept;

/// The suitability curve (spec §3.3): σ* = clip(g(x), floor, cap), then σ* ← (1−a)·σ*_prev + a·σ*.
/// g is piecewise linear through `knots` (strictly increasing x), flat beyond the first/last knot.
/// Absolute input: x = σ_M and g(x) is a volatility. Relative input: x = σ_M / median(σ_M over the last
/// `history_months` month-ends) and g(x) is a multiplier applied to σ_M.
struct SuitabilityCurve {
  std::vector<std::pair<double, double>> knots{{0.0, 0.0}, {1.0, 1.0}};  ///< identity by default
  SuitabilityInput input = SuitabilityInput::Absolute;
  int history_months = 120;
  double floor = 0.005;     ///< annualized volatility
  double cap = 0.50;        ///< annualized volatility
  double smoothing = 1.0;   ///< a in (0, 1]; 1 = no smoothing
};

/// Check a curve: ≥ 1 knot, strictly increasing x, finite values, 0 < floor < cap, a in (0, 1],
/// history_months ≥ 1. Errors name the field ("suitability.knots[2].x") and what was expected.
std::optional<Error> validate_suitability(const SuitabilityCurve& curve);

/// g(x) of the curve (linear interpolation, flat extrapolation).
double piecewise_linear(const std::vector<std::pair<double, double>>& knots, double x) noexcept;

/// Parameters of the target rules (spec §6.3 defaults).
struct TargetRuleParams {
  TargetRule rule = TargetRule::DynamicRisk;
  double k_dynamic_risk = 1.0;  ///< k_DR
  double k_risk_scaling = 1.5;  ///< k_RS
  double beta_target = 1.0;     ///< β* (dynamic_beta)
  SuitabilityCurve suitability;
};

/// Target volatility for a volatility rule (annualized). For Suitability, `previous_target` is σ*_{t−1}
/// (NaN at the first decision: no smoothing) and `median_market_vol` is the relative-mode denominator
/// (ignored in absolute mode). For DynamicBeta returns NaN (the target is β*, see beta_target).
double target_volatility(const TargetRuleParams& p, double market_vol, double previous_target,
                         double median_market_vol) noexcept;

/// Median of the last `count` values of `history` (all of them if fewer); NaN values are skipped; NaN if
/// nothing is left.
double trailing_median(const std::vector<double>& history, int count) noexcept;

/// Rebalancing triggers (spec §3.9, §5.7).
struct TriggerParams {
  bool enabled = true;
  double vol_rel = 0.25;   ///< |σ_t/σ_t0 − 1| ≥ vol_rel
  double ret_k = 2.0;      ///< |W_t/W_t0 − 1| ≥ k·σ_t0·√(n/P)
  int min_gap_days = 5;    ///< master dates between two *triggered* decisions
};

enum class TriggerCause { None, Scheduled, Volatility, Return, VolatilityAndReturn };
/// "none", "scheduled", "vol", "return", "vol+return".
const char* trigger_cause_name(TriggerCause c) noexcept;

/// Evaluate the triggers on a non-scheduled date. `market_vol_now`/`market_vol_t0`: annualized σ_M at t
/// and at the last decision t0; `price_ratio` = P_B(t)/P_B(t0); `days_since_t0` = master dates since t0;
/// `days_since_last_trigger` = master dates since the last triggered decision (a large number if none).
/// Returns None when disabled, when nothing fires, or when blocked by the minimum gap.
TriggerCause evaluate_triggers(const TriggerParams& p, double market_vol_now, double market_vol_t0,
                               double price_ratio, int days_since_t0, int days_since_last_trigger,
                               int periods_per_year) noexcept;

}  // namespace riskdial
