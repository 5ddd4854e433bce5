#include "riskdial/estimators.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace riskdial {

namespace {

Mat nan_to_zero(const MatRef& x) { return x.unaryExpr([](double v) { return std::isnan(v) ? 0.0 : v; }); }

Mat complete_rows(const MatRef& x) {
  std::vector<Index> keep;
  for (Index t = 0; t < x.rows(); ++t)
    if (x.row(t).allFinite()) keep.push_back(t);
  Mat out(static_cast<Index>(keep.size()), x.cols());
  for (Index k = 0; k < static_cast<Index>(keep.size()); ++k) out.row(k) = x.row(keep[k]);
  return out;
}

// pandas ewm(span, adjust=True, ignore_na=False).mean() at the last row of a series with NaNs.
double ewm_last(const Vec& v, int span) {
  const double a = 2.0 / (span + 1.0);
  double num = 0.0, den = 0.0, w = 1.0;
  for (Index t = v.size() - 1; t >= 0; --t) {
    if (!std::isnan(v[t])) {
      num += w * v[t];
      den += w;
    }
    w *= 1.0 - a;
  }
  return den > 0.0 ? num / den : kNaN;
}

}  // namespace

Vec trailing_mean(const MatRef& r, int frequency) noexcept {
  Vec m(r.cols());
  for (Index j = 0; j < r.cols(); ++j) {
    double s = 0.0;
    Index c = 0;
    for (Index t = 0; t < r.rows(); ++t)
      if (!std::isnan(r(t, j))) {
        s += r(t, j);
        ++c;
      }
    m[j] = c ? frequency * s / static_cast<double>(c) : kNaN;
  }
  return m;
}

Vec mean_historical_return(const MatRef& r, bool compounding, int frequency) {
  if (!compounding) return trailing_mean(r, frequency);
  Vec m(r.cols());
  for (Index j = 0; j < r.cols(); ++j) {
    double lp = 0.0;
    Index c = 0;
    for (Index t = 0; t < r.rows(); ++t)
      if (!std::isnan(r(t, j))) {
        lp += std::log1p(r(t, j));
        ++c;
      }
    m[j] = c ? std::expm1(lp * frequency / static_cast<double>(c)) : kNaN;
  }
  return m;
}

Vec ema_historical_return(const MatRef& r, bool compounding, int span, int frequency) {
  Vec m(r.cols());
  for (Index j = 0; j < r.cols(); ++j) {
    const double e = ewm_last(r.col(j), span);
    m[j] = compounding ? std::pow(1.0 + e, frequency) - 1.0 : e * frequency;
  }
  return m;
}

namespace {
// pandas pairwise-complete covariance of two columns (ddof = 1); NaN if fewer than 2 common rows.
double pair_cov(const Eigen::Ref<const Vec>& x, const Eigen::Ref<const Vec>& y) {
  double sx = 0, sy = 0;
  Index c = 0;
  for (Index t = 0; t < x.size(); ++t)
    if (!std::isnan(x[t]) && !std::isnan(y[t])) {
      sx += x[t];
      sy += y[t];
      ++c;
    }
  if (c < 2) return kNaN;
  const double mx = sx / c, my = sy / c;
  double s = 0;
  for (Index t = 0; t < x.size(); ++t)
    if (!std::isnan(x[t]) && !std::isnan(y[t])) s += (x[t] - mx) * (y[t] - my);
  return s / static_cast<double>(c - 1);
}
}  // namespace

Vec capm_return(const MatRef& r, const Vec& market, double rf, bool compounding, int frequency) {
  const Index T = r.rows(), n = r.cols();
  Vec mk = market;
  if (mk.size() != T) {
    mk.resize(T);
    for (Index t = 0; t < T; ++t) {
      double s = 0;
      Index c = 0;
      for (Index j = 0; j < n; ++j)
        if (!std::isnan(r(t, j))) {
          s += r(t, j);
          ++c;
        }
      mk[t] = c ? s / c : kNaN;
    }
  }
  const double vm = pair_cov(mk, mk);
  Mat mkm = mk;
  const double mret = compounding ? mean_historical_return(mkm, true, frequency)[0]
                                  : trailing_mean(mkm, frequency)[0];
  Vec out(n);
  for (Index j = 0; j < n; ++j) out[j] = rf + pair_cov(r.col(j), mk) / vm * (mret - rf);
  return out;
}

