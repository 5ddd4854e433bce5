#include "riskdial/risk_targeting.hpp"

#include <algorithm>
#include <cmath>

#include "riskdial/estimators.hpp"
#include "riskdial/strategies.hpp"

namespace riskdial {

namespace {
// The strategy's estimator choices (spec §3.4, §3.5 names) on the complete window of the eligible assets,
// annualized with the data's P. `lw_constcorr` uses estimators.hpp's Ledoit–Wolf constant-correlation target
// (PyPortfolioOpt's T−1 divisor in the target; the spec's all-T variant differs by O(1/T) — docs/risk_targeting.md).
Mat estimate_covariance(const Mat& x, CovEstimator which, int P, double lambda, bool demean) {
  switch (which) {
    case CovEstimator::Sample: return sample_cov(x, P);
    case CovEstimator::Ewma: return ewma_cov(x, lambda, demean, P);
    case CovEstimator::LedoitWolfIdentity: return ledoit_wolf(x, ShrinkageTarget::ConstantVariance, P);
    case CovEstimator::LedoitWolfConstantCorrelation:
      return ledoit_wolf(x, ShrinkageTarget::ConstantCorrelation, P);
  }
  return sample_cov(x, P);
}

Vec estimate_expected_returns(const Mat& x, MuEstimator which, int P, double delta, bool* fell_back) {
  switch (which) {
    case MuEstimator::ShrunkMean: return shrunk_mean(x, delta, P);
    case MuEstimator::Jorion: return jorion_mean(x, P, fell_back);
    case MuEstimator::TrailingMean:
    case MuEstimator::Momentum: break;  // momentum is computed from month-end prices by the caller
  }
  return trailing_mean(x, P);
}
}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Names and validation
// ---------------------------------------------------------------------------------------------------------

const char* mu_estimator_name(MuEstimator m) noexcept {
  switch (m) {
    case MuEstimator::TrailingMean: return "trailing_mean";
    case MuEstimator::ShrunkMean: return "shrunk_mean";
    case MuEstimator::Jorion: return "jorion";
    case MuEstimator::Momentum: return "momentum";
  }
  return "trailing_mean";
}

const char* cov_estimator_name(CovEstimator c) noexcept {
  switch (c) {
    case CovEstimator::Sample: return "sample";
    case CovEstimator::Ewma: return "ewma";
    case CovEstimator::LedoitWolfIdentity: return "lw_identity";
    case CovEstimator::LedoitWolfConstantCorrelation: return "lw_constcorr";
  }
  return "sample";
}

std::optional<Error> validate_risk_target_params(const RiskTargetParams& p, Index cols) {
  auto bad = [](const std::string& field, const std::string& what) {
    return make_error(ErrorCode::InvalidScenario, field + ": " + what, field);
  };
  if (p.universe.size() < 2) return bad("universe", "expected at least 2 assets");
  for (Index c : p.universe)
    if (c < 0 || c >= cols) return bad("universe", "asset column out of range");
  if (p.market.components.empty()) return bad("market_risk_series", "expected at least one series");
  double wsum = 0;
  for (const auto& [c, w] : p.market.components) {
    if (c < 0 || c >= cols) return bad("market_risk_series", "series column out of range");
    if (!(w >= 0) || !std::isfinite(w)) return bad("market_risk_series", "expected weights >= 0");
    wsum += w;
  }
  if (std::abs(wsum - 1.0) > 1e-9) return bad("market_risk_series", "expected weights summing to 1");
  if (p.market.lookback < 2) return bad("mr_lookback", "expected >= 2");
  if (!(p.market.ewma_lambda > 0 && p.market.ewma_lambda < 1)) return bad("mr_ewma_lambda", "expected in (0, 1)");
  if (p.market.ewma_window < 1) return bad("mr_ewma_window", "expected >= 1");
  if (p.target.rule == TargetRule::Suitability)
    if (auto e = validate_suitability(p.target.suitability)) return e;
  if (!(p.target.k_dynamic_risk > 0)) return bad("k_DR", "expected > 0");
  if (!(p.target.k_risk_scaling > 0)) return bad("k_RS", "expected > 0");
  if (!std::isfinite(p.target.beta_target)) return bad("beta_target", "expected a finite number");
  if (!(p.beta_tol >= 0)) return bad("beta_tol", "expected >= 0");
  if (p.cov_lookback < 2) return bad("cov_lookback", "expected >= 2");
  if (p.mu_lookback < 0) return bad("mu_lookback", "expected >= 0 (0 = cov_lookback)");
  if (!(p.mu_shrink_delta >= 0 && p.mu_shrink_delta <= 1)) return bad("mu_shrink_delta", "expected in [0, 1]");
  if (!(p.mom_skip_months >= 0 && p.mom_skip_months < p.mom_lookback_months))
    return bad("mom_skip_months", "expected 0 <= skip < mom_lookback_months");
  if (!(p.cov_ewma_lambda > 0 && p.cov_ewma_lambda < 1)) return bad("cov_ewma_lambda", "expected in (0, 1)");
  if (!(p.w_min >= 0 && p.w_min <= p.w_max && p.w_max <= 1)) return bad("w_min", "expected 0 <= w_min <= w_max <= 1");
  if (p.min_position < 0 || p.min_position > 0.5) return bad("min_position", "expected in [0, 0.5]");
  if (p.max_holdings < 0) return bad("max_holdings", "expected >= 0 (0 = no limit)");
  if (p.execution_lag < 0 || p.execution_lag > 5) return bad("execution_lag", "expected 0..5");
  return std::nullopt;
}

const std::vector<std::string>& risk_target_preset_names() {
  static const std::vector<std::string> names{"baseline", "aggressive", "conservative", "multi_asset"};
  return names;
}

std::optional<Error> apply_risk_target_preset(const std::string& preset, RiskTargetParams& p) {
  // Spec §3.12 (neutral names). The universe tags (broad bonds, IG only, equity + bonds) and the market-risk
  // series (bond index, or a 60/40 composite for multi_asset) come from the scenario's data mapping. The
  // fixed-income presets carry the seed portfolios' concentration (K = 5 holdings, 5 % minimum position);
  // multi_asset lets every fund float in [0, 1]. (The seeds' 100 M USD liquidity filter needs volume data
  // and is not applied.)
  p.triggers.enabled = true;
  p.max_holdings = preset == "multi_asset" ? 0 : 5;
  p.min_position = preset == "multi_asset" ? 0.0 : 0.05;
  if (preset == "baseline") {
    p.target.rule = TargetRule::DynamicRisk;
    p.target.k_dynamic_risk = 1.0;
  } else if (preset == "aggressive") {
    p.target.rule = TargetRule::RiskScaling;
    p.target.k_risk_scaling = 1.5;
  } else if (preset == "conservative") {
    p.target.rule = TargetRule::DynamicBeta;
    p.target.beta_target = 1.0;
  } else if (preset == "multi_asset") {
    p.target.rule = TargetRule::DynamicRisk;
    p.target.k_dynamic_risk = 1.0;
  } else {
    return make_error(ErrorCode::InvalidScenario,
                      "preset: expected one of baseline, aggressive, conservative, multi_asset, got '" +
                          preset + "'",
                      "preset");
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------------------
// Strategy
// ---------------------------------------------------------------------------------------------------------

RiskTargetStrategy::RiskTargetStrategy(RiskTargetParams params) : p_(std::move(params)) {
  composite_w_.resize(static_cast<Index>(p_.market.components.size()));
  for (size_t k = 0; k < p_.market.components.size(); ++k)
    composite_w_(static_cast<Index>(k)) = p_.market.components[k].second;
}

RiskTargetStrategy::~RiskTargetStrategy() = default;

int RiskTargetStrategy::min_history() const {
  const int mu_lb = p_.mu_lookback > 0 ? p_.mu_lookback : p_.cov_lookback;
  return std::max(p_.cov_lookback, mu_lb);
}

// Composite return at row s uses weights reset to target at the previous month-end and drifted since; whether
// row s−1 was a month-end is known from row s (visible), so the series never looks ahead.
void RiskTargetStrategy::extend_market_series(const AsOfView& view) {
  const auto& comps = p_.market.components;
  for (Index s = static_cast<Index>(market_ret_.size()); s <= view.last(); ++s) {
    double r = kNaN;
    if (s > 0) {
      const bool new_month = ymd_from_date(view.date(s)).month != ymd_from_date(view.date(s - 1)).month;
      if (new_month || std::isnan(market_ret_.back()))
        for (size_t k = 0; k < comps.size(); ++k) composite_w_(static_cast<Index>(k)) = comps[k].second;
      double acc = 0.0;
      for (size_t k = 0; k < comps.size(); ++k) acc += composite_w_(static_cast<Index>(k)) * view.ret(s, comps[k].first);
      r = acc;
      if (!std::isnan(r))
        for (size_t k = 0; k < comps.size(); ++k) {
          auto& w = composite_w_(static_cast<Index>(k));
          w = w * (1.0 + view.ret(s, comps[k].first)) / (1.0 + r);
        }
    }
    market_ret_.push_back(r);
    const double prev = market_wealth_.empty() ? 1.0 : market_wealth_.back();
    market_wealth_.push_back(std::isnan(r) ? prev : prev * (1.0 + r));
  }
}

double RiskTargetStrategy::market_volatility(const AsOfView& view, Index r) {
  extend_market_series(view);
  if (r < 0 || r > view.last()) return kNaN;
  const int L = p_.market.estimator == MarketRiskEstimator::Sample ? p_.market.lookback : p_.market.ewma_window;
  if (r + 1 < L + 1) return kNaN;  // needs L returns, i.e. rows r−L+1..r all with a return (row 0 has none)
  Eigen::Map<const Vec> window(market_ret_.data() + (r - L + 1), L);
  return p_.market.estimator == MarketRiskEstimator::Sample
             ? market_volatility_sample(window, view.periods_per_year())
             : market_volatility_ewma(window, p_.market.ewma_lambda, view.periods_per_year());
}

std::vector<Index> RiskTargetStrategy::eligible_universe(const AsOfView& view) const {
  std::vector<Index> u;
  const int h = min_history();
  for (Index c : p_.universe) {
    if (!view.eligible(c, h)) continue;
    if (p_.mu == MuEstimator::Momentum) {  // needs the month-end price L months ago (§3.4)
      const auto me = month_end_rows(view, p_.mom_lookback_months + 1);
      if (static_cast<int>(me.size()) < p_.mom_lookback_months + 1) continue;
      if (view.valid_run(view.last(), c) < view.last() - me.front() + 1) continue;
    }
    u.push_back(c);
  }
  return u;
}

bool RiskTargetStrategy::ready(const AsOfView& view) {
  if (std::isnan(market_volatility(view, view.last()))) return false;
  return eligible_universe(view).size() >= 2;  // §5.2: DRT needs two eligible assets
}

std::optional<std::string> RiskTargetStrategy::check_trigger(const AsOfView& view) {
  if (!p_.triggers.enabled || t0_ < 0) return std::nullopt;
  const Index t = view.last();
  const double vol = market_volatility(view, t);
  if (std::isnan(vol) || std::isnan(vol_t0_)) return std::nullopt;
  const double ratio = market_wealth_[static_cast<size_t>(t)] / market_wealth_[static_cast<size_t>(t0_)];
  const int since_trigger = last_trigger_row_ < 0 ? 1 << 30 : static_cast<int>(t - last_trigger_row_);
  const TriggerCause cause = evaluate_triggers(p_.triggers, vol, vol_t0_, ratio, static_cast<int>(t - t0_),
                                               since_trigger, view.periods_per_year());
  if (cause == TriggerCause::None) return std::nullopt;
  return std::string(trigger_cause_name(cause));
}

namespace {

nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

/// The audit record of one decision (docs/scenario.md, "Each decision's audit"), typed: converted to JSON only
/// when the result is serialized, with exactly the members the decision got to (`result`: the optimizer ran).
struct RiskTargetAudit : AuditPayload {
  std::string cause;
  TargetRule rule = TargetRule::DynamicRisk;
  double market_vol = kNaN, target_vol = kNaN, market_vol_median = kNaN;
  bool has_median = false;
  std::shared_ptr<const std::vector<std::string>> names;  ///< column names (shared, not copied)
  std::vector<Index> universe;                            ///< eligible columns
  std::vector<std::string> flags;                         ///< insufficient_universe (no solve)
  bool jorion_fallback = false;
  bool has_target_beta = false;
  double target_beta = kNaN;
  bool beta_rule = false;
  std::optional<OptimizeResult> result;  ///< the optimizer's result (moved in), when it ran

  /// The §3.7 flags of the solve, or the decision's own.
  const std::vector<std::string>& decision_flags() const { return result ? result->flags : flags; }

  void write(nlohmann::json& a) const override {
    a["cause"] = cause;
    a["market_vol"] = num(market_vol);
    a["target_rule"] = target_rule_name(rule);
    a["target_vol"] = num(target_vol);
    if (has_median) a["market_vol_median"] = num(market_vol_median);
    nlohmann::json u = nlohmann::json::array();
    for (Index c : universe) u.push_back((*names)[static_cast<size_t>(c)]);
    a["universe"] = std::move(u);
    if (result || !flags.empty() || a.contains("flags")) {
      nlohmann::json f = decision_flags();  // then the flags the engine added (e.g. no_price_at_execution)
      if (a.contains("flags"))
        for (const auto& x : a["flags"]) f.push_back(x);
      a["flags"] = std::move(f);
    }
    if (jorion_fallback) a["estimator_flags"] = {"jorion_fallback_shrunk_mean"};
    if (has_target_beta) a["target_beta"] = target_beta;
    if (!result) return;
    const OptimizeResult& r = *result;
    a["status"] = optimize_status_name(r.status);
    a["iterations"] = r.iterations;
    a["ex_ante_vol"] = num(r.volatility);
    a["expected_return"] = num(r.expected_return);
    a["sigma_min"] = num(r.sigma_min);
    a["mu_max"] = num(r.mu_max);
    a["sigma_top"] = num(r.sigma_top);
    if (beta_rule) {
      a["ex_ante_beta"] = num(r.beta);
      a["beta_lo"] = num(r.beta_lo);
      a["beta_hi"] = num(r.beta_hi);
      a["beta_target_used"] = num(r.beta_target_used);
    }
    if (r.covariance_repaired) a["covariance_repaired"] = true;
  }
};

// Per-period returns of the eligible assets over the last `rows` rows ending at the view's last row.
Mat window_returns(const AsOfView& view, const std::vector<Index>& u, int rows) {
  Mat x(rows, static_cast<Index>(u.size()));
  const Index first = view.last() - rows + 1;  // ≥ 0: the assets are eligible (enough history)
  const auto visible = view.returns();          // rows ≤ last() only
  for (size_t j = 0; j < u.size(); ++j) x.col(static_cast<Index>(j)) = visible.col(u[j]).segment(first, rows);
  return x;
}

// The efficient frontier of one decision's problem (μ, Σ, bounds, groups as solved), for the page's chart:
// {"points": [{volatility, expected_return}], "chosen": {volatility, expected_return}} (annualized), or
// {"error": message} when the frontier cannot be traced (e.g. an infeasible problem).
nlohmann::json frontier_audit(const OptimizeProblem& prob, OptimizeSettings s, const OptimizeResult& chosen,
                              int points) {
  s.objective = Objective::EfficientRisk;
  s.max_holdings = 0;  // the frontier of the continuous problem; cardinality is a property of the choice
  nlohmann::json out = nlohmann::json::object();
  auto fr = efficient_frontier(prob, s, points);
  if (!fr) {
    out["error"] = fr.error().message;
    return out;
  }
  nlohmann::json pts = nlohmann::json::array();
  for (const auto& r : fr.value())
    if (std::isfinite(r.volatility) && std::isfinite(r.expected_return))
      pts.push_back({{"volatility", r.volatility}, {"expected_return", r.expected_return}});
  out["points"] = std::move(pts);
  out["chosen"] = {{"volatility", num(chosen.volatility)}, {"expected_return", num(chosen.expected_return)}};
  return out;
}

}  // namespace

Result<Decision> RiskTargetStrategy::decide(const DecisionInput& in) {
  const AsOfView& view = in.view;
  const Index t = view.last();
  const int P = view.periods_per_year();
  auto audit = std::make_shared<RiskTargetAudit>();
  audit->cause = in.cause;

  const double mvol = market_volatility(view, t);
  // σ_M history at month-ends (relative suitability): rows r < t whose month ends at r, plus t itself when
  // this is a scheduled (month-end) decision.
  std::vector<double> history;
  if (p_.target.rule == TargetRule::Suitability && p_.target.suitability.input == SuitabilityInput::Relative) {
    for (Index r : month_end_rows(view, p_.target.suitability.history_months + 1)) {
      if (r == t && in.cause != "scheduled") continue;
      auto it = month_end_vol_.find(r);
      if (it == month_end_vol_.end()) it = month_end_vol_.emplace(r, market_volatility(view, r)).first;
      history.push_back(it->second);
    }
    if (static_cast<int>(history.size()) > p_.target.suitability.history_months)
      history.erase(history.begin());
  }
  const double median_vol = history.empty() ? mvol : trailing_median(history, p_.target.suitability.history_months);
  const bool beta_rule = p_.target.rule == TargetRule::DynamicBeta;
  const double target = beta_rule ? kNaN : target_volatility(p_.target, mvol, previous_target_, median_vol);
  audit->market_vol = mvol;
  audit->rule = p_.target.rule;
  audit->target_vol = target;
  if (p_.target.rule == TargetRule::Suitability && p_.target.suitability.input == SuitabilityInput::Relative) {
    audit->has_median = true;
    audit->market_vol_median = median_vol;
  }

  // Trigger bookkeeping: every decision resets t0 and σ_M,t0; a triggered one also starts the minimum gap.
  t0_ = t;
  vol_t0_ = mvol;
  if (in.cause != "scheduled") last_trigger_row_ = t;

  audit->universe = eligible_universe(view);
  audit->names = names_.get(view);
  const std::vector<Index>& u = audit->universe;
  if (u.size() < 2) {
    audit->flags = {"insufficient_universe"};
    Decision d{in.current_weights};  // keep the drifted weights, no trade
    d.payload = std::move(audit);
    return d;
  }

  // Estimators (§3.4, §3.5) on the common window of the eligible assets, annualized.
  const int cov_lb = p_.cov_lookback;
  const int mu_lb = p_.mu_lookback > 0 ? p_.mu_lookback : p_.cov_lookback;
  const Mat x_cov = window_returns(view, u, cov_lb);
  OptimizeProblem prob;
  if (p_.cov == CovEstimator::Sample && x_cov.allFinite()) {
    // The sample Σ comes from rolling sums: the window moved by t − (previous decision's row), so only the
    // rows that left and entered are touched (O(shift·N²) instead of O(T·N²)); a universe change shows as a
    // mismatch of the shared rows and forces a full pass.
    const Index shift = rolling_row_ >= 0 && rolling_cols_ == u ? t - rolling_row_ : 0;
    prob.cov = rolling_.update(x_cov, shift, P);
    rolling_row_ = t;
    rolling_cols_ = u;
    // T < N: Σ = FᵀF is singular by construction; the optimizer repairs it from the T×T Gram matrix of F
    // (Σ itself is then only checked against diag(FᵀF)).
    if (cov_lb < static_cast<Index>(u.size()))
      prob.cov_factor = (x_cov.rowwise() - x_cov.colwise().mean()) *
                        std::sqrt(static_cast<double>(P) / static_cast<double>(cov_lb - 1));
  } else {
    prob.cov = estimate_covariance(x_cov, p_.cov, P, p_.cov_ewma_lambda, p_.ewma_demean);
  }
  if (p_.mu == MuEstimator::Momentum) {
    const auto me = month_end_rows(view, p_.mom_lookback_months + 1);  // oldest first; back() == t
    Mat month_end_prices(static_cast<Index>(me.size()), static_cast<Index>(u.size()));
    for (size_t k = 0; k < me.size(); ++k)
      for (size_t j = 0; j < u.size(); ++j)
        month_end_prices(static_cast<Index>(k), static_cast<Index>(j)) = view.price(me[k], u[j]);
    prob.mu = momentum_return(month_end_prices, p_.mom_lookback_months, p_.mom_skip_months);
  } else {
    const Mat x_mu = mu_lb == cov_lb ? x_cov : window_returns(view, u, mu_lb);
    bool fell_back = false;
    prob.mu = estimate_expected_returns(x_mu, p_.mu, P, p_.mu_shrink_delta, &fell_back);
    audit->jorion_fallback = fell_back;
  }

  const Index n = static_cast<Index>(u.size());
  prob.lower.resize(n);
  prob.upper.resize(n);
  for (Index j = 0; j < n; ++j) {
    const Index c = u[static_cast<size_t>(j)];
    prob.lower(j) = p_.lower.count(c) ? p_.lower.at(c) : p_.w_min;
    prob.upper(j) = p_.upper.count(c) ? p_.upper.at(c) : p_.w_max;
  }
  for (const auto& g : p_.groups) {
    AssetGroup h = g;
    h.members.clear();
    for (Index c : g.members) {
      auto it = std::find(u.begin(), u.end(), c);
      if (it != u.end()) h.members.push_back(static_cast<Index>(it - u.begin()));
    }
    prob.groups.push_back(std::move(h));
  }
  prob.current_weights.resize(n);
  for (Index j = 0; j < n; ++j) prob.current_weights(j) = in.current_weights(u[static_cast<size_t>(j)]);

  OptimizeSettings s;
  s.tiebreak_eps_rel = p_.tiebreak_eps_rel;
  s.vol_tol = p_.vol_tol;
  s.psd_eps_rel = p_.psd_eps_rel;
  s.max_holdings = p_.max_holdings;
  s.min_position = p_.min_position;
  if (beta_rule) {
    // Betas of the assets to the market-risk series from the same estimator applied to [X, r_M] (§3.5).
    Mat xb(cov_lb, n + 1);
    xb.leftCols(n) = x_cov;
    for (Index r = 0; r < cov_lb; ++r) xb(r, n) = market_ret_[static_cast<size_t>(t - cov_lb + 1 + r)];
    const Mat C = estimate_covariance(xb, p_.cov, P, p_.cov_ewma_lambda, p_.ewma_demean);
    prob.beta = C.col(n).head(n) / C(n, n);
    s.objective = Objective::TargetBeta;
    s.target_beta = p_.target.beta_target;
    s.beta_tol = p_.beta_tol;
    if (std::isfinite(p_.beta_vol_cap_mult)) s.beta_vol_cap = p_.beta_vol_cap_mult * mvol;
    audit->has_target_beta = true;
    audit->target_beta = p_.target.beta_target;
  } else {
    s.objective = Objective::EfficientRisk;
    s.target_volatility = target;
  }

  auto solved = optimizer_.solve(prob, s);
  if (!solved) return solved.error();
  audit->beta_rule = beta_rule;
  audit->result = std::move(solved).value();
  const OptimizeResult& res = *audit->result;
  Decision d;
  if (p_.frontier_at && view.date(t) == *p_.frontier_at)
    d.audit["frontier"] = frontier_audit(prob, s, res, p_.frontier_points);
  if (res.status == OptimizeStatus::Infeasible) {  // §3.7: keep the drifted weights, no trade
    d.weights = in.current_weights;
  } else {
    previous_target_ = target;
    d.weights = Vec::Zero(view.cols() + 1);
    for (Index j = 0; j < n; ++j) d.weights(u[static_cast<size_t>(j)]) = res.weights(j);
  }
  d.payload = std::move(audit);
  return d;
}

std::vector<RealizedVsTarget> realized_vs_target(const BacktestResult& result) {
  std::vector<RealizedVsTarget> out;
  for (const auto& hp : result.holding_periods) {
    RealizedVsTarget row;
    row.start = hp.start;
    row.end = hp.end;
    row.realized = hp.realized_vol;
    for (const auto& d : result.decisions) {
      if (!d.executed || d.execution_date != hp.start) continue;
      const auto* a = dynamic_cast<const RiskTargetAudit*>(d.payload.get());
      if (a == nullptr) continue;  // not a risk-targeting decision
      if (std::isfinite(a->target_vol)) row.target = a->target_vol;
      if (a->result && std::isfinite(a->result->volatility)) row.ex_ante = a->result->volatility;
      // binding: optimal with no §3.7 flag, and no flag from the engine (e.g. no_price_at_execution)
      row.binding = a->result && a->result->flags.empty() && a->result->status == OptimizeStatus::Optimal &&
                    !(d.audit.contains("flags") && !d.audit["flags"].empty());
    }
    row.ratio = row.realized / row.target;
    out.push_back(row);
  }
  return out;
}

}  // namespace riskdial
