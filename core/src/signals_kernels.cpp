// The per-decision numerics of the trend signals (signals.hpp, signals_kernels.hpp): the
// running sums of a ratio series, its votes and tracking error. No throw, no allocation, no
// JSON: compiled without exception support in WASM (core/CMakeLists.txt), so
// TrendStrategy::decide calls them directly instead of through Emscripten's JS invoke
// trampolines. The callers (signals.cpp) size the storage they fill.
#include <algorithm>
#include <cmath>

#include "riskdial/signals.hpp"
#include "signals_kernels.hpp"

namespace riskdial {

namespace detail {

bool calendar_offset(int nu, int& days, int& months) noexcept {
  days = 0;
  months = 0;
  switch (nu) {
    case 1: return true;
    case 5: days = 7; return true;
    case 21: months = 1; return true;
    case 63: months = 3; return true;
    case 126: months = 6; return true;
    case 252: months = 12; return true;
    default: return false;
  }
}

Index row_at_or_before(const AsOfView& v, Date target) noexcept {
  Index lo = 0, hi = v.last();
  if (v.date(0) > target) return -1;
  while (lo < hi) {
    const Index mid = (lo + hi + 1) / 2;
    if (v.date(mid) <= target) lo = mid; else hi = mid - 1;
  }
  return lo;
}

double sd_from_sums(double s, double q, double n) noexcept {
  const double var = (q - s * s / n) / (n - 1.0);
  return std::sqrt(std::max(var, 0.0));
}

}  // namespace detail

void RatioSeries::extend_rows(const AsOfView& v) noexcept {
  const Index n = v.rows();
  if (n <= rows_) return;
  const auto P = v.prices();
  const auto R = v.returns();
  const double* pa = P.col(a_).data();
  const double* pb = P.col(b_).data();
  const double* ra = R.col(a_).data();
  const double* rb = R.col(b_).data();
  double* ratio = ratio_.get();
  Prefix* pre = pre_.get();
  double prev = rows_ > 0 ? ratio[rows_ - 1] : kNaN;
  Prefix q = pre[rows_];
  for (Index r = rows_; r < n; ++r) {
    const double x = pa[r] / pb[r];
    ratio[r] = x;
    double r1 = x / prev - 1.0;
    if (std::isnan(r1)) r1 = 0.0;
    prev = x;
    double a = ra[r] - rb[r];
    if (std::isnan(a)) a = 0.0;
    q = Prefix{q.p + (std::isnan(x) ? 0.0 : x), q.r + r1, q.r2 + r1 * r1, q.a + a, q.a2 + a * a};
    pre[r + 1] = q;
  }
  rows_ = n;
}

void RatioSeries::votes_sized(const AsOfView& v, const TrendParams& p,
                              AssetVotes& out) const noexcept {
  const Index d = v.last();
  const Index run = std::min(v.valid_run(d, a_), v.valid_run(d, b_));
  const Index first = d - run + 1;  // first row with both prices valid
  out.momentum_count = out.trend_count = out.valid_momentum = out.valid_trend = 0;
  const size_t K = p.frequencies.size();
  const double pd = ratio(d);
  for (size_t k = 0; k < K; ++k) {
    // Reset here, not by a fill before the loop (which compiles to a memset call per asset).
    out.momentum[k] = -1;
    out.trend[k] = -1;
    const int nu = p.frequencies[k];
    Index L = d - nu;
    if (p.anchor == TfAnchor::Calendar) {
      int days, months;
      detail::calendar_offset(nu, days, months);
      if (nu == 1) {
        L = d - 1;
      } else {
        const Date target = months ? add_months(v.date(d), -months) : v.date(d) - days;
        L = detail::row_at_or_before(v, target);
      }
    }
    if (L < first || L >= d) continue;  // window does not fit the valid history
    out.momentum[k] = pd / ratio(L) - 1.0 > p.mom_threshold ? 1 : 0;
    if (nu == 1) continue;  // trend undefined at ν = 1
    const Index c = d - L;  // window rows L+1..d (= ν in trading-day mode)
    double sig = 0.0;
    const bool need_sig = p.trend_vol_coef != 0.0;
    if (need_sig) {
      if (p.vol_method == TfVolMethod::ScaledDaily) {
        const Index kk = std::max<Index>(c, p.vol_min_window);
        if (d - kk < first) continue;  // returns rows d−kk+1..d need prices from d−kk
        const double s = window_sum(&Prefix::r, d - kk + 1, d);
        const double q = window_sum(&Prefix::r2, d - kk + 1, d);
        sig = std::sqrt(static_cast<double>(c)) *
              detail::sd_from_sums(s, q, static_cast<double>(kk));
      } else {
        const Index n = p.eq5_n;
        if (d - n + 1 - c < first) continue;
        double s = 0.0;  // two passes: the mean, then the centered squares
        for (Index i = 0; i < n; ++i) s += ratio(d - i) / ratio(d - i - c) - 1.0;
        const double mean = s / static_cast<double>(n);
        double ss = 0.0;
        for (Index i = 0; i < n; ++i) {
          const double x = ratio(d - i) / ratio(d - i - c) - 1.0 - mean;
          ss += x * x;
        }
        sig = std::sqrt(ss / static_cast<double>(n - 1));
      }
    }
    double S;
    if (p.spread_mode == TfSpreadMode::MaCurve) {
      const double ma = window_sum(&Prefix::p, L + 1, d) / static_cast<double>(c);
      S = pd / ma - 1.0 + (need_sig ? p.trend_vol_coef * sig : 0.0);
    } else {
      const Index n = p.eq5_n;
      if (d - n + 1 - c < first) continue;
      double s = 0.0;
      for (Index i = 0; i < n; ++i) s += ratio(d - i) / ratio(d - i - c) - 1.0;
      const double rbar = s / static_cast<double>(n);
      if (std::abs(rbar) < 1e-12) {
        out.trend[k] = 0;  // S = NaN → vote 0
        continue;
      }
      const double r1 = pd / ratio(d - 1) - 1.0;
      S = (r1 - rbar) / rbar + (need_sig ? p.trend_vol_coef * sig : 0.0);
    }
    out.trend[k] = S > 0.0 ? 1 : 0;
  }
  for (size_t k = 0; k < K; ++k) {
    if (out.momentum[k] >= 0) {
      ++out.valid_momentum;
      out.momentum_count += out.momentum[k];
    }
    if (out.trend[k] >= 0) {
      ++out.valid_trend;
      out.trend_count += out.trend[k];
    }
  }
  out.votes = out.momentum_count + out.trend_count;
  out.valid_votes = out.valid_momentum + out.valid_trend;
  out.included = fuse_votes(out, p.fusion);
}

double RatioSeries::tracking_error(const AsOfView& v, int lookback) const noexcept {
  const Index d = v.last();
  const Index run = std::min(v.valid_run(d, a_), v.valid_run(d, b_));
  if (lookback < 2 || lookback > run - 1) return kNaN;
  const double s = window_sum(&Prefix::a, d - lookback + 1, d);
  const double q = window_sum(&Prefix::a2, d - lookback + 1, d);
  return detail::sd_from_sums(s, q, lookback) *
         std::sqrt(static_cast<double>(v.periods_per_year()));
}

bool fuse_votes(const AssetVotes& v, TfFusion fusion) noexcept {
  if (fusion == TfFusion::PooledMajority) return v.valid_votes > 0 && 2 * v.votes > v.valid_votes;
  return v.valid_momentum > 0 && v.valid_trend > 0 && 2 * v.momentum_count > v.valid_momentum &&
         2 * v.trend_count > v.valid_trend;
}

}  // namespace riskdial