Vec shrunk_mean(const MatRef& r, double delta, int frequency) noexcept {
  Vec m = trailing_mean(r, frequency);
  return ((1.0 - delta) * m.array() + delta * m.mean()).matrix();
}

Vec jorion_mean(const MatRef& returns, int frequency, bool* fell_back) noexcept {
  Mat x = complete_rows(returns);
  const Index T = x.rows(), N = x.cols();
  if (fell_back) *fell_back = false;
  if (T <= N + 2) {
    if (fell_back) *fell_back = true;
    return shrunk_mean(returns, 0.5, frequency);
  }
  Vec mh = x.colwise().mean().transpose();
  Mat xc = x.rowwise() - mh.transpose();
  Mat S = xc.transpose() * xc / static_cast<double>(T - 1);
  Mat St = S * static_cast<double>(T - 1) / static_cast<double>(T - N - 2);
  auto ldlt = St.ldlt();
  Vec one = Vec::Ones(N);
  Vec si1 = ldlt.solve(one);
  const double mu0 = si1.dot(mh) / si1.dot(one);
  Vec dev = mh.array() - mu0;
  const double d = dev.dot(ldlt.solve(dev));
  const double delta = (N + 2.0) / ((N + 2.0) + T * d);
  return frequency * ((1.0 - delta) * mh.array() + delta * mu0).matrix();
}

Vec momentum_return(const MatRef& p, int lookback, int skip) noexcept {
  const Index T = p.rows();
  Vec out = Vec::Constant(p.cols(), kNaN);
  if (T < lookback + 1) return out;
  for (Index j = 0; j < p.cols(); ++j)
    out[j] = std::pow(p(T - 1 - skip, j) / p(T - 1 - lookback, j), 12.0 / (lookback - skip)) - 1.0;
  return out;
}

Mat sample_cov(const MatRef& r, int frequency) noexcept {
  const Index n = r.cols();
  if (r.rows() >= 2 && !r.hasNaN()) {
    // Complete window (every risk-targeting decision): pairwise-complete = the usual demeaned cross product,
    // one GEMM instead of N² column passes. Same value as the pairwise path up to rounding.
    const Mat xc = r.rowwise() - r.colwise().mean();
    Mat c = (xc.transpose() * xc) * (static_cast<double>(frequency) / static_cast<double>(r.rows() - 1));
    return (c + c.transpose()) * 0.5;  // exactly symmetric
  }
  Mat c(n, n);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j <= i; ++j) c(i, j) = c(j, i) = frequency * pair_cov(r.col(i), r.col(j));
  return c;
}

Mat RollingSampleCov::update(const MatRef& x, Index shift, int frequency) noexcept {
  const Index T = x.rows(), n = x.cols();
  bool full = prev_.rows() != T || prev_.cols() != n || shift <= 0 || shift >= T || since_full_ >= 12 || T < 2;
  if (!full) full = prev_.bottomRows(T - shift) != x.topRows(T - shift);
  if (full) {
    since_full_ = 0;
    ref_ = x.colwise().mean().transpose();
    const Mat d = x.rowwise() - ref_.transpose();
    S_.setZero(n, n);
    S_.selfadjointView<Eigen::Lower>().rankUpdate(d.transpose());  // lower triangle
    s_ = d.colwise().sum().transpose();
  } else {
    ++since_full_;
    const Mat in = x.bottomRows(shift).rowwise() - ref_.transpose();
    const Mat out = prev_.topRows(shift).rowwise() - ref_.transpose();
    S_.selfadjointView<Eigen::Lower>().rankUpdate(in.transpose(), 1.0);
    S_.selfadjointView<Eigen::Lower>().rankUpdate(out.transpose(), -1.0);
    s_ += in.colwise().sum().transpose() - out.colwise().sum().transpose();
  }
  last_full_ = full;
  prev_ = x;
  Mat c = S_;
  c.selfadjointView<Eigen::Lower>().rankUpdate(s_, -1.0 / static_cast<double>(T));
  c *= static_cast<double>(frequency) / static_cast<double>(T - 1);
  c.triangularView<Eigen::StrictlyUpper>() = c.transpose();
  return c;
}

