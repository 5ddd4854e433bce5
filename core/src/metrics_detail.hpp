// Private helpers shared by metrics.cpp and metrics_report.cpp (never included by wasm/).
#pragma once

#include <array>
#include <vector>

#include "riskdial/metrics.hpp"
#include "reduce.hpp"

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
/// Means and centered sums of (x, y) (two-pass); a centered sum of squares that is rounding noise of a
/// constant series is 0, and then sxy is 0 too. n = 0: means NaN, sums 0.
struct CovSums {
  double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
};
CovSums cov_sums(const double* x, const double* y, Index n);
/// Σ(x−x̄)(y−ȳ), with Σ(x−x̄)² and Σ(y−ȳ)² as outputs (two-pass; cov_sums without the means).
double cov_sum(const double* x, const double* y, Index n, double& sxx, double& syy);

// ---- Hot loops of compute_metrics (metrics_kernels.cpp) --------------------------------------------
// Out of line on purpose: compute_metrics' body is very large, and in WASM (V8) these loops run several
// times slower inlined there than as functions of their own; the TU is compiled without exception support
// in WASM (core/CMakeLists.txt). Each sum runs in index order, one accumulator per sum (the numbers of the
// former inline loops, bit for bit). Declared noexcept so that compute_metrics calls them directly in WASM
// rather than through an exception trampoline.

/// Downside family at MAR τ in one branch-free pass (max(τ − r, 0) is exactly 0 where r ≥ τ), with the
/// semideviation sum around `mean` and the largest / smallest value.
struct DownsideSums {
  double dd_sum2 = 0, dd_sum1 = 0, up_sum = 0, semi2 = 0, r_max = kNaN, r_min = kNaN;
  Index n_below = 0, n_above = 0;
};
DownsideSums downside_sums(const double* r, Index n, double tau, double mean) noexcept;

/// Capture-ratio sums of (r, b): up periods b > 0, down periods b ≤ 0 (sums), b < 0 (counts); products
/// Π(1 + ·) over the same sides only when `products`.
struct CaptureSums {
  double su_r = 0, su_b = 0, sd_r = 0, sd_b = 0, pu_r = 1, pu_b = 1, pd_r = 1, pd_b = 1;
  Index nu = 0, nneg = 0, num_up = 0, num_dn = 0, pct_up = 0, pct_dn = 0;
};
CaptureSums capture_sums(const double* r, const double* b, Index n, bool products) noexcept;

/// Bull (y > 0, index 0) / bear (y < 0, index 1) regressions of x on y: counts, Σ(x−x̄)(y−ȳ), Σ(y−ȳ)²
/// (two passes, 0/1 weights).
struct BullBearSums {
  double cn[2] = {0, 0}, cxy[2] = {0, 0}, cyy[2] = {0, 0};
};
BullBearSums bull_bear_sums(const double* x, const double* y, Index n) noexcept;

/// Sliding-window sums of shifted values over windows of w rows, O(n): the shift is re-anchored and the
/// sums recomputed from scratch every w steps, which bounds the rounding drift to O(w·eps).
struct WindowSums {
  double ca = 0, cb = 0, sa = 0, saa = 0, sb = 0, sbb = 0, sab = 0;
};
template <class Emit>
void rolling_sums(const double* a, const double* b, Index n, Index w, Emit emit) {
  WindowSums s;
  Index phase = 0;  // (t − w + 1) mod w, without a division per row
  for (Index t = w - 1; t < n; ++t, phase = phase + 1 == w ? 0 : phase + 1) {
    const Index st = t - w + 1;
    if (phase == 0) {
      s = WindowSums{};
      s.ca = a[st];
      s.cb = b ? b[st] : 0.0;
      for (Index i = st; i <= t; ++i) {
        const double da = a[i] - s.ca;
        s.sa += da;
        s.saa += da * da;
        if (b) {
          const double db = b[i] - s.cb;
          s.sb += db;
          s.sbb += db * db;
          s.sab += da * db;
        }
      }
    } else {
      const double da = a[t] - s.ca, oa = a[st - 1] - s.ca;
      s.sa += da - oa;
      s.saa += da * da - oa * oa;
      if (b) {
        const double db = b[t] - s.cb, ob = b[st - 1] - s.cb;
        s.sb += db - ob;
        s.sbb += db * db - ob * ob;
        s.sab += da * db - oa * ob;
      }
    }
    emit(t, s);
  }
}

/// rolling_sums over (a, b) storing, for each window j = t − w + 1, its sums (sa, saa, sb, sbb, sab) and
/// the shift of a (ca); every output has n − w + 1 entries (n ≥ w).
void rolling_pair_sums(const double* a, const double* b, Index n, Index w, double* sa, double* saa, double* sb,
                       double* sbb, double* sab, double* ca) noexcept;

}  // namespace riskdial::detail
