#include "riskdial/optimize.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "qp/active_set.hpp"
#include "qp/cholesky.hpp"
#include "qp/mat_vec.hpp"

namespace riskdial {

using detail::ActiveSetQp;
using detail::FillOrder;
using detail::QpInfo;
using detail::QpSpec;
using detail::QpState;
using detail::QpStatus;

namespace {

struct NameEntry {
  Objective objective;
  const char* name;
};
constexpr NameEntry kObjectiveNames[] = {
    {Objective::MinVolatility, "min_volatility"},
    {Objective::MaxSharpe, "max_sharpe"},
    {Objective::EfficientRisk, "efficient_risk"},
    {Objective::EfficientReturn, "efficient_return"},
    {Objective::MaxQuadraticUtility, "max_quadratic_utility"},
    {Objective::TargetBeta, "target_beta"},
    {Objective::RiskParity, "risk_parity"},
    {Objective::InverseVolatility, "inverse_volatility"},
    {Objective::InverseTrackingError, "inverse_tracking_error"},
};

void add_flag(OptimizeResult& r, const std::string& f) {
  if (std::find(r.flags.begin(), r.flags.end(), f) == r.flags.end()) r.flags.push_back(f);
}

// Phase 1 fills the budget most preferred first: by key, descending or ascending (see FillOrder).
FillOrder order_by(const Vec& key, bool descending) { return {key.data(), key.size(), 1, descending}; }

// dst = src plus one general row lo ≤ aᵀx ≤ hi (dst's storage is reused when the shapes repeat).
void assign_with_row(QpSpec& dst, const QpSpec& src, const Vec& a, double lo, double hi) {
  const Index m = src.cin.rows(), n = src.n();
  dst.s = src.s;
  dst.h_scale = src.h_scale;
  dst.h_diag = src.h_diag;
  dst.c = src.c;
  dst.aeq = src.aeq;
  dst.beq = src.beq;
  dst.lb = src.lb;
  dst.ub = src.ub;
  dst.cin.resize(m + 1, n);
  dst.cin.topRows(m) = src.cin;
  dst.cin.row(m) = a.transpose();
  dst.clo.resize(m + 1);
  dst.clo.head(m) = src.clo;
  dst.clo[m] = lo;
  dst.chi.resize(m + 1);
  dst.chi.head(m) = src.chi;
  dst.chi[m] = hi;
}

// Append one general row to a spec.
void append_row(QpSpec& q, const Vec& a, double lo, double hi) {
  QpSpec t;
  assign_with_row(t, q, a, lo, hi);
  q = std::move(t);
}

void append_eq(QpSpec& q, const Vec& a, double b) {
  const Index m = q.aeq.rows(), n = q.n();
  Mat e(m + 1, n);
  if (m > 0) e.topRows(m) = q.aeq;
  e.row(m) = a.transpose();
  q.aeq = std::move(e);
  Vec bb(m + 1);
  if (m > 0) bb.head(m) = q.beq;
  bb[m] = b;
  q.beq = std::move(bb);
}

}  // namespace

const char* objective_name(Objective objective) noexcept {
  for (const auto& e : kObjectiveNames)
    if (e.objective == objective) return e.name;
  return "unknown";
}

Result<Objective> parse_objective(const std::string& name) {
  std::string all;
  for (const auto& e : kObjectiveNames) {
    if (name == e.name) return e.objective;
    all += all.empty() ? "" : "|";
    all += e.name;
  }
  return make_error(ErrorCode::InvalidArgument, "expected objective " + all + ", got '" + name + "'",
                    "--objective");
}

const char* optimize_status_name(OptimizeStatus s) noexcept {
  switch (s) {
    case OptimizeStatus::Optimal: return "optimal";
    case OptimizeStatus::Infeasible: return "infeasible";
    case OptimizeStatus::MaxIterations: return "max_iterations";
  }
  return "unknown";
}

namespace {

// Square tiles of this size: a tile and its mirror image (read along rows, stride N) stay in L1, so the
// symmetric passes below read the strided side from cache instead of memory (N = 400, in cache: the input
// check 182 → 87 µs, the symmetrization 82 → 48 µs against Eigen's expressions with a transposed operand).
constexpr Index kTile = 32;

// Visits each pair (i, j), i ≥ j, of a square matrix once, tile by tile: f(i, j).
template <class F>
void for_lower_pairs(Index n, F&& f) {
  for (Index jb = 0; jb < n; jb += kTile) {
    const Index je = std::min(jb + kTile, n);
    for (Index ib = jb; ib < n; ib += kTile) {
      const Index ie = std::min(ib + kTile, n);
      for (Index j = jb; j < je; ++j)
        for (Index i = std::max(ib, j); i < ie; ++i) f(i, j);
    }
  }
}

// (A + Aᵀ)/2 of a square A.
Mat symmetric_part(const MatRef& a) {
  const Index n = a.rows();
  Mat s(n, n);
  for_lower_pairs(n, [&](Index i, Index j) { s(i, j) = s(j, i) = 0.5 * (a(i, j) + a(j, i)); });
  return s;
}

// repair_psd; with `order` (a permutation of 0 … N−1) the certificate factors PΣPᵀ − δI (rows and columns in
// that order; the same test, P only reorders the pivots) and, when it passes (Σ returned unrepaired), leaves the
// factor in *cert and sets *certified: its leading k×k block is a Cholesky factor of Σ − δI restricted to
// order[0 … k−1].
Mat repair_psd_cert(const MatRef& cov, double eps_rel, bool* repaired, const std::vector<Index>* order, Mat* cert,
                    bool* certified) {
  if (certified) *certified = false;
  Mat s = symmetric_part(cov);
  if (repaired) *repaired = false;
  const Index n = s.rows();
  if (n == 0) return s;
  // Cheap certificate: Gershgorin bound λ_max ≤ g; if S − eps·g·I is PD then λ_min > eps·λ_max.
  const double g = s.cwiseAbs().rowwise().sum().maxCoeff();
  if (g > 0.0) {
    Mat local;
    Mat& t = order != nullptr && cert != nullptr ? *cert : local;  // reused across solves
    t.resize(n, n);
    if (order != nullptr) {
      for (Index b = 0; b < n; ++b) {
        const Index jb = (*order)[static_cast<std::size_t>(b)];
        for (Index a = b; a < n; ++a) t(a, b) = s((*order)[static_cast<std::size_t>(a)], jb);
      }
    } else {
      t = s;
    }
    t.diagonal().array() -= eps_rel * g;
    if (detail::cholesky_in_place(t) < 0) {
      if (certified) *certified = true;
      return s;
    }
  }
  Eigen::SelfAdjointEigenSolver<Mat> es(s);
  Vec ev = es.eigenvalues();
  const double lmax = ev.maxCoeff();
  const double floor = eps_rel * std::max(lmax, 0.0);
  if (ev.minCoeff() >= floor && lmax > 0.0) return s;
  for (Index i = 0; i < n; ++i) ev[i] = std::max(ev[i], floor);
  Mat r = es.eigenvectors() * ev.asDiagonal() * es.eigenvectors().transpose();
  if (repaired) *repaired = true;
  return 0.5 * (r + r.transpose());
}

}  // namespace

Mat repair_psd(const MatRef& cov, double eps_rel, bool* repaired) {
  return repair_psd_cert(cov, eps_rel, repaired, nullptr, nullptr, nullptr);
}

namespace {

// s + alpha·WWᵀ + c·I for a symmetric s, formed on the lower triangle (one rank update) and mirrored.
Mat plus_rank_update(Mat s, const Mat& w, double alpha, double c) {
  s.selfadjointView<Eigen::Lower>().rankUpdate(w, alpha);
  s.triangularView<Eigen::StrictlyUpper>() = s.transpose();
  s.diagonal().array() += c;
  return s;
}

// The eigendecomposition route of repair_psd_factored: eigenpairs of the T×T Gram matrix FFᵀ. Always right;
// used when the Cholesky route below cannot certify that no nonzero eigenvalue is clipped.
Mat repair_psd_factored_eig(const MatRef& f, double eps_rel, bool* repaired) {
  const Index t = f.rows(), n = f.cols();
  if (repaired) *repaired = false;
  Mat g(t, t);
  g.setZero();
  g.selfadjointView<Eigen::Lower>().rankUpdate(f);  // G = F Fᵀ (lower triangle)
  g.triangularView<Eigen::StrictlyUpper>() = g.transpose();
  Eigen::SelfAdjointEigenSolver<Mat> es(g);
  const Vec& ev = es.eigenvalues();
  const double lmax = t > 0 ? ev.maxCoeff() : 0.0;
  if (!(lmax > 0.0)) return repair_psd(Mat(f.transpose() * f), eps_rel, repaired);
  const double floor = eps_rel * lmax;
  if (t >= n && ev.minCoeff() >= floor) {  // full rank and well conditioned: nothing to clip
    Mat s = f.transpose() * f;
    return 0.5 * (s + s.transpose());
  }
  // W = Fᵀ U_k diag(√((λ_k − c)/λ_k)) over λ_k > c; Σ_repaired = W Wᵀ + c·I.
  std::vector<Index> keep;
  for (Index k = 0; k < t; ++k)
    if (ev[k] > floor) keep.push_back(k);
  Mat u(t, static_cast<Index>(keep.size()));
  for (Index j = 0; j < static_cast<Index>(keep.size()); ++j) {
    const double lk = ev[keep[static_cast<std::size_t>(j)]];
    u.col(j) = es.eigenvectors().col(keep[static_cast<std::size_t>(j)]) * std::sqrt((lk - floor) / lk);
  }
  if (repaired) *repaired = true;
  return plus_rank_update(Mat::Zero(n, n), f.transpose() * u, 1.0, floor);
}

// λ_max of the symmetric PSD matrix g (lower triangle used) by Lanczos with full reorthogonalization.
// Stops when the top Ritz pair's residual r gives |λ_max − θ| ≤ r²/gap ≤ 1e-15·θ (and r ≤ 1e-7·θ), or
// when the Krylov space is invariant; returns NaN when neither happens within the step limit (the caller
// then takes the eigendecomposition route). θ never exceeds λ_max.
double lanczos_lambda_max(const Mat& g) {
  const Index m = g.rows();
  const Index kmax = std::min<Index>(m, 64);
  // Start: the column with the largest diagonal plus a fixed irregular vector of the same norm (generic,
  // so never orthogonal to the leading eigenvector in practice).
  Index jmax = 0;
  g.diagonal().maxCoeff(&jmax);
  Vec v0(m);
  for (Index i = 0; i < m; ++i) v0[i] = g(std::max(i, jmax), std::min(i, jmax));
  const double nv = v0.norm();
  const double scale = (nv > 0.0 ? nv : 1.0) / std::sqrt(0.5 * static_cast<double>(m));
  for (Index i = 0; i < m; ++i) v0[i] += scale * std::sin(1.0 + 0.7548776662466927 * static_cast<double>(i));
  if (!(v0.norm() > 0.0)) return kNaN;
  Mat v(m, kmax + 1);
  v.col(0) = v0 / v0.norm();
  Vec alpha(kmax), beta(kmax), w(m), h(kmax);
  for (Index k = 0; k < kmax; ++k) {
    w.noalias() = g.selfadjointView<Eigen::Lower>() * v.col(k);
    alpha[k] = v.col(k).dot(w);
    for (int pass = 0; pass < 2; ++pass) {  // full reorthogonalization, twice
      h.head(k + 1).noalias() = v.leftCols(k + 1).transpose() * w;
      w.noalias() -= v.leftCols(k + 1) * h.head(k + 1);
    }
    beta[k] = w.norm();
    Eigen::SelfAdjointEigenSolver<Mat> es;
    es.computeFromTridiagonal(Vec(alpha.head(k + 1)), Vec(beta.head(k)), Eigen::ComputeEigenvectors);
    const Vec& th = es.eigenvalues();
    const double theta = th[k];
    if (!(theta > 0.0)) return theta;  // G = 0 (or not PSD): the caller falls back
    const double r = beta[k] * std::abs(es.eigenvectors()(k, k));
    if (beta[k] <= 1e-15 * theta) return theta;  // invariant subspace: θ is an exact eigenvalue
    const double gap = k > 0 ? th[k] - th[k - 1] - r : 0.0;
    if (k > 0 && r <= 1e-7 * theta && gap > 0.0 && r * r <= 1e-15 * theta * gap) return theta;
    v.col(k + 1) = w / beta[k];
  }
  return kNaN;
}

}  // namespace

Mat repair_psd_factored(const MatRef& f, double eps_rel, bool* repaired, const Mat* cov) {
  // Cholesky route (docs/optimizer.md, "Factored path"): with Q an orthonormal basis of 1^⊥ and F' = QᵀF,
  // Σ = FᵀF = F'ᵀF' + aaᵀ where a = Fᵀ1/√T (zero up to rounding for a demeaned window, whose rows sum to 0).
  // If every eigenvalue of G' = F'F'ᵀ exceeds c = eps_rel·λ_max (certified by the Cholesky factorization of
  // I − c·G'⁻¹), the clipped rebuild is Σ_{λ_k > c}(λ_k − c)v_kv_kᵀ + c·I = F'ᵀ(I − c·G'⁻¹)F' + c·I = WWᵀ + c·I
  // with W = F'ᵀR, RRᵀ = I − c·G'⁻¹ — no eigendecomposition; λ_max by Lanczos.
  const Index t = f.rows(), n = f.cols();
  if (repaired) *repaired = false;
  if (t >= 2 && t <= n && eps_rel > 0.0 && f.allFinite()) {
    // Householder reflector H = I − β·hhᵀ with h = 1/√T + e_1 maps 1/√T to −e_1: (HF) = [aᵀ; F'].
    const double td = static_cast<double>(t), rt = 1.0 / std::sqrt(td);
    const double beta = 2.0 / (2.0 + 2.0 * rt);  // 2/(hᵀh)
    const Vec s = (f.colwise().sum().transpose() * rt + f.row(0).transpose()) * beta;  // β·Fᵀh
    Mat fp = f.bottomRows(t - 1);
    fp.rowwise() -= rt * s.transpose();
    const Vec a = f.row(0).transpose() - (rt + 1.0) * s;
    const double fro2 = fp.squaredNorm() + a.squaredNorm();  // trace(G) ≥ λ_max
    Mat fr;
    if (a.squaredNorm() <= 1e-20 * fro2) {  // demeaned: drop the 1-direction (rank ≤ T − 1)
      fr = std::move(fp);
    } else {  // a general factor: keep all T rows
      fr = f;
    }
    const Index k = fr.rows();
    if (k < n) {
      Mat g(k, k);
      g.setZero();
      g.selfadjointView<Eigen::Lower>().rankUpdate(fr);  // lower triangle of G' = F'F'ᵀ
      const double lmax = lanczos_lambda_max(g);
      const double c = eps_rel * lmax;
      if (lmax > 0.0 && std::isfinite(c) && c > 0.0) {
        const detail::Cholesky llt(g);  // reads the lower triangle
        if (llt.ok() && cov != nullptr && cov->rows() == n && cov->cols() == n) {
          // Σ given: Σ_rep = Σ + c·(I − P) with P = F'ᵀG'⁻¹F' = UᵀU, U = L⁻¹F' (the projection onto the range
          // of Σ) — cheaper than W = F'ᵀR; no clip ⇔ λ_min(G') > c ⇔ G' − c·I positive definite.
          Mat gc = g;
          gc.diagonal().array() -= c;
          if (detail::cholesky_in_place(gc) < 0) {
            Mat u = fr;
            llt.matrix().triangularView<Eigen::Lower>().solveInPlace(u);  // U = L⁻¹F' (k×N)
            if (repaired) *repaired = true;
            return plus_rank_update(0.5 * (*cov + cov->transpose()), u.transpose(), -c, c);
          }
        } else if (llt.ok()) {
          Mat m = Mat::Identity(k, k);
          llt.matrix().triangularView<Eigen::Lower>().solveInPlace(m);  // L⁻¹
          Mat ginv(k, k);
          ginv.setZero();
          ginv.selfadjointView<Eigen::Lower>().rankUpdate(m.transpose(), -c);  // −c·L⁻ᵀL⁻¹ = −c·G'⁻¹
          ginv.diagonal().array() += 1.0;
          const detail::Cholesky lr(ginv);  // I − c·G'⁻¹ positive definite ⇔ λ_min(G') > c
          if (lr.ok()) {
            if (repaired) *repaired = true;
            const Mat w = fr.transpose() * lr.matrix().triangularView<Eigen::Lower>();  // W = F'ᵀR
            return plus_rank_update(Mat::Zero(n, n), w, 1.0, c);
          }
        }
      }
    }
  }
  return repair_psd_factored_eig(f, eps_rel, repaired);
}

// ---------------------------------------------------------------------------------------------------------
struct Optimizer::Impl {
  ActiveSetQp qp;
  QpState st_min, st_lp, st_top, st_main, st_aux, st_aux2;
  double last_lambda = kNaN;
  Mat sigma;
  Vec mu;
  Index n = 0;
  std::vector<Index> tan_free_, tan_rows_;  // workspace of Core::tangent_step
  // The PSD certificate of a warm solve factors Σ with the previous minimum-variance solution's free variables
  // first (cert_order_); its leading cert_nf_ × cert_nf_ block then seeds the minimum-variance QP's factor.
  std::vector<Index> cert_order_;
  Index cert_nf_ = 0;
  Mat cert_;
  double eps = 0.0;
  int iterations = 0;
  QpInfo last;  // info of the QP that produced the returned weights
  // Specs reused across solves (assignments of equal shapes do not reallocate): the linear constraints, the
  // sub-problem being solved, the top problem (§3.7) and the binding problem.
  QpSpec base_, work_, top_, main_;