Mat semicovariance(const MatRef& r, double benchmark, int frequency) {
  Mat d = r.unaryExpr([&](double v) { return std::isnan(v) ? 0.0 : std::min(v - benchmark, 0.0); });
  return frequency * (d.transpose() * d) / static_cast<double>(r.rows());
}

Mat exp_cov(const MatRef& r, int span, int frequency) {
  const Index n = r.cols(), T = r.rows();
  Vec mean(n);
  for (Index j = 0; j < n; ++j) mean[j] = trailing_mean(r.col(j), 1)[0];
  Mat c(n, n);
  Vec prod(T);
  for (Index i = 0; i < n; ++i)
    for (Index j = 0; j <= i; ++j) {
      for (Index t = 0; t < T; ++t) prod[t] = (r(t, i) - mean[i]) * (r(t, j) - mean[j]);
      c(i, j) = c(j, i) = frequency * ewm_last(prod, span);
    }
  return c;
}

Mat ewma_cov(const MatRef& returns, double lambda, bool demean, int frequency) noexcept {
  Mat x = complete_rows(returns);
  const Index T = x.rows(), n = x.cols();
  Vec w(T);
  const double norm = (1.0 - lambda) / (1.0 - std::pow(lambda, static_cast<double>(T)));
  for (Index k = 0; k < T; ++k) w[T - 1 - k] = norm * std::pow(lambda, static_cast<double>(k));
  Vec m = Vec::Zero(n);
  if (demean) m = x.transpose() * w;
  Mat xc = x.rowwise() - m.transpose();
  return frequency * (xc.transpose() * w.asDiagonal() * xc);
}

