// Private helpers shared by metrics.cpp and metrics_report.cpp (never included by wasm/).
#pragma once

#include <vector>

#include "riskdial/metrics.hpp"

namespace riskdial::detail {

/// Whether a centered sum of squares Σ(v − mean)² over n values is pure rounding noise of a constant
/// series (≤ n·(16·eps·|mean|)²): such series have exactly zero dispersion (flag zero_variance).
inline bool is_rounding_noise(double ss, double mean, Index n) {
  const double e = 16.0 * 2.220446049250313e-16 * (mean < 0 ? -mean : mean);
  return ss <= static_cast<double>(n) * e * e;
}

/// Mean, sample sd and population central moments m2..m4 of r[0..n).
struct Moments {
  Index n = 0;
  double mean = kNaN, sd = kNaN, m2 = kNaN, m3 = kNaN, m4 = kNaN;
};
Moments moments(const double* r, Index n);
/// Sample standard deviation only (n − 1); n < 2 → NaN; constant → 0.
double sample_sd(const double* r, Index n);
/// Sample sd of the active returns act[0..n) = r − b (tracking error per period). 0 when the dispersion is
/// rounding noise of the operands: returns derived from price or NAV ratios carry an absolute error of a few
/// ulps of 1 + |r| whatever their size, so a strategy equal to its benchmark (or to it minus a constant fee)
/// must give exactly 0, not 1e-16 and an information ratio of 1e12.
double active_sd(const double* act, const double* r, const double* b, Index n);

/// PA post-processing of a loss: non-finite → NaN, ≤ 0 (gain) → NaN, > 1 → 1.
double tail_post(double loss);
double cornish_fisher_z(double z, double s, double k);
/// Population skewness / excess kurtosis as PA's VaR code uses them (m2 = 0 → 0, 0).
void skew_kurt_for_tail(const Moments& m, double& s, double& k);
/// VaR / ES as positive losses before post-processing; `sorted` = the same data ascending.
double raw_var(const Moments& m, const double* sorted, double p, TailMethod method);
double raw_es(const Moments& m, const double* sorted, double p, TailMethod method, bool operational);
double normal_pdf(double x);
/// Gaussian / modified VaR and ES from explicit parameters: mean μ, population sd σ, skewness S, excess
/// kurtosis K (the h-period horizon passes μh, σ√h, S/√h, K/h). Historical is not handled (NaN).
double raw_var_param(double mu, double sigma, double s, double k, double p, TailMethod method);
double raw_es_param(double mu, double sigma, double s, double k, double p, TailMethod method, bool operational);

void drawdowns_into(const double* r, Index n, double* dd);
std::vector<DrawdownEpisode> episodes_from_dd(const double* dd, Index n);
double ulcer_pa208(const double* r, Index n);
/// Σ(x−x̄)(y−ȳ), with Σ(x−x̄)² and Σ(y−ȳ)² as outputs (two-pass).
double cov_sum(const double* x, const double* y, Index n, double& sxx, double& syy);

}  // namespace riskdial::detail
