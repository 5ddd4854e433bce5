#include "riskdial/risk_target.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "reduce.hpp"

namespace riskdial {

double market_volatility_sample(const VecRef& w, int P) noexcept {
  const Index n = w.size();
  if (n < 2) return kNaN;
  // w.mean() and (w − mean)².sum() in Eigen's summation order (detail::reduce_lanes): the same bits natively,
  // four independent add chains in WASM (where Eigen reduces one element at a time). Runs every day when
  // triggers are on. A NaN in the window makes the sum NaN (an infinity alone gives a NaN result too).
  const double* p = w.data();
  const double sum = detail::sum_of(p, n);
  if (std::isnan(sum)) return kNaN;
  const double mean = sum / static_cast<double>(n);
  const double ss = detail::reduce_lanes<1>(
      n, 0, [p, mean](Index i) { return std::array<double, 1>{(p[i] - mean) * (p[i] - mean)}; }, detail::Plus())[0];
  return std::sqrt(ss / static_cast<double>(n - 1) * P);
}

double market_volatility_ewma(const VecRef& w, double lambda, int P) noexcept {
  const Index L = w.size();
  if (L < 1 || w.hasNaN()) return kNaN;
  const double norm = (1.0 - lambda) / (1.0 - std::pow(lambda, static_cast<double>(L)));
  double acc = 0.0, weight = norm;
  for (Index k = 0; k < L; ++k) {  // k = 0 is the newest return
    const double r = w(L - 1 - k);
    acc += weight * r * r;
    weight *= lambda;
  }
  return std::sqrt(P * acc);
}

const char* target_rule_name(TargetRule r) noexcept {
  switch (r) {
    case TargetRule::DynamicRisk: return "dynamic_risk";
    case TargetRule::RiskScaling: return "risk_scaling";
    case TargetRule::DynamicBeta: return "dynamic_beta";
    case TargetRule::Suitability: return "suitability";
  }
  return "dynamic_risk";
}

std::optional<Error> validate_suitability(const SuitabilityCurve& c) {
  auto bad = [](std::string field, std::string what) {
    return make_error(ErrorCode::InvalidArgument, field + ": " + what, field);
  };
  if (c.knots.empty()) return bad("suitability.knots", "expected at least one (x, y) knot");
  for (size_t i = 0; i < c.knots.size(); ++i) {
    const auto [x, y] = c.knots[i];
    const std::string f = "suitability.knots[" + std::to_string(i) + "]";
    if (!std::isfinite(x) || !std::isfinite(y)) return bad(f, "expected finite numbers");
    if (i > 0 && !(x > c.knots[i - 1].first))
      return bad(f + ".x", "expected x strictly greater than the previous knot's x");
    if (y < 0) return bad(f + ".y", "expected y >= 0");
  }
  if (!(c.floor > 0 && c.floor < c.cap)) return bad("suitability.floor", "expected 0 < floor < cap");
  if (!(c.cap <= 2.0)) return bad("suitability.cap", "expected cap <= 2");
  if (!(c.smoothing > 0 && c.smoothing <= 1)) return bad("suitability.smoothing", "expected a in (0, 1]");
  if (c.history_months < 1) return bad("suitability.history_months", "expected >= 1");
  return std::nullopt;
}

double piecewise_linear(const std::vector<std::pair<double, double>>& k, double x) noexcept {
  if (k.empty() || std::isnan(x)) return kNaN;
  if (x <= k.front().first) return k.front().second;
  if (x >= k.back().first) return k.back().second;
  size_t i = 1;
  while (k[i].first < x) ++i;
  const auto [x0, y0] = k[i - 1];
  const auto [x1, y1] = k[i];
  return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
}

double target_volatility(const TargetRuleParams& p, double mv, double prev, double median_mv) noexcept {
  switch (p.rule) {
    case TargetRule::DynamicRisk: return p.k_dynamic_risk * mv;
    case TargetRule::RiskScaling: return p.k_risk_scaling * mv;
    case TargetRule::DynamicBeta: return kNaN;
    case TargetRule::Suitability: {
      const auto& c = p.suitability;
      double t = c.input == SuitabilityInput::Absolute ? piecewise_linear(c.knots, mv)
                                                        : mv * piecewise_linear(c.knots, mv / median_mv);
      t = std::clamp(t, c.floor, c.cap);
      if (!std::isnan(prev)) t = (1.0 - c.smoothing) * prev + c.smoothing * t;
      return t;
    }
  }
  return kNaN;
}

double trailing_median(const std::vector<double>& h, int count) noexcept {
  std::vector<double> v;
  const size_t start = h.size() > static_cast<size_t>(count) ? h.size() - count : 0;
  for (size_t i = start; i < h.size(); ++i)
    if (!std::isnan(h[i])) v.push_back(h[i]);
  if (v.empty()) return kNaN;
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}

const char* trigger_cause_name(TriggerCause c) noexcept {
  switch (c) {
    case TriggerCause::None: return "none";
    case TriggerCause::Scheduled: return "scheduled";
    case TriggerCause::Volatility: return "vol";
    case TriggerCause::Return: return "return";
    case TriggerCause::VolatilityAndReturn: return "vol+return";
  }
  return "none";
}

TriggerCause evaluate_triggers(const TriggerParams& p, double vol_now, double vol_t0, double price_ratio,
                               int days_since_t0, int days_since_last_trigger, int P) noexcept {
  if (!p.enabled || days_since_t0 <= 0) return TriggerCause::None;
  if (days_since_last_trigger < p.min_gap_days) return TriggerCause::None;
  const bool vol = vol_t0 > 0 && std::abs(vol_now / vol_t0 - 1.0) >= p.vol_rel;
  const bool ret = std::abs(price_ratio - 1.0) >=
                   p.ret_k * vol_t0 * std::sqrt(static_cast<double>(days_since_t0) / P);
  if (vol && ret) return TriggerCause::VolatilityAndReturn;
  if (vol) return TriggerCause::Volatility;
  if (ret) return TriggerCause::Return;
  return TriggerCause::None;
}

}  // namespace riskdial
