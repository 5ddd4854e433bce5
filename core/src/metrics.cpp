// Building blocks of the metrics suite (riskdial/metrics.hpp). Formulas: spec §2 and Appendix C.
#include <algorithm>
#include <cmath>

#include "metrics_detail.hpp"
#include "riskdial/metrics.hpp"

namespace riskdial {

namespace detail {

Moments moments(const double* r, Index n) {
  Moments m;
  m.n = n;
  if (n == 0) return m;
  // Two passes (the mean, then the three central sums fused) in the summation order of Eigen's vectorized
  // reductions (reduce_lanes).
  const double dn = static_cast<double>(n);
  m.mean = sum_of(r, n) / dn;
  const double mean = m.mean;
  const auto s = reduce_lanes<3>(
      n, 0,
      [r, mean](Index i) {
        const double d = r[i] - mean, d2 = d * d;
        return std::array<double, 3>{d2, d2 * d, d2 * d2};
      },
      Plus());
  const double s2 = s[0];
  if (is_rounding_noise(s2, m.mean, n)) {  // constant series: exactly zero dispersion
    m.m2 = m.m3 = m.m4 = 0.0;
    m.sd = n >= 2 ? 0.0 : kNaN;
    return m;
  }
  m.m2 = s2 / dn;
  m.m3 = s[1] / dn;
  m.m4 = s[2] / dn;
  m.sd = n >= 2 ? std::sqrt(s2 / (dn - 1.0)) : kNaN;
  return m;
}

double sample_sd(const double* r, Index n) {
  if (n < 2) return kNaN;
  const double dn = static_cast<double>(n), mean = sum_of(r, n) / dn;
  const double s2 = reduce_lanes<1>(
      n, 0, [r, mean](Index i) { return std::array<double, 1>{(r[i] - mean) * (r[i] - mean)}; }, Plus())[0];
  if (is_rounding_noise(s2, mean, n)) return 0.0;
  return std::sqrt(s2 / (dn - 1.0));
}

double active_sd(const double* act, const double* r, const double* b, Index n) {
  if (n < 2) return kNaN;
  const double dn = static_cast<double>(n), mean = sum_of(act, n) / dn;
  // Σ(act − mean)² with max|r| and max|b| in the same pass (a maximum is exact in any order).
  const auto s = reduce_lanes<1>(
      n, 0, [act, mean](Index i) { return std::array<double, 1>{(act[i] - mean) * (act[i] - mean)}; }, Plus());
  const auto mx = reduce_lanes<2>(
      n, 0, [r, b](Index i) { return std::array<double, 2>{std::fabs(r[i]), std::fabs(b[i])}; }, Max());
  const double s2 = s[0];
  const double scale = 1.0 + std::max(mx[0], mx[1]);
  const double e = 16.0 * 2.220446049250313e-16 * scale;
  if (s2 <= dn * e * e) return 0.0;
  return std::sqrt(s2 / (dn - 1.0));
}

double tail_post(double loss) {
  if (!std::isfinite(loss)) return kNaN;
  if (loss <= 0.0) return kNaN;  // PA: a "gain" → NA (inverse risk)
  return loss > 1.0 ? 1.0 : loss;
}

double cornish_fisher_z(double z, double s, double k) {
  const double z2 = z * z, z3 = z2 * z;
  return z + (z2 - 1.0) * s / 6.0 + (z3 - 3.0 * z) * k / 24.0 - (2.0 * z3 - 5.0 * z) * s * s / 36.0;
}

void skew_kurt_for_tail(const Moments& m, double& s, double& k) {
  if (m.m2 == 0.0) {
    s = 0.0;
    k = 0.0;
  } else {
    s = m.m3 / std::pow(m.m2, 1.5);
    k = m.m4 / (m.m2 * m.m2) - 3.0;
  }
}

double raw_var_param(double mu, double sigma, double s, double k, double p, TailMethod method) {
  const double a = tail_probability(p);
  switch (method) {
    case TailMethod::Historical: return kNaN;
    case TailMethod::Gaussian: return -mu - normal_quantile(a) * sigma;
    case TailMethod::Modified: return -mu - cornish_fisher_z(normal_quantile(a), s, k) * sigma;
  }
  return kNaN;
}

double raw_es_param(double mu, double sigma, double s, double k, double p, TailMethod method, bool operational) {
  const double a = tail_probability(p);
  switch (method) {
    case TailMethod::Historical: return kNaN;
    case TailMethod::Gaussian: return -mu + sigma * normal_pdf(normal_quantile(a)) / a;
    case TailMethod::Modified: {
      const double h = cornish_fisher_z(normal_quantile(a), s, k);
      const double h2 = h * h, h3 = h2 * h, h4 = h2 * h2, h6 = h4 * h2;
      const double e = normal_pdf(h) * (1.0 + h3 * s / 6.0 + (h6 - 9.0 * h4 + 9.0 * h2 + 3.0) * s * s / 72.0 +
                                        (h4 - 2.0 * h2 - 1.0) * k / 24.0);
      if (operational) return -mu - sigma * std::min(-e / a, h);
      return -mu + sigma * e / a;
    }
  }
  return kNaN;
}

double raw_var(const Moments& m, const double* sorted, double p, TailMethod method) {
  const double a = tail_probability(p);
  switch (method) {
    case TailMethod::Historical: {
      if (m.n < 2) return kNaN;
      return -quantile_type7(Eigen::Map<const Vec>(sorted, m.n), a);
    }
    case TailMethod::Gaussian:
      if (m.n < 2) return kNaN;
      return -m.mean - normal_quantile(a) * std::sqrt(m.m2);
    case TailMethod::Modified: {
      if (m.n < 4) return kNaN;
      double s, k;
      skew_kurt_for_tail(m, s, k);
      return -m.mean - cornish_fisher_z(normal_quantile(a), s, k) * std::sqrt(m.m2);
    }
  }
  return kNaN;
}

double raw_es(const Moments& m, const double* sorted, double p, TailMethod method, bool operational) {
  const double a = tail_probability(p);
  switch (method) {
    case TailMethod::Historical: {
      if (m.n < 2) return kNaN;
      const double q = quantile_type7(Eigen::Map<const Vec>(sorted, m.n), a);
      double s = 0.0;
      Index c = 0;
      for (Index i = 0; i < m.n && sorted[i] < q; ++i, ++c) s += sorted[i];
      return c == 0 ? -q : -(s / static_cast<double>(c));
    }
    case TailMethod::Gaussian: {
      if (m.n < 2) return kNaN;
      const double z = normal_quantile(a);
      return -m.mean + std::sqrt(m.m2) * normal_pdf(z) / a;
    }
    case TailMethod::Modified: {
      if (m.n < 4) return kNaN;
      double s, k;
      skew_kurt_for_tail(m, s, k);
      const double h = cornish_fisher_z(normal_quantile(a), s, k);
      const double h2 = h * h, h3 = h2 * h, h4 = h2 * h2, h6 = h4 * h2;
      const double e = normal_pdf(h) * (1.0 + h3 * s / 6.0 + (h6 - 9.0 * h4 + 9.0 * h2 + 3.0) * s * s / 72.0 +
                                        (h4 - 2.0 * h2 - 1.0) * k / 24.0);
      const double sig = std::sqrt(m.m2);
      if (operational) return -m.mean - sig * std::min(-e / a, h);
      return -m.mean + sig * e / a;
    }
  }
  return kNaN;
}

double normal_pdf(double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * M_PI); }

void drawdowns_into(const double* r, Index n, double* dd) {
  double w = 1.0, peak = 1.0;
  for (Index i = 0; i < n; ++i) {
    w *= 1.0 + r[i];
    if (w > peak) peak = w;
    dd[i] = w / peak - 1.0;
  }
}

std::vector<DrawdownEpisode> episodes_from_dd(const double* dd, Index n) {
  std::vector<DrawdownEpisode> out;
  Index i = 0;
  while (i < n) {
    if (!(dd[i] < 0.0)) {
      ++i;
      continue;
    }
    DrawdownEpisode e;
    e.from = i;
    e.trough = i;
    e.depth = dd[i];
    while (i < n && dd[i] < 0.0) {
      if (dd[i] < e.depth) {
        e.depth = dd[i];
        e.trough = i;
      }
      ++i;
    }
    e.to = i;
    e.recovered = i < n;
    e.length = e.to - e.from + 1;
    e.to_trough = e.trough - e.from + 1;
    e.recovery = e.to - e.trough;
    out.push_back(e);
  }
  return out;
}

}  // namespace detail