Mat ledoit_wolf(const MatRef& returns, ShrinkageTarget target, int frequency,
                double* delta_out) noexcept {
  // PyPortfolioOpt: X = pct_change().dropna(how="all"), then np.nan_to_num.
  const Mat X = nan_to_zero(returns);
  const Index t = X.rows(), n = X.cols();
  const double td = static_cast<double>(t);
  const Vec mean = X.colwise().mean().transpose();
  const Mat Xm = X.rowwise() - mean.transpose();
  double delta = 0.0;
  Mat out;
  if (target == ShrinkageTarget::ConstantVariance) {  // scikit-learn ledoit_wolf
    Mat emp = Xm.transpose() * Xm / td;
    const double mu = emp.trace() / n;
    Mat X2 = Xm.array().square().matrix();
    const double beta_ = ((X2.transpose() * X2).sum() / td - emp.squaredNorm()) / (n * td);
    Mat d = emp;
    d.diagonal().array() -= mu;
    const double delta_ = d.squaredNorm() / n;
    const double b = std::min(beta_, delta_);
    delta = delta_ == 0.0 ? 0.0 : b / delta_;
    out = (1.0 - delta) * emp;
    out.diagonal().array() += delta * mu;
  } else if (target == ShrinkageTarget::SingleFactor) {
    Vec xmkt = X.rowwise().mean();
    Mat A(t, n + 1);
    A.leftCols(n) = Xm;
    A.col(n) = xmkt;
    Mat Ac = A.rowwise() - A.colwise().mean();
    Mat sample_all = Ac.transpose() * Ac / td;  // np.cov(...)·(t−1)/t
    Vec betas = sample_all.col(n).head(n);
    const double varmkt = sample_all(n, n);
    Mat sample = sample_all.topLeftCorner(n, n);
    Mat F = betas * betas.transpose() / varmkt;
    F.diagonal() = sample.diagonal();
    const double c = (sample - F).squaredNorm();
    Mat y = Xm.array().square().matrix();
    const double p = (y.transpose() * y).sum() / td - sample.array().square().sum();
    const double rdiag = y.array().square().sum() / td - sample.diagonal().array().square().sum();
    Mat z = Xm.array().colwise() * xmkt.array();
    Mat v1 = (y.transpose() * z) / td - (betas * Vec::Ones(n).transpose()).cwiseProduct(sample);
    Mat bt = betas * Vec::Ones(n).transpose();  // np.tile(betas, (n,)) : column i = betas
    const double roff1 = v1.cwiseProduct(bt.transpose()).sum() / varmkt -
                         (v1.diagonal().array() * betas.array()).sum() / varmkt;
    Mat v3 = (z.transpose() * z) / td - varmkt * sample;
    const double roff3 = v3.cwiseProduct(betas * betas.transpose()).sum() / (varmkt * varmkt) -
                         (v3.diagonal().array() * betas.array().square()).sum() / (varmkt * varmkt);
    const double r = rdiag + 2 * roff1 - roff3;
    const double k = (p - r) / c;
    delta = std::max(0.0, std::min(1.0, k / td));
    out = delta * F + (1.0 - delta) * sample;
  } else {
    Mat S = sample_cov(returns, 1);  // pairwise, ddof = 1 (self.X.cov())
    Vec var = S.diagonal();
    Vec sd = var.cwiseSqrt();
    Mat sdsd = sd * sd.transpose();
    const double r_bar = ((S.array() / sdsd.array()).sum() - n) / (n * (n - 1.0));
    Mat F = r_bar * sdsd;
    F.diagonal() = var;
    Mat y = Xm.array().square().matrix();
    Mat XtX = Xm.transpose() * Xm;
    Mat pi_mat = (y.transpose() * y) / td - 2.0 * XtX.cwiseProduct(S) / td + S.cwiseProduct(S);
    const double pi_hat = pi_mat.sum();
    Mat term1 = (Xm.array().cube().matrix().transpose() * Xm) / td;
    Mat help = XtX / td;
    Vec hd = help.diagonal();
    Mat term2 = (hd * Vec::Ones(n).transpose()).cwiseProduct(S);   // tile(hd,(n,1)).T → row i = hd_i
    Mat vv = var * Vec::Ones(n).transpose();                         // _var: column-tiled, (i,j) = var_i
    Mat term3 = help.cwiseProduct(vv);
    Mat term4 = vv.cwiseProduct(S);
    Mat theta = term1 - term2 - term3 + term4;
    theta.diagonal().setZero();
    Mat ratio = sd.cwiseInverse() * sd.transpose();  // (i,j) = sd_j / sd_i
    const double rho_hat = pi_mat.diagonal().sum() + r_bar * ratio.cwiseProduct(theta).sum();
    const double gamma_hat = (S - F).squaredNorm();
    const double kappa = (pi_hat - rho_hat) / gamma_hat;
    delta = std::max(0.0, std::min(1.0, kappa / td));
    out = delta * F + (1.0 - delta) * S;
  }
  if (delta_out) *delta_out = delta;
  return frequency * out;
}

Mat oracle_approximating(const MatRef& returns, int frequency, double* delta_out) {
  const Mat X = nan_to_zero(returns);
  const Index t = X.rows(), n = X.cols();
  const Mat Xm = X.rowwise() - X.colwise().mean();
  Mat emp = Xm.transpose() * Xm / static_cast<double>(t);
  const double mu = emp.trace() / n;
  const double alpha = emp.array().square().mean();
  const double num = alpha + mu * mu;
  const double den = (t + 1.0) * (alpha - mu * mu / n);
  const double s = den == 0.0 ? 1.0 : std::min(num / den, 1.0);
  Mat out = (1.0 - s) * emp;
  out.diagonal().array() += s * mu;
  if (delta_out) *delta_out = s;
  return frequency * out;
}

}  // namespace riskdial