  double vol(const Vec& w) const {
    return std::sqrt(std::max(w.dot(detail::mat_vec(sigma, w)), 0.0));
  }

  QpInfo run(const QpSpec& q, QpState& st, const FillOrder& order) {
    QpInfo info = qp.solve(q, st, order);
    iterations += info.iterations;
    return info;
  }

  // Minimum-variance portfolio under q's linear constraints (+ optional L2 γ). st: state to warm start from.
  QpInfo min_variance(const QpSpec& base, double gamma, QpState& st) {
    QpSpec& q = work_;
    q = base;
    q.s = &sigma;
    q.h_scale = 1.0;
    q.h_diag = gamma;
    q.c = Vec::Zero(n);
    return run(q, st, FillOrder{sigma.data(), n, n + 1, false});  // smallest variance first
  }

  QpInfo max_linear(const QpSpec& base, const Vec& a, QpState& st) {
    QpSpec& q = work_;
    q = base;
    q.s = nullptr;
    q.h_scale = 0.0;
    q.h_diag = 0.0;
    q.c = -a;
    return run(q, st, order_by(a, true));
  }
};

Optimizer::Optimizer() : impl_(std::make_unique<Impl>()) {}
Optimizer::~Optimizer() = default;
Optimizer::Optimizer(Optimizer&&) noexcept = default;
Optimizer& Optimizer::operator=(Optimizer&&) noexcept = default;
void Optimizer::reset() { impl_ = std::make_unique<Impl>(); }

namespace {

Result<bool> validate(const OptimizeProblem& p, const OptimizeSettings& s) {
  const Index n = p.cov.rows();
  auto bad = [](const std::string& m, const std::string& src) {
    return make_error(ErrorCode::InvalidArgument, m, src);
  };
  if (n < 1 || p.cov.cols() != n) return bad("expected a square covariance with N >= 1 assets", "cov");
  {  // one tiled pass: finite entries, and max |c_ij − c_ji| ≤ 1e-8 · max |c_ij|
    bool finite = true;
    double amax = 0.0, dmax = 0.0;
    for_lower_pairs(n, [&](Index i, Index j) {
      const double x = p.cov(i, j), y = p.cov(j, i);
      finite = finite && std::isfinite(x) && std::isfinite(y);
      amax = std::max(amax, std::max(std::abs(x), std::abs(y)));
      dmax = std::max(dmax, std::abs(x - y));
    });
    if (!finite) return bad("expected finite covariance entries, got NaN/Inf", "cov");
    if (dmax > 1e-8 * std::max(amax, 1e-300)) return bad("expected a symmetric covariance", "cov");
  }
  const bool needs_mu = s.objective != Objective::MinVolatility && s.objective != Objective::RiskParity &&
                        s.objective != Objective::InverseVolatility &&
                        s.objective != Objective::InverseTrackingError;
  if (p.mu.size() != 0 && p.mu.size() != n)
    return bad("expected " + std::to_string(n) + " expected returns, got " + std::to_string(p.mu.size()),
               "mu");
  if (needs_mu && p.mu.size() != n) return bad("expected returns are required by this objective", "mu");
  if (p.mu.size() == n && !p.mu.allFinite()) return bad("expected finite expected returns", "mu");
  if (p.lower.size() != 0 && p.lower.size() != n) return bad("expected N lower bounds", "bounds");
  if (p.upper.size() != 0 && p.upper.size() != n) return bad("expected N upper bounds", "bounds");
  for (Index i = 0; i < p.lower.size(); ++i)
    if (!std::isfinite(p.lower[i])) return bad("expected finite lower bounds", "bounds");
  for (Index i = 0; i < p.upper.size(); ++i)
    if (!std::isfinite(p.upper[i])) return bad("expected finite upper bounds", "bounds");
  for (Index i = 0; i < n; ++i) {
    const double lo = p.lower.size() ? p.lower[i] : 0.0, hi = p.upper.size() ? p.upper[i] : 1.0;
    if (lo > hi) return bad("expected lower <= upper for asset " + std::to_string(i + 1), "bounds");
  }
  for (const auto& g : p.groups) {
    if (g.members.empty()) return bad("expected at least one member in group '" + g.name + "'", "groups");
    for (Index m : g.members)
      if (m < 0 || m >= n) return bad("group '" + g.name + "' has an asset index out of range", "groups");
    if (std::isnan(g.lower) || std::isnan(g.upper) || g.lower > g.upper)
      return bad("expected group lower <= upper in group '" + g.name + "'", "groups");
  }
  if (s.objective == Objective::EfficientRisk && !(s.target_volatility > 0.0 && std::isfinite(s.target_volatility)))
    return bad("expected a positive finite target volatility", "target_volatility");
  if (s.objective == Objective::EfficientReturn && !std::isfinite(s.target_return))
    return bad("expected a finite target return", "target_return");
  if (s.objective == Objective::MaxQuadraticUtility && !(s.risk_aversion > 0.0 && std::isfinite(s.risk_aversion)))
    return bad("expected a positive risk aversion", "risk_aversion");
  if (s.objective == Objective::TargetBeta) {
    if (p.beta.size() != n || !p.beta.allFinite()) return bad("expected N finite asset betas", "beta");
    if (!std::isfinite(s.target_beta)) return bad("expected a finite target beta", "target_beta");
    if (!(s.beta_tol >= 0.0)) return bad("expected beta_tol >= 0", "beta_tol");
    if (!std::isnan(s.beta_vol_cap) && !(s.beta_vol_cap > 0.0 && std::isfinite(s.beta_vol_cap)))
      return bad("expected a positive volatility cap", "beta_vol_cap");
  }
  if (s.objective == Objective::InverseTrackingError) {
    if (p.tracking_error.size() != n || !p.tracking_error.allFinite() || (p.tracking_error.array() <= 0).any())
      return bad("expected N positive tracking errors", "tracking_error");
  }
  if (s.objective == Objective::MaxSharpe && s.l2_gamma != 0.0)
    return bad("l2_gamma is not supported with max_sharpe", "l2_gamma");
  if (!(s.l2_gamma >= 0.0) || !std::isfinite(s.l2_gamma)) return bad("expected l2_gamma >= 0", "l2_gamma");
  if (!std::isfinite(s.risk_free_rate)) return bad("expected a finite risk-free rate", "risk_free_rate");
  if (s.max_holdings < 0) return bad("expected max_holdings >= 0", "max_holdings");
  if (!(s.min_position >= 0.0 && s.min_position <= 1.0)) return bad("expected 0 <= min_position <= 1", "min_position");
  if (p.current_weights.size() != 0 && p.current_weights.size() != n)
    return bad("expected N current weights", "current_weights");
  if (p.cov_factor.size() != 0) {
    if (p.cov_factor.cols() != n || !p.cov_factor.allFinite())
      return bad("expected a finite covariance factor with N columns", "cov_factor");
    const Vec d = p.cov_factor.colwise().squaredNorm().transpose();
    const double scale = std::max(p.cov.diagonal().cwiseAbs().maxCoeff(), 1e-300);
    if ((d - p.cov.diagonal()).cwiseAbs().maxCoeff() > 1e-10 * scale)
      return bad("expected cov = FᵀF for the covariance factor F (diagonals differ)", "cov_factor");
  }
  return true;
}

// Brent's root finder on [a, b] with f(a), f(b) of opposite signs; stops when |f| <= ftol.
template <class F>
double brent_root(F&& f, double a, double b, double fa, double fb, double ftol, int max_eval) {
  if (std::abs(fa) < std::abs(fb)) {
    std::swap(a, b);
    std::swap(fa, fb);
  }
  double c = a, fc = fa, d = b - a, e = d;
  for (int it = 0; it < max_eval; ++it) {
    if (std::abs(fb) <= ftol) return b;
    if ((fb > 0) == (fc > 0)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (std::abs(fc) < std::abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const double tol = 4e-16 * std::abs(b) + 1e-300;
    const double m = 0.5 * (c - b);
    if (std::abs(m) <= tol) return b;
    if (std::abs(e) >= tol && std::abs(fa) > std::abs(fb)) {
      double p, q, r, s = fb / fa;
      if (a == c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        q = fa / fc;
        r = fb / fc;
        p = s * (2 * m * q * (q - r) - (b - a) * (r - 1));
        q = (q - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < std::min(3 * m * q - std::abs(tol * q), std::abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += std::abs(d) > tol ? d : (m > 0 ? tol : -tol);
    fb = f(b);
  }
  return b;
}

}  // namespace

namespace {

struct Core {
  Optimizer::Impl& im;
  const OptimizeProblem& p;
  const OptimizeSettings& s;
  OptimizeResult& res;
  Vec lb, ub;

  // The linear constraints: budget Σw = 1 (first equality row), bounds, then each group in order (an equality
  // row when lower == upper, else a two-sided row). Filled in place: no reallocation across solves of one shape.
  QpSpec& linear_base() const {
    QpSpec& q = im.base_;
    const Index n = im.n;
    Index meq = 1, mr = 0;
    for (const auto& g : p.groups) ++(g.lower == g.upper ? meq : mr);
    q.s = nullptr;
    q.h_scale = 0.0;
    q.h_diag = 0.0;
    q.c.setZero(n);
    q.lb = lb;
    q.ub = ub;
    q.aeq.resize(meq, n);
    q.aeq.row(0).setOnes();
    q.beq.resize(meq);
    q.beq[0] = 1.0;
    q.cin.resize(mr, n);
    q.clo.resize(mr);
    q.chi.resize(mr);
    Index ke = 1, kr = 0;
    for (const auto& g : p.groups) {
      auto row = g.lower == g.upper ? q.aeq.row(ke) : q.cin.row(kr);
      row.setZero();
      for (Index m : g.members) row[m] = 1.0;
      if (g.lower == g.upper) {
        q.beq[ke++] = g.lower;
      } else {
        q.clo[kr] = g.lower;
        q.chi[kr++] = g.upper;
      }
    }
    return q;
  }

  void set_weights(const Vec& w, const QpInfo& info) {
    res.weights = w;
    im.last = info;
  }

  // §3.7 bounds: σ_min (min-var), μ_max (LP), σ_top. Returns false when the constraints are infeasible.
  bool bounds(const QpSpec& base, Vec& w_min, Vec& w_top, QpInfo& i_min, QpInfo& i_top) {
    QpInfo il = im.max_linear(base, im.mu, im.st_lp);
    if (il.status == QpStatus::Infeasible) return false;
    res.mu_max = im.mu.dot(im.st_lp.x);
    if (im.cert_nf_ > 0)  // Hessian Σ (γ = 0): the certificate's factor fits (see Optimizer::solve)
      im.qp.seed_factor(im.n, std::vector<Index>(im.cert_order_.begin(), im.cert_order_.begin() + im.cert_nf_),
                        im.cert_.topLeftCorner(im.cert_nf_, im.cert_nf_), im.sigma.diagonal().cwiseAbs().maxCoeff());
    im.cert_nf_ = 0;
    i_min = im.min_variance(base, 0.0, im.st_min);
    w_min = im.st_min.x;
    res.sigma_min = im.vol(w_min);
    QpSpec& top = im.top_;
    assign_with_row(top, base, im.mu, res.mu_max - 1e-10, kInf);
    // Start at the LP vertex (feasible for the top problem, and usually near its solution) with the previous
    // top solution's free variables released: on the next date of a backtest that is usually the solution's
    // working set, reached in a step or two instead of one degenerate pivot per variable.
    std::vector<signed char> hint;
    if (im.st_top.valid && im.st_top.x.size() == im.n) hint = std::move(im.st_top.var_state);
    im.st_top = im.st_lp;
    im.st_top.free_hint = std::move(hint);
    i_top = im.min_variance(top, 0.0, im.st_top);
    if (i_top.status == QpStatus::Infeasible) {  // warm point rejected and phase 1 failed: restart at LP
      im.st_top = im.st_lp;
      i_top = im.min_variance(top, 0.0, im.st_top);
    }
    w_top = im.st_top.x;
    res.sigma_top = im.vol(w_top);
    if (il.status != QpStatus::Optimal || i_min.status != QpStatus::Optimal ||
        i_top.status != QpStatus::Optimal)
      res.status = OptimizeStatus::MaxIterations;
    return true;
  }

  // Step δ in t = 1/λ to the root of σ²(t + δ) = σ*² predicted on the active set of the last solve (im.st_main,
  // point w, Σw = sw, g = wᵀΣw − σ*²). The scaled problem min ½wᵀ(Σ + t·h_d·I)w + t·cᵀw has, on the face
  // (free variables F, working rows A), the derivative w'_F = −Z(ZᵀH_tZ)⁻¹Zᵀ(c_F + h_d·w_F), H_t = Σ_FF + t·h_d·I,
  // Z a null-space basis of A_F. NaN when the face gives no usable model (too many free variables for a
  // cheap solve, σ constant on the face, reduced Hessian not positive definite).
  double tangent_step(const QpSpec& q, double t, double g, const Vec& sw) {
    const QpState& st = im.st_main;
    const Vec& w = st.x;
    const Index n = im.n, meq = q.aeq.rows();
    std::vector<Index>& fr = im.tan_free_;
    std::vector<Index>& rw = im.tan_rows_;
    fr.clear();
    rw.clear();
    for (Index j = 0; j < n; ++j)
      if (st.var_state[static_cast<std::size_t>(j)] == 0) fr.push_back(j);
    for (Index i = 0; i < q.cin.rows(); ++i)
      if (st.row_state[static_cast<std::size_t>(i)] != 0) rw.push_back(i);
    const Index nf = static_cast<Index>(fr.size()), m = meq + static_cast<Index>(rw.size());
    if (nf == 0 || nf > 160) return kNaN;
    Mat h(nf, nf);
    for (Index b2 = 0; b2 < nf; ++b2)
      for (Index a2 = 0; a2 < nf; ++a2) h(a2, b2) = im.sigma(fr[a2], fr[b2]);
    Vec r(nf);
    for (Index a2 = 0; a2 < nf; ++a2) r[a2] = q.c[fr[a2]] + q.h_diag * w[fr[a2]];
    Mat hz = h;
    hz.diagonal().array() += t * q.h_diag;
    Vec dw(nf);
    if (m > 0) {
      Mat at(nf, m);
      for (Index a2 = 0; a2 < nf; ++a2) {
        for (Index k = 0; k < meq; ++k) at(a2, k) = q.aeq(k, fr[a2]);
        for (Index k = 0; k < static_cast<Index>(rw.size()); ++k) at(a2, meq + k) = q.cin(rw[k], fr[a2]);
      }
      Eigen::ColPivHouseholderQR<Mat> qr(at);
      const Index rank = qr.rank(), nz = nf - rank;
      if (nz == 0) return vertex_breakpoint(q, t, g, sw, qr);
      hz.applyOnTheLeft(qr.householderQ().adjoint());
      hz.applyOnTheRight(qr.householderQ());
      r.applyOnTheLeft(qr.householderQ().adjoint());
      const detail::Cholesky llt(hz.bottomRightCorner(nz, nz));
      if (!llt.ok()) return kNaN;
      dw.setZero();
      dw.tail(nz) = -llt.solve(r.tail(nz));
      dw.applyOnTheLeft(qr.householderQ());
    } else {
      const detail::Cholesky llt(hz);
      if (!llt.ok()) return kNaN;
      dw = -llt.solve(r);
    }
    double a1 = 0.0;
    for (Index a2 = 0; a2 < nf; ++a2) a1 += sw[fr[a2]] * dw[a2];
    const double a2c = dw.dot(detail::mat_vec(h, dw));
    if (!(a1 > 0.0) || !std::isfinite(a2c)) return kNaN;
    const double disc = a1 * a1 - a2c * g;
    if (!(disc >= 0.0)) return -g / (2.0 * a1);  // the face's σ² never reaches σ*²: Newton step
    return -g / (a1 + std::sqrt(disc));
  }

  // On a vertex (w constant while the face stays optimal) the scaled gradient G(t) = Σw + t(h_d·w + c) and
  // hence every multiplier are affine in t: the step to just past the nearest t (in the direction that
  // moves σ toward σ*) where a multiplier changes sign, i.e. where the face stops being optimal. NaN if
  // none (the vertex stays optimal: σ is constant on that side).
  double vertex_breakpoint(const QpSpec& q, double t, double g, const Vec& sw,
                           const Eigen::ColPivHouseholderQR<Mat>& qr) {
    const QpState& st = im.st_main;
    const Vec& w = st.x;
    const Index n = im.n, meq = q.aeq.rows();
    const std::vector<Index>& fr = im.tan_free_;
    const std::vector<Index>& rw = im.tan_rows_;
    const Index nf = static_cast<Index>(fr.size()), m = meq + static_cast<Index>(rw.size());
    Vec g0f(nf), g1f(nf);
    for (Index a = 0; a < nf; ++a) {
      g0f[a] = sw[fr[a]];
      g1f[a] = q.h_diag * w[fr[a]] + q.c[fr[a]];
    }
    const Vec nu0 = qr.solve(g0f), nu1 = qr.solve(g1f);
    const double dir = g > 0 ? -1.0 : 1.0;
    double best = kInf;
    auto cross = [&](double v0, double v1, double sign) {  // sign·(v0 + τ·v1) ≥ 0 must hold
      if (!(sign * v1 * dir < 0.0)) return;
      const double tc = -v0 / v1;
      if ((tc - t) * dir > 0.0) best = std::min(best, (tc - t) * dir);
    };
    for (Index j = 0; j < n; ++j) {
      const signed char vs = st.var_state[static_cast<std::size_t>(j)];
      if (vs == 0 || q.lb[j] == q.ub[j]) continue;
      double r0 = sw[j], r1 = q.h_diag * w[j] + q.c[j];
      for (Index k = 0; k < meq; ++k) {
        r0 -= q.aeq(k, j) * nu0[k];
        r1 -= q.aeq(k, j) * nu1[k];
      }
      for (Index k = 0; k < static_cast<Index>(rw.size()); ++k) {
        r0 -= q.cin(rw[k], j) * nu0[meq + k];
        r1 -= q.cin(rw[k], j) * nu1[meq + k];
      }
      cross(r0, r1, vs < 0 ? 1.0 : -1.0);
    }
    for (Index k = 0; k < static_cast<Index>(rw.size()); ++k)
      cross(nu0[meq + k], nu1[meq + k], st.row_state[static_cast<std::size_t>(rw[k])] < 0 ? 1.0 : -1.0);
    (void)m;
    if (!std::isfinite(best)) return kNaN;
    return dir * best * (1.0 + 1e-3);
  }

  // Binding case: max μᵀw − ε‖w − w_eq‖² − γ‖w‖² s.t. wᵀΣw ≤ σ*² (σ_min < σ* < σ_top), by root finding on λ.
  void binding(const QpSpec& base, double target, const Vec& w_start) {
    const Index n = im.n;
    QpSpec& q = im.main_;
    q = base;
    q.s = &im.sigma;
    q.h_diag = 2.0 * (im.eps + s.l2_gamma);
    q.c = -(im.mu.array() + 2.0 * im.eps / static_cast<double>(n)).matrix();
    const FillOrder order = order_by(im.mu, true);
    if (!(im.st_main.valid && im.st_main.x.size() == n)) {
      im.st_main.x = w_start;
      im.st_main.valid = true;
    }
    QpInfo info;
    double best_f = kInf, best_l = kNaN;
    Vec best_w;
    QpInfo best_info;
    // Root of g(t) = σ(w(1/t))² − σ*² in t = 1/λ: on a fixed active set σ² is a quadratic in t, so the
    // interpolation steps of Brent's method (and the model-based bracketing steps) converge in a few solves.
    const double tmin = 1e-16, tmax = 1e12;
    Vec sw(n);  // Σw at the last evaluation
    auto eval = [&](double t) {
      q.h_scale = 1.0 / t;
      info = im.run(q, im.st_main, order);
      if (info.status == QpStatus::Infeasible) {  // cannot happen with feasible base; restart defensively
        im.st_main.x = w_start;
        im.st_main.valid = true;
        info = im.run(q, im.st_main, order);
      }
      sw = detail::mat_vec(im.sigma, im.st_main.x);
      const double sg = std::sqrt(std::max(im.st_main.x.dot(sw), 0.0));
      if (std::abs(sg - target) < best_f) {
        best_f = std::abs(sg - target);
        best_l = std::log(q.h_scale);
        best_w = im.st_main.x;
        best_info = info;
      }
      return sg * sg - target * target;
    };
    const double s2min = res.sigma_min * res.sigma_min, s2t = target * target;
    // model σ²(t) ≈ σ_min² + c·t² through the last point → the t that hits σ*²
    auto model_t = [&](double t, double g) {
      const double s2 = g + s2t;
      if (!(s2 > s2min) || !(s2t > s2min)) return kNaN;
      return t * std::sqrt((s2t - s2min) / (s2 - s2min));
    };
    const bool warm_l = std::isfinite(im.last_lambda) && im.last_lambda > 0;
    double t0 = warm_l ? 1.0 / im.last_lambda : 1.0;
    double g0 = eval(t0);
    const double gtol = s.vol_tol * target;
    double a = t0, ga = g0, b = t0, gb = g0;
    bool bracketed = std::abs(g0) <= gtol;
    if (bracketed) a = b;
    // Tangent steps: on the active set of the last solve, w(t) has the derivative w' (one reduced solve), and
    // σ²(t + δ) = σ² + 2δ·wᵀΣw' + δ²·w'ᵀΣw' exactly when ε = γ = 0 (w is affine in t on a fixed face), so
    // the root of that quadratic is the root of g unless the active set changes on the way; each step is a
    // warm-started solve. The points seen keep a bracket; a step leaving it, a face without a usable
    // derivative or 8 steps without convergence hand over to the bracketing + Brent search below.
    if (!bracketed) {
      double lo_t = kNaN, lo_g = kNaN, hi_t = kNaN, hi_g = kNaN;  // sides with g < 0 and g > 0
      auto note = [&](double t, double g) {
        if (g < 0) {
          lo_t = t;
          lo_g = g;
        } else {
          hi_t = t;
          hi_g = g;
        }
      };
      double t = t0, g = g0, g_prev = kNaN, flat_mult = 1.0;
      note(t, g);
      for (int k = 0; k < 8 && std::abs(g) > gtol; ++k) {
        double d = tangent_step(q, t, g, sw);
        if (!std::isfinite(d)) {
          // e.g. a vertex (w constant in t on its face): model step, overshot; on a repeated flat value
          // (same face again) steps ×4, ×16, … in the needed direction
          if (g == g_prev) {
            flat_mult *= 4.0;
            d = g > 0 ? t / flat_mult - t : t * flat_mult - t;
          } else {
            const double tm = model_t(t, g);
            if (!(std::isfinite(tm) && tm > 0)) break;
            d = t * std::pow(tm / t, 1.3) - t;
          }
        } else {
          flat_mult = 1.0;
        }
        g_prev = g;
        if (!std::isfinite(d) || d == 0.0) break;
        double tn = std::min(std::max(t + d, std::max(t / 1e4, tmin)), std::min(t * 1e4, tmax));
        if (std::isfinite(lo_t) && std::isfinite(hi_t) &&
            !(tn > std::min(lo_t, hi_t) && tn < std::max(lo_t, hi_t)))
          break;
        if (tn == t) break;
        t = tn;
        g = eval(t);
        note(t, g);
      }
      if (std::abs(g) <= gtol) {
        bracketed = true;
        a = b = t;
        ga = gb = g;
      } else if (std::isfinite(lo_t) && std::isfinite(hi_t)) {
        bracketed = true;
        a = lo_t;
        ga = lo_g;
        b = hi_t;
        gb = hi_g;
      } else {
        a = b = t;
        ga = gb = g;
      }
    }
    for (int guard = 0; !bracketed && guard < 200; ++guard) {
      // next trial: model step (first) or secant on the last two points, overshot so that the root is
      // usually bracketed in one step; falls back to ×10 steps.
      double tn = kNaN;
      if (guard == 0) {
        const double tm = model_t(b, gb);
        if (std::isfinite(tm) && tm > 0) tn = b * std::pow(tm / b, 1.3);
      } else if (gb != ga) {
        const double ts = b - gb * (b - a) / (gb - ga);
        tn = b + 1.5 * (ts - b);
      }
      if (gb > 0) {  // volatility too high → smaller t (more risk aversion)
        if (b <= tmin) break;
        if (!(tn < b && tn > 0) || !std::isfinite(tn)) tn = b / 10.0;
        tn = std::max(std::max(tn, b / 1e4), tmin);
      } else {
        if (b >= tmax) break;
        if (!(tn > b) || !std::isfinite(tn)) tn = b * 10.0;
        tn = std::min(std::min(tn, b * 1e4), tmax);
      }
      a = b;
      ga = gb;
      b = tn;
      gb = eval(b);
      if (std::abs(gb) <= gtol) {
        bracketed = true;
        a = b;
        ga = gb;
      } else if ((gb > 0) != (ga > 0)) {
        bracketed = true;
      }
    }
    if (!bracketed) {
      if (gb < 0) add_flag(res, "target_not_binding");
      else add_flag(res, "vol_tolerance_not_met");
    } else if (std::abs(gb) > gtol) {
      brent_root(eval, a, b, ga, gb, gtol, 200);
      if (best_f > s.vol_tol) add_flag(res, "vol_tolerance_not_met");
    }
    im.st_main.x = best_w;
    im.st_main.valid = true;
    im.last_lambda = std::exp(best_l);
    res.lambda = im.last_lambda;
    set_weights(best_w, best_info);
    if (best_info.status == QpStatus::MaxIterations) res.status = OptimizeStatus::MaxIterations;
  }

  // §3.7 case logic for a volatility target σ* on the linear constraint set `base`.
  void risk_target(const QpSpec& base, double target) {
    Vec w_min, w_top;
    QpInfo i_min, i_top;
    if (!bounds(base, w_min, w_top, i_min, i_top)) return infeasible();
    if (target <= res.sigma_min) {
      add_flag(res, "target_below_min_risk");
      set_weights(w_min, i_min);
    } else if (target >= res.sigma_top) {
      add_flag(res, "target_not_binding");
      set_weights(w_top, i_top);
    } else {
      binding(base, target, w_top);
    }
  }

  void infeasible() {
    res.status = OptimizeStatus::Infeasible;
    add_flag(res, "constraints_infeasible");
    if (p.current_weights.size() == im.n) {
      res.weights = p.current_weights;
    } else {
      res.weights = im.st_lp.x.size() == im.n ? im.st_lp.x : Vec(Vec::Constant(im.n, 1.0 / im.n));
      add_flag(res, "no_current_weights");
    }
    im.last = QpInfo{};
  }

  void run() {
    const Index n = im.n;
    const QpSpec& base = linear_base();
    switch (s.objective) {
      case Objective::MinVolatility: {
        QpInfo il = im.max_linear(base, Vec::Zero(n), im.st_lp);  // feasibility check via phase 1
        if (il.status == QpStatus::Infeasible) return infeasible();
        if (!(im.st_min.valid && im.st_min.x.size() == n)) im.st_min = im.st_lp;
        QpInfo i = im.min_variance(base, s.l2_gamma, im.st_min);
        set_weights(im.st_min.x, i);
        if (s.l2_gamma == 0.0) res.sigma_min = im.vol(im.st_min.x);
        if (i.status != QpStatus::Optimal) res.status = OptimizeStatus::MaxIterations;
        break;
      }
      case Objective::EfficientRisk:
        risk_target(base, s.target_volatility);
        break;
      case Objective::TargetBeta: {
        QpInfo lo = im.max_linear(base, -p.beta, im.st_aux);
        if (lo.status == QpStatus::Infeasible) return infeasible();
        res.beta_lo = p.beta.dot(im.st_aux.x);
        QpInfo hi = im.max_linear(base, p.beta, im.st_aux2);
        res.beta_hi = p.beta.dot(im.st_aux2.x);
        (void)hi;
        double bt = s.target_beta;
        if (bt < res.beta_lo - s.beta_tol) {
          bt = res.beta_lo;
          add_flag(res, "beta_target_infeasible");
        } else if (bt > res.beta_hi + s.beta_tol) {
          bt = res.beta_hi;
          add_flag(res, "beta_target_infeasible");
        }
        res.beta_target_used = bt;
        QpSpec bb = base;
        if (s.beta_tol == 0.0) append_eq(bb, p.beta, bt);
        else append_row(bb, p.beta, bt - s.beta_tol, bt + s.beta_tol);
        if (std::isnan(s.beta_vol_cap)) {
          Vec w_min, w_top;
          QpInfo i_min, i_top;
          if (!bounds(bb, w_min, w_top, i_min, i_top)) return infeasible();
          QpSpec q = bb;
          q.s = nullptr;
          q.h_scale = 0.0;
          q.h_diag = 2.0 * (im.eps + s.l2_gamma);
          q.c = -(im.mu.array() + 2.0 * im.eps / static_cast<double>(n)).matrix();
          if (!(im.st_main.valid && im.st_main.x.size() == n)) im.st_main = im.st_lp;
          QpInfo i = im.run(q, im.st_main, order_by(im.mu, true));
          if (i.status == QpStatus::Infeasible) {
            im.st_main = im.st_lp;
            i = im.run(q, im.st_main, order_by(im.mu, true));
          }
          set_weights(im.st_main.x, i);
          if (i.status != QpStatus::Optimal) res.status = OptimizeStatus::MaxIterations;
        } else {
          risk_target(bb, s.beta_vol_cap);
        }
        break;
      }
      case Objective::EfficientReturn: {
        QpInfo il = im.max_linear(base, im.mu, im.st_lp);
        if (il.status == QpStatus::Infeasible) return infeasible();
        res.mu_max = im.mu.dot(im.st_lp.x);
        QpSpec q = base;
        double target = s.target_return;
        if (target > res.mu_max) {
          add_flag(res, "target_return_infeasible");
          target = res.mu_max - 1e-10;
        }
        append_row(q, im.mu, target, kInf);
        if (!(im.st_main.valid && im.st_main.x.size() == n)) im.st_main = im.st_lp;
        QpInfo i = im.min_variance(q, s.l2_gamma, im.st_main);
        if (i.status == QpStatus::Infeasible) {
          im.st_main = im.st_lp;
          i = im.min_variance(q, s.l2_gamma, im.st_main);
        }
        set_weights(im.st_main.x, i);
        if (i.status != QpStatus::Optimal) res.status = OptimizeStatus::MaxIterations;
        break;
      }
      case Objective::MaxQuadraticUtility: {
        QpInfo il = im.max_linear(base, im.mu, im.st_lp);
        if (il.status == QpStatus::Infeasible) return infeasible();
        res.mu_max = im.mu.dot(im.st_lp.x);
        QpSpec q = base;
        q.s = &im.sigma;
        q.h_scale = s.risk_aversion;
        q.h_diag = 2.0 * s.l2_gamma;
        q.c = -im.mu;
        if (!(im.st_main.valid && im.st_main.x.size() == n)) im.st_main = im.st_lp;
        QpInfo i = im.run(q, im.st_main, order_by(im.mu, true));
        set_weights(im.st_main.x, i);
        if (i.status != QpStatus::Optimal) res.status = OptimizeStatus::MaxIterations;
        break;
      }
      case Objective::MaxSharpe:
        max_sharpe(base);
        break;
      case Objective::RiskParity:
        risk_parity();
        break;
      case Objective::InverseVolatility:
      case Objective::InverseTrackingError: {
        Vec r = s.objective == Objective::InverseVolatility ? Vec(im.sigma.diagonal().cwiseSqrt())
                                                            : p.tracking_error;
        if ((r.array() <= 0.0).any()) {
          add_flag(res, "zero_risk_asset");
          r = r.cwiseMax(1e-300);
        }
        Vec w = r.cwiseInverse();
        res.weights = w / w.sum();
        if (!p.groups.empty() || p.lower.size() || p.upper.size()) add_flag(res, "constraints_ignored");
        break;
      }
    }
  }

  // Max Sharpe by the homogenized QP (Cornuejols–Tütüncü): min ½yᵀΣy s.t. (μ − rf)ᵀy = 1, 1ᵀy = κ,
  // κ·l ≤ y ≤ κ·u, κ·L_g ≤ Σ_g y ≤ κ·U_g, κ ≥ 0; then w = y/κ.
  void max_sharpe(const QpSpec& base) {
    const Index n = im.n;
    QpInfo il = im.max_linear(base, im.mu, im.st_lp);
    if (il.status == QpStatus::Infeasible) return infeasible();
    res.mu_max = im.mu.dot(im.st_lp.x);
    const double excess_max = res.mu_max - s.risk_free_rate;
    if (!(excess_max > 0.0)) {
      add_flag(res, "all_returns_negative");
      if (!(im.st_min.valid && im.st_min.x.size() == n)) im.st_min = im.st_lp;
      QpInfo i = im.min_variance(base, 0.0, im.st_min);
      set_weights(im.st_min.x, i);
      res.sigma_min = im.vol(im.st_min.x);
      return;
    }
    const Index n1 = n + 1;
    Mat s1 = Mat::Zero(n1, n1);
    s1.topLeftCorner(n, n) = im.sigma;
    QpSpec q;
    q.s = &s1;
    q.h_scale = 1.0;
    q.c = Vec::Zero(n1);
    q.lb = Vec::Constant(n1, -kInf);
    q.ub = Vec::Constant(n1, kInf);
    q.lb[n] = 0.0;
    q.aeq = Mat::Zero(2, n1);
    q.aeq.row(0).head(n) = (im.mu.array() - s.risk_free_rate).matrix().transpose();
    q.aeq.row(1).head(n).setOnes();
    q.aeq(1, n) = -1.0;
    q.beq = Vec::Zero(2);
    q.beq[0] = 1.0;
    q.cin.resize(0, n1);
    for (Index i = 0; i < n; ++i) {
      if (lb[i] == 0.0) {
        q.lb[i] = 0.0;
      } else {
        Vec a = Vec::Zero(n1);
        a[i] = 1.0;
        a[n] = -lb[i];
        append_row(q, a, 0.0, kInf);
      }
      Vec a = Vec::Zero(n1);
      a[i] = 1.0;
      a[n] = -ub[i];
      if (ub[i] >= 1.0 && lb.sum() >= 0.0 && (lb.array() >= 0.0).all()) continue;  // implied by 1ᵀy = κ, y ≥ 0
      append_row(q, a, -kInf, 0.0);
    }
    for (const auto& g : p.groups) {
      Vec a = Vec::Zero(n1);
      for (Index m : g.members) a[m] = 1.0;
      if (std::isfinite(g.lower)) {
        Vec al = a;
        al[n] = -g.lower;
        append_row(q, al, 0.0, kInf);
      }
      if (std::isfinite(g.upper)) {
        Vec au = a;
        au[n] = -g.upper;
        append_row(q, au, -kInf, 0.0);
      }
    }
    QpState st;
    st.x.resize(n1);
    st.x.head(n) = im.st_lp.x / excess_max;
    st.x[n] = 1.0 / excess_max;
    st.valid = true;
    QpInfo i = im.run(q, st, {});
    if (i.status == QpStatus::Infeasible || i.status == QpStatus::Unbounded) {
      res.status = OptimizeStatus::MaxIterations;
      set_weights(im.st_lp.x, i);
      return;
    }
    Vec w = st.x.head(n) / st.x[n];
    set_weights(w, i);
    im.last.nu_eq.resize(0);  // multipliers belong to the homogenized problem; not reported
    im.last.nu_row.resize(0);
    im.last.rho.resize(0);
    if (i.status != QpStatus::Optimal) res.status = OptimizeStatus::MaxIterations;
  }

  // Equal risk contribution, long-only budget: minimize ½yᵀΣy − (1/N)Σ log y_i (Newton with backtracking),
  // w = y / 1ᵀy. Bounds and groups other than long-only are not applied (flag constraints_ignored).
  void risk_parity() {
    const Index n = im.n;
    const Mat& S = im.sigma;
    Vec y = S.diagonal().cwiseSqrt().cwiseInverse();
    y /= std::sqrt(y.dot(S * y));
    const double b = 1.0 / static_cast<double>(n);
    auto f = [&](const Vec& v) { return 0.5 * v.dot(S * v) - b * v.array().log().sum(); };
    int it = 0;
    for (; it < 200; ++it) {
      Vec g = S * y - (b / y.array()).matrix();
      Mat h = S;
      h.diagonal().array() += b / y.array().square();
      Vec d = -detail::Cholesky(h).solve(g);
      const double dec = -g.dot(d);
      if (dec <= 1e-30) break;
      double t = 1.0;
      while (((y + t * d).array() <= 0.0).any()) t *= 0.5;
      const double f0 = f(y);
      while (f(y + t * d) > f0 - 1e-4 * t * dec && t > 1e-20) t *= 0.5;
      y += t * d;
      if (dec < 1e-28) break;
    }
    im.iterations += it;
    res.weights = y / y.sum();
    if (!p.groups.empty() || p.lower.size() || p.upper.size()) add_flag(res, "constraints_ignored");
  }
};

}  // namespace

namespace {

OptimizeResult finish(Optimizer::Impl& im, const OptimizeProblem& p, const OptimizeSettings& s, OptimizeResult res) {
  const Vec& w = res.weights;
  res.expected_return = im.mu.dot(w);
  res.volatility = im.vol(w);
  if (res.volatility > 0.0)
    res.sharpe = (res.expected_return - s.risk_free_rate) / res.volatility;
  else
    add_flag(res, "zero_volatility");
  if (p.beta.size() == w.size()) res.beta = p.beta.dot(w);
  res.iterations = im.iterations;
  res.multipliers_eq = im.last.nu_eq;
  res.multipliers_rows = im.last.nu_row;
  res.multipliers_bounds = im.last.rho;
  return res;
}

// A warm solve whose minimum-variance sub-problem (§3.7 bounds, γ = 0) had ≥ kFastMinFree free variables (the
// updated-factor path of the QP, which a seed can start): that free set first, then the other variables, as the certificate's pivot order;
// sets im.cert_nf_ (reset to 0 when the certificate fails or is not used). Else nullptr (natural order).
const std::vector<Index>* cert_order(Optimizer::Impl& im, const OptimizeSettings& s) {
  im.cert_nf_ = 0;
  const bool bounds_used = s.objective == Objective::EfficientRisk ||
                           (s.objective == Objective::TargetBeta && !std::isnan(s.beta_vol_cap));
  if (!bounds_used || !im.st_min.valid || static_cast<Index>(im.st_min.var_state.size()) != im.n) return nullptr;
  std::vector<Index>& ord = im.cert_order_;
  ord.clear();
  for (Index j = 0; j < im.n; ++j)
    if (im.st_min.var_state[static_cast<std::size_t>(j)] == 0) ord.push_back(j);
  const Index nf = static_cast<Index>(ord.size());
  if (nf < detail::ActiveSetQp::kFastMinFree) return nullptr;
  for (Index j = 0; j < im.n; ++j)
    if (im.st_min.var_state[static_cast<std::size_t>(j)] != 0) ord.push_back(j);
  im.cert_nf_ = nf;
  return &ord;
}

}  // namespace

Result<OptimizeResult> Optimizer::solve(const OptimizeProblem& problem,
                                         const OptimizeSettings& settings) noexcept {
  auto v = validate(problem, settings);
  if (!v) return v.error();
  Impl& im = *impl_;
  const Index n = problem.cov.rows();
  if (im.n != n) im = Impl{};
  im.n = n;
  im.iterations = 0;
  im.last = QpInfo{};
  OptimizeResult res;
  im.cert_nf_ = 0;
  // T < N factor: singular by construction, repaired from the T×T Gram matrix (docs/optimizer.md).
  if (problem.cov_factor.size() != 0 && problem.cov_factor.rows() < n) {
    im.sigma = repair_psd_factored(problem.cov_factor, settings.psd_eps_rel, &res.covariance_repaired, &problem.cov);
  } else {
    bool certified = false;
    im.sigma = repair_psd_cert(problem.cov, settings.psd_eps_rel, &res.covariance_repaired,
                               cert_order(im, settings), &im.cert_, &certified);
    if (!certified) im.cert_nf_ = 0;
  }
  if (res.covariance_repaired) add_flag(res, "covariance_repaired");
  im.mu = problem.mu.size() == n ? problem.mu : Vec(Vec::Zero(n));
  im.eps = settings.tiebreak_eps_rel * im.sigma.trace() / static_cast<double>(n);
  Vec lb = problem.lower.size() ? problem.lower : Vec(Vec::Zero(n));
  Vec ub = problem.upper.size() ? problem.upper : Vec(Vec::Ones(n));

  const bool card = settings.max_holdings > 0 || settings.min_position > 0.0;
  Core core{im, problem, settings, res, lb, ub};
  core.run();
  if (card && res.status != OptimizeStatus::Infeasible) {
    // §3.8 greedy backward elimination.
    const int K = settings.max_holdings > 0 ? settings.max_holdings : static_cast<int>(n);
    const double m = settings.min_position;
    for (int round = 0; round < n; ++round) {
      const Vec w = res.weights;
      Index count = 0, smallest = -1;
      bool small = false;
      for (Index i = 0; i < n; ++i) {
        if (w[i] > 1e-6) {
          ++count;
          if (smallest < 0 || w[i] < w[smallest]) smallest = i;
          if (w[i] < m) small = true;
        }
      }
      if (!(count > K || small) || smallest < 0) break;
      if (lb[smallest] > 0.0) {
        add_flag(res, "cardinality_infeasible");
        break;
      }
      Vec ub2 = ub;
      ub2[smallest] = 0.0;
      OptimizeResult trial;
      Core c2{im, problem, settings, trial, lb, ub2};
      c2.run();
      if (trial.status == OptimizeStatus::Infeasible) {
        add_flag(res, "cardinality_infeasible");
        break;
      }
      ub = ub2;
      trial.flags.insert(trial.flags.begin(), res.flags.begin(), res.flags.end());
      res = trial;
    }
    if (m > 0.0) {
      Vec lb2 = lb;
      for (Index i = 0; i < n; ++i)
        if (res.weights[i] > 1e-6) lb2[i] = std::max(lb2[i], m);
      OptimizeResult trial;
      Core c3{im, problem, settings, trial, lb2, ub};
      c3.run();
      if (trial.status != OptimizeStatus::Infeasible) res = trial;
      else add_flag(res, "cardinality_infeasible");
    }
    if (res.covariance_repaired) add_flag(res, "covariance_repaired");
  }
  // drop duplicate flags from merges
  std::vector<std::string> uniq;
  for (auto& f : res.flags)
    if (std::find(uniq.begin(), uniq.end(), f) == uniq.end()) uniq.push_back(f);
  res.flags = uniq;
  return finish(im, problem, settings, std::move(res));
}

Result<OptimizeResult> optimize(const OptimizeProblem& problem, const OptimizeSettings& settings) {
  Optimizer o;
  return o.solve(problem, settings);
}

Result<std::vector<OptimizeResult>> efficient_frontier(const OptimizeProblem& problem,
                                                       const OptimizeSettings& settings, int points) {
  if (points < 2) return make_error(ErrorCode::InvalidArgument, "expected at least 2 frontier points", "points");
  Optimizer o;
  OptimizeSettings s = settings;
  s.objective = Objective::EfficientRisk;
  s.target_volatility = 1.0;  // placeholder for validation; replaced below
  s.max_holdings = 0;
  s.min_position = 0.0;
  // The ends: min variance and the top portfolio (targets at or beyond σ_min / σ_top select them exactly).
  s.target_volatility = 1e-300;
  auto lo = o.solve(problem, s);
  if (!lo) return lo.error();
  std::vector<OptimizeResult> out;
  if (lo->status == OptimizeStatus::Infeasible) {
    out.push_back(*lo);
    return out;
  }
  const double smin = lo->sigma_min, stop = lo->sigma_top;
  lo->flags.erase(std::remove(lo->flags.begin(), lo->flags.end(), "target_below_min_risk"), lo->flags.end());
  out.push_back(*lo);
  for (int k = 1; k < points - 1; ++k) {
    s.target_volatility = smin + (stop - smin) * static_cast<double>(k) / static_cast<double>(points - 1);
    auto r = o.solve(problem, s);
    if (!r) return r.error();
    out.push_back(*r);
  }
  s.target_volatility = std::max(stop, 1e-300);
  auto hi = o.solve(problem, s);
  if (!hi) return hi.error();
  hi->flags.erase(std::remove(hi->flags.begin(), hi->flags.end(), "target_not_binding"), hi->flags.end());
  out.push_back(*hi);
  return out;
}

}  // namespace riskdial