using detail::moments;

double mean_return(const VecRef& r) { return r.size() == 0 ? kNaN : r.mean(); }

double volatility(const VecRef& r) { return moments(r.data(), r.size()).sd; }

double annualized_volatility(const VecRef& r, double p) { return volatility(r) * std::sqrt(p); }

double central_moment(const VecRef& r, int k) {
  const Index n = r.size();
  if (n == 0) return kNaN;
  const double m = r.mean();
  double s = 0.0;
  for (Index i = 0; i < n; ++i) s += std::pow(r[i] - m, k);
  return s / static_cast<double>(n);
}

double cumulative_return(const VecRef& r) {
  double w = 1.0;
  for (Index i = 0; i < r.size(); ++i) w *= 1.0 + r[i];
  return w - 1.0;
}

double annualized_return(const VecRef& r, double p, bool geometric) {
  const Index n = r.size();
  if (n == 0) return kNaN;
  if (!geometric) return p * r.mean();
  return std::pow(1.0 + cumulative_return(r), p / static_cast<double>(n)) - 1.0;
}

double skewness(const VecRef& r, SkewnessMethod method) {
  const auto m = moments(r.data(), r.size());
  if (m.n < 3 || m.m2 == 0.0) return kNaN;
  const double g = m.m3 / std::pow(m.m2, 1.5), n = static_cast<double>(m.n);
  switch (method) {
    case SkewnessMethod::Moment: return g;
    case SkewnessMethod::Fisher: return std::sqrt(n * (n - 1.0)) / (n - 2.0) * g;
    case SkewnessMethod::Sample: return g * n * n / ((n - 1.0) * (n - 2.0));
  }
  return kNaN;
}

