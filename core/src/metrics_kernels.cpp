// Hot loops of compute_metrics (metrics_detail.hpp): pure numerics, no throw, no JSON — compiled without
// exception support in WASM (RISKDIAL_WASM_NOEXCEPT_SOURCES).
#include <algorithm>
#include <vector>

#include "metrics_detail.hpp"

namespace riskdial::detail {

// Branch-free sides. A conditional term `c ? v : 0.0` is a select, and V8 compiles a floating-point select
// as a branch: on returns (c = sign, unpredictable) that mispredicts about every other row, several times
// the cost of the loop in WASM (natively GCC may branch too). So the 0/1 weights of a side are first
// stored by a map loop (vectorized: compare masks, no branch), and the sums then add w·v: for finite v
// that is v or ±0, and adding ±0 leaves a sum that starts at +0 unchanged — the same numbers as the
// conditional terms. Counts are integer sums of the comparisons.
namespace {

/// w[i] = 1 where v[i] > lo (weights_above) / v[i] < hi (weights_below), else 0.
void weights_above(const double* v, Index n, double lo, double* w) {
  for (Index i = 0; i < n; ++i) w[i] = v[i] > lo ? 1.0 : 0.0;
}
void weights_below(const double* v, Index n, double hi, double* w) {
  for (Index i = 0; i < n; ++i) w[i] = v[i] < hi ? 1.0 : 0.0;
}

}  // namespace

DownsideSums downside_sums(const double* r, Index n, double tau, double mean) noexcept {
  DownsideSums d;
  double dd_sum2 = 0.0, dd_sum1 = 0.0, up_sum = 0.0, semi2 = 0.0;
  Index n_below = 0, n_above = 0;
  double r_max = n > 0 ? r[0] : kNaN, r_min = r_max;  // exact in any order
  // τ − v > 0 ⇔ v < τ and v − τ > 0 ⇔ v > τ for finite values (a nonzero difference never rounds to 0).
  std::vector<double> w(static_cast<size_t>(3 * n));
  double *w_below = w.data(), *w_above = w_below + n, *w_semi = w_above + n;
  weights_below(r, n, tau, w_below);
  weights_above(r, n, tau, w_above);
  weights_below(r, n, mean, w_semi);
  for (Index i = 0; i < n; ++i) {
    const double v = r[i];
    r_max = std::max(r_max, v);  // rarely taken
    r_min = std::min(r_min, v);
    const double bl = w_below[i] * (tau - v);
    dd_sum2 += bl * bl;
    dd_sum1 += bl;
    up_sum += w_above[i] * (v - tau);
    n_below += v < tau;
    n_above += v > tau;
    const double sb = w_semi[i] * (mean - v);
    semi2 += sb * sb;
  }
  d.dd_sum2 = dd_sum2;
  d.dd_sum1 = dd_sum1;
  d.up_sum = up_sum;
  d.semi2 = semi2;
  d.r_max = r_max;
  d.r_min = r_min;
  d.n_below = n_below;
  d.n_above = n_above;
  return d;
}

CaptureSums capture_sums(const double* r, const double* b, Index n, bool products) noexcept {
  CaptureSums c;
  double su_r = 0, su_b = 0, sd_r = 0, sd_b = 0;
  Index nu = 0, nneg = 0, num_up = 0, num_dn = 0, pct_up = 0, pct_dn = 0;
  std::vector<double> w(static_cast<size_t>(2 * n));
  double *w_up = w.data(), *w_not = w_up + n;  // b > 0, b ≤ 0
  weights_above(b, n, 0.0, w_up);
  for (Index i = 0; i < n; ++i) w_not[i] = 1.0 - w_up[i];
  for (Index i = 0; i < n; ++i) {
    const double a = r[i], bv = b[i], wu = w_up[i], wn = w_not[i];
    const bool u = bv > 0.0, ng = bv < 0.0;
    su_r += wu * a;
    su_b += wu * bv;
    sd_r += wn * a;
    sd_b += wn * bv;
    nu += u;
    nneg += ng;
    num_up += u & (a > 0.0);
    pct_up += u & (a > bv);
    num_dn += ng & (a < 0.0);
    pct_dn += ng & (a > bv);
  }
  c.su_r = su_r;
  c.su_b = su_b;
  c.sd_r = sd_r;
  c.sd_b = sd_b;
  c.nu = nu;
  c.nneg = nneg;
  c.num_up = num_up;
  c.num_dn = num_dn;
  c.pct_up = pct_up;
  c.pct_dn = pct_dn;
  if (products) {
    double pu_r = 1, pu_b = 1, pd_r = 1, pd_b = 1;
    for (Index i = 0; i < n; ++i) {  // 1 + w·v: 1 + v on its side, exactly 1 on the other
      const double a = r[i], bv = b[i], wu = w_up[i], wn = w_not[i];
      pu_r *= 1.0 + wu * a;
      pu_b *= 1.0 + wu * bv;
      pd_r *= 1.0 + wn * a;
      pd_b *= 1.0 + wn * bv;
    }
    c.pu_r = pu_r;
    c.pu_b = pu_b;
    c.pd_r = pd_r;
    c.pd_b = pd_b;
  }
  return c;
}

BullBearSums bull_bear_sums(const double* x, const double* y, Index n) noexcept {
  // Two passes (means, then centered sums) with one scalar accumulator per side and 0/1 weights (no
  // branches, no indexed accumulators); the other side adds an exact 0, so each sum sees the same terms in
  // the same order as a per-side loop.
  BullBearSums s;
  std::vector<double> w(static_cast<size_t>(2 * n));
  double *w_up = w.data(), *w_dn = w_up + n;
  weights_above(y, n, 0.0, w_up);
  weights_below(y, n, 0.0, w_dn);
  Index n0 = 0, n1 = 0;  // counts: the sums of the weights (exact)
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  for (Index i = 0; i < n; ++i) {
    const double xv = x[i], yv = y[i], wu = w_up[i], wd = w_dn[i];
    n0 += yv > 0.0;
    n1 += yv < 0.0;
    x0 += wu * xv;
    x1 += wd * xv;
    y0 += wu * yv;
    y1 += wd * yv;
  }
  const double c0 = static_cast<double>(n0), c1 = static_cast<double>(n1);
  const double mx0 = x0 / c0, mx1 = x1 / c1, my0 = y0 / c0, my1 = y1 / c1;
  double p0 = 0, p1 = 0, q0 = 0, q1 = 0;
  for (Index i = 0; i < n; ++i) {
    const double xv = x[i], yv = y[i], wu = w_up[i], wd = w_dn[i];
    const double dy0 = wu * (yv - my0), dy1 = wd * (yv - my1);
    p0 += (xv - mx0) * dy0;
    p1 += (xv - mx1) * dy1;
    q0 += dy0 * dy0;
    q1 += dy1 * dy1;
  }
  s.cn[0] = c0;
  s.cn[1] = c1;
  s.cxy[0] = p0;
  s.cxy[1] = p1;
  s.cyy[0] = q0;
  s.cyy[1] = q1;
  return s;
}

void rolling_pair_sums(const double* a, const double* b, Index n, Index w, double* sa, double* saa, double* sb,
                       double* sbb, double* sab, double* ca) noexcept {
  rolling_sums(a, b, n, w, [&](Index t, const WindowSums& s) {
    const Index j = t - w + 1;
    sa[j] = s.sa;
    saa[j] = s.saa;
    sb[j] = s.sb;
    sbb[j] = s.sbb;
    sab[j] = s.sab;
    ca[j] = s.ca;
  });
}

}  // namespace riskdial::detail