double kurtosis(const VecRef& r, KurtosisMethod method) {
  const auto m = moments(r.data(), r.size());
  if (m.n < 4 || m.m2 == 0.0) return kNaN;
  const double n = static_cast<double>(m.n), g = m.m4 / (m.m2 * m.m2);
  const double s4 = std::pow(m.sd, 4.0);
  const double sample = m.m4 * n / s4 * n * (n + 1.0) / ((n - 1.0) * (n - 2.0) * (n - 3.0));
  switch (method) {
    case KurtosisMethod::Excess: return g - 3.0;
    case KurtosisMethod::Moment: return g;
    case KurtosisMethod::Sample: return sample;
    case KurtosisMethod::SampleExcess: return sample - 3.0 * (n - 1.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0));
  }
  return kNaN;
}

double downside_deviation(const VecRef& r, double mar, bool subset) {
  double s = 0.0;
  Index c = 0;
  for (Index i = 0; i < r.size(); ++i)
    if (r[i] < mar) {
      s += (mar - r[i]) * (mar - r[i]);
      ++c;
    }
  if (r.size() == 0) return kNaN;
  return std::sqrt(s / static_cast<double>(subset ? c : r.size()));
}

double downside_potential(const VecRef& r, double mar) {
  if (r.size() == 0) return kNaN;
  double s = 0.0;
  for (Index i = 0; i < r.size(); ++i)
    if (r[i] < mar) s += mar - r[i];
  return s / static_cast<double>(r.size());
}

double semi_deviation(const VecRef& r) { return downside_deviation(r, mean_return(r), false); }

double upside_potential_ratio(const VecRef& r, double mar, bool subset) {
  double up = 0.0, dn = 0.0;
  Index cu = 0, cd = 0;
  for (Index i = 0; i < r.size(); ++i) {
    if (r[i] > mar) {
      up += r[i] - mar;
      ++cu;
    } else if (r[i] < mar) {
      dn += (mar - r[i]) * (mar - r[i]);
      ++cd;
    }
  }
  const double n = static_cast<double>(r.size());
  if (subset) return (up / static_cast<double>(cu)) / std::sqrt(dn / static_cast<double>(cd));
  return (up / n) / std::sqrt(dn / n);
}

double omega_ratio(const VecRef& r, double l) {
  double up = 0.0, dn = 0.0;
  for (Index i = 0; i < r.size(); ++i) {
    if (r[i] > l) up += r[i] - l;
    if (r[i] < l) dn += l - r[i];
  }
  return up / dn;
}

double sortino_ratio(const VecRef& r, double mar) {
  return (mean_return(r) - mar) / downside_deviation(r, mar, false);
}

double sharpe_ratio(const VecRef& x) {
  const auto m = moments(x.data(), x.size());
  return m.n == 0 ? kNaN : m.mean / m.sd;
}

double sharpe_ratio_annualized(const VecRef& x, double p, bool geometric) {
  return annualized_return(x, p, geometric) / annualized_volatility(x, p);
}

double quantile_type7(const VecRef& sorted, double a) {
  const Index n = sorted.size();
  if (n == 0) return kNaN;
  const double h = static_cast<double>(n - 1) * a;  // 0-based: h = (n − 1)α
  const double fl = std::floor(h);
  const Index lo = static_cast<Index>(fl);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - fl) * (sorted[lo + 1] - sorted[lo]);
}

double tail_probability(double p) { return p >= 0.51 ? 1.0 - p : p; }

double normal_quantile(double p) {
  if (!(p > 0.0 && p < 1.0)) return p == 0.0 ? -kInf : (p == 1.0 ? kInf : kNaN);
  // Acklam's rational approximation (|rel. error| < 1.15e-9), refined by one Halley step on erfc.
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01,  -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double plow = 0.02425;
  double x;
  if (p < plow) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - plow) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log(1.0 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  for (int it = 0; it < 2; ++it) {
    const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
    const double u = e * std::sqrt(2.0 * M_PI) * std::exp(x * x / 2.0);
    x = x - u / (1.0 + x * u / 2.0);
  }
  return x;
}

double value_at_risk(const VecRef& r, double p, TailMethod method) {
  const auto m = moments(r.data(), r.size());
  Vec sorted = r;
  std::sort(sorted.data(), sorted.data() + sorted.size());
  return detail::tail_post(detail::raw_var(m, sorted.data(), p, method));
}

double expected_shortfall(const VecRef& r, double p, TailMethod method, bool operational) {
  const auto m = moments(r.data(), r.size());
  Vec sorted = r;
  std::sort(sorted.data(), sorted.data() + sorted.size());
  return detail::tail_post(detail::raw_es(m, sorted.data(), p, method, operational));
}

Vec drawdown_series(const VecRef& r) {
  Vec dd(r.size());
  detail::drawdowns_into(r.data(), r.size(), dd.data());
  return dd;
}

double max_drawdown(const VecRef& r) {
  if (r.size() == 0) return 0.0;
  return std::min(0.0, drawdown_series(r).minCoeff());
}

std::vector<DrawdownEpisode> drawdown_episodes(const VecRef& r) {
  const Vec dd = drawdown_series(r);
  return detail::episodes_from_dd(dd.data(), dd.size());
}

double detail::ulcer_pa208(const double* r, Index n) {
  // PA 2.0.8 DrawdownPeak: compounding (1 + r/100) since the last peak, ×100; a new peak when the
  // compounded value exceeds 1.
  double s = 0.0;
  Index peak = -1;
  double val = 1.0;
  for (Index i = 0; i < n; ++i) {
    val = 1.0;
    for (Index j = peak + 1; j <= i; ++j) val *= 1.0 + r[j] / 100.0;
    double dd;
    if (val > 1.0) {
      peak = i;
      dd = 0.0;
    } else {
      dd = (val - 1.0) * 100.0;
    }
    s += dd * dd;
  }
  return std::sqrt(s / static_cast<double>(n));
}

double ulcer_index(const VecRef& r, bool pa208_compat) {
  const Index n = r.size();
  if (n == 0) return kNaN;
  if (pa208_compat) return detail::ulcer_pa208(r.data(), n);
  const Vec dd = drawdown_series(r);
  return std::sqrt(dd.squaredNorm() / static_cast<double>(n));
}

double pain_index(const VecRef& r) {
  if (r.size() == 0) return kNaN;
  return drawdown_series(r).cwiseAbs().sum() / static_cast<double>(r.size());
}

double burke_denominator(const VecRef& r, bool pa_compat) {
  // Branch-free scan: w compounds the current run of negative returns; a run's D_j is added when it ends.
  const Index n = r.size();
  const double k = pa_compat ? 0.01 : 1.0, scale = pa_compat ? 100.0 : 1.0;
  double s = 0.0, w = 1.0;
  bool prev = false;
  for (Index i = pa_compat ? 1 : 0; i < n; ++i) {
    const bool neg = r[i] < 0.0;
    const double d = (w - 1.0) * scale;
    s += (prev && !neg) ? d * d : 0.0;
    w = neg ? (prev ? w : 1.0) * (1.0 + r[i] * k) : 1.0;
    prev = neg;
  }
  if (prev) {
    const double d = (w - 1.0) * scale;
    s += d * d;
  }
  return std::sqrt(s);
}

detail::CovSums detail::cov_sums(const double* x, const double* y, Index n) {
  CovSums c;
  if (n == 0) {
    c.mx = c.my = kNaN;
    return c;
  }
  // Two passes (the means, then the three centered sums fused) in the summation order of Eigen's vectorized
  // reductions (reduce_lanes).
  const double dn = static_cast<double>(n);
  const Index sx = eigen_start(x, n), sy = eigen_start(y, n);
  if (sx == sy) {
    const auto m = reduce_lanes<2>(n, sx, [x, y](Index i) { return std::array<double, 2>{x[i], y[i]}; }, Plus());
    c.mx = m[0] / dn;
    c.my = m[1] / dn;
  } else {
    c.mx = sum_of(x, n) / dn;
    c.my = sum_of(y, n) / dn;
  }
  const double mx = c.mx, my = c.my;
  const auto s = reduce_lanes<3>(
      n, 0,
      [x, y, mx, my](Index i) {
        const double dx = x[i] - mx, dy = y[i] - my;
        return std::array<double, 3>{dx * dx, dy * dy, dx * dy};
      },
      Plus());
  double sxx = s[0], syy = s[1];
  if (is_rounding_noise(sxx, c.mx, n)) sxx = 0.0;
  if (is_rounding_noise(syy, c.my, n)) syy = 0.0;
  c.sxx = sxx;
  c.syy = syy;
  c.sxy = (sxx == 0.0 || syy == 0.0) ? 0.0 : s[2];
  return c;
}

double detail::cov_sum(const double* x, const double* y, Index n, double& sxx, double& syy) {
  const CovSums c = cov_sums(x, y, n);
  sxx = c.sxx;
  syy = c.syy;
  return c.sxy;
}

double beta(const VecRef& x, const VecRef& y) {
  if (x.size() < 2 || x.size() != y.size()) return kNaN;
  double sxx, syy;
  const double sxy = detail::cov_sum(x.data(), y.data(), x.size(), sxx, syy);
  return syy == 0.0 ? kNaN : sxy / syy;
}

double alpha(const VecRef& x, const VecRef& y) {
  const double b = beta(x, y);
  return std::isnan(b) ? kNaN : x.mean() - b * y.mean();
}

double correlation(const VecRef& x, const VecRef& y) {
  if (x.size() < 2 || x.size() != y.size()) return kNaN;
  double sxx, syy;
  const double sxy = detail::cov_sum(x.data(), y.data(), x.size(), sxx, syy);
  return (sxx == 0.0 || syy == 0.0) ? kNaN : sxy / std::sqrt(sxx * syy);
}

double tracking_error(const VecRef& r, const VecRef& b, double p) {
  if (r.size() != b.size()) return kNaN;
  const Vec d = r - b;
  return annualized_volatility(d, p);
}

Vec apply_management_fee(const std::vector<Date>& dates, const VecRef& gross, double fee_annual) {
  const Index n = gross.size();
  Vec net(n);
  const double f = fee_annual / 12.0;
  double nav = 1.0, nav_prev_me = 1.0;
  for (Index i = 0; i < n; ++i) {
    if (std::isnan(gross[i])) {
      net[i] = kNaN;
      continue;
    }
    const Ymd ymd = ymd_from_date(dates[static_cast<size_t>(i)]);
    bool month_end = true;
    for (Index j = i + 1; j < n; ++j) {
      if (std::isnan(gross[j])) continue;
      const Ymd nx = ymd_from_date(dates[static_cast<size_t>(j)]);
      month_end = nx.year != ymd.year || nx.month != ymd.month;
      break;
    }
    double nav_new = nav * (1.0 + gross[i]);
    if (month_end) nav_new -= f * nav_prev_me;
    net[i] = nav_new / nav - 1.0;
    nav = nav_new;
    if (month_end) nav_prev_me = nav;
  }
  return net;
}

}  // namespace riskdial
