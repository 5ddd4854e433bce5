#include "qp/active_set.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "qp/cholesky.hpp"
#include "qp/mat_vec.hpp"

namespace riskdial::detail {

namespace {

constexpr double kBoundSnap = 1e-12;  // a coordinate this close to a bound is on it
constexpr double kRowActive = 1e-13;  // a general row this close to a side is active at start
constexpr double kFeasTol = 1e-9;     // primal feasibility accepted for a warm start / after phase 1
constexpr Index kWarmCrashMinFree = 64;  // warm starts try PDAS first from this many free variables on

bool has_h(const QpSpec& p) { return (p.s != nullptr && p.h_scale != 0.0) || p.h_diag != 0.0; }

}  // namespace

Vec ActiveSetQp::gradient(const QpSpec& p, const Vec& x) {
  Vec g = p.c;
  if (p.s != nullptr && p.h_scale != 0.0) g.noalias() += p.h_scale * mat_vec(*p.s, x);
  if (p.h_diag != 0.0) g += p.h_diag * x;
  return g;
}

double ActiveSetQp::objective(const QpSpec& p, const Vec& x) {
  double f = p.c.dot(x);
  if (p.s != nullptr && p.h_scale != 0.0) f += 0.5 * p.h_scale * x.dot(mat_vec(*p.s, x));
  if (p.h_diag != 0.0) f += 0.5 * p.h_diag * x.squaredNorm();
  return f;
}

bool ActiveSetQp::feasible(const QpSpec& p, const Vec& x, double tol) const {
  if (x.size() != p.n() || !x.allFinite()) return false;
  for (Index j = 0; j < x.size(); ++j)
    if (x[j] < p.lb[j] - tol || x[j] > p.ub[j] + tol) return false;
  if (p.aeq.rows() > 0 && ((p.aeq * x) - p.beq).cwiseAbs().maxCoeff() > tol) return false;
  if (p.cin.rows() > 0) {
    Vec cx = p.cin * x;
    for (Index i = 0; i < cx.size(); ++i)
      if (cx[i] < p.clo[i] - tol || cx[i] > p.chi[i] + tol) return false;
  }
  return true;
}

void ActiveSetQp::init_working_set(const QpSpec& p, QpState& st) {
  const Index n = p.n(), meq = p.aeq.rows(), mr = p.cin.rows();
  Vec& x = st.x;
  st.var_state.assign(static_cast<std::size_t>(n), 0);
  st.row_state.assign(static_cast<std::size_t>(mr), 0);
  const bool hinted = static_cast<Index>(st.free_hint.size()) == n;
  for (Index j = 0; j < n; ++j) {
    const double lo = p.lb[j], hi = p.ub[j];
    if (lo == hi) {
      x[j] = lo;
      st.var_state[j] = -1;
    } else if (hinted && st.free_hint[static_cast<std::size_t>(j)] == 0) {
      // kept free: a step that leaves the bound's side is blocked at once and puts it back
    } else if (std::isfinite(lo) && x[j] - lo <= kBoundSnap * (1.0 + std::abs(lo))) {
      x[j] = lo;
      st.var_state[j] = -1;
    } else if (std::isfinite(hi) && hi - x[j] <= kBoundSnap * (1.0 + std::abs(hi))) {
      x[j] = hi;
      st.var_state[j] = 1;
    }
  }
  // Working rows restricted to the free variables must be linearly independent.
  auto rank_of = [&](const std::vector<Index>& rows_general) {
    if (meq == 1 && rows_general.empty()) {  // one row: rank 1 iff it has a nonzero on a free variable
      for (Index j = 0; j < n; ++j)
        if (st.var_state[j] == 0 && p.aeq(0, j) != 0.0) return Index{1};
      return Index{0};
    }
    std::vector<Index> fr;
    for (Index j = 0; j < n; ++j)
      if (st.var_state[j] == 0) fr.push_back(j);
    const Index m = meq + static_cast<Index>(rows_general.size());
    if (fr.empty() || m == 0) return Index{0};
    Mat a(static_cast<Index>(fr.size()), m);
    for (Index a_i = 0; a_i < static_cast<Index>(fr.size()); ++a_i) {
      for (Index k = 0; k < meq; ++k) a(a_i, k) = p.aeq(k, fr[a_i]);
      for (Index r = 0; r < static_cast<Index>(rows_general.size()); ++r)
        a(a_i, meq + r) = p.cin(rows_general[r], fr[a_i]);
    }
    Eigen::ColPivHouseholderQR<Mat> qr(a);
    return static_cast<Index>(qr.rank());
  };
  std::vector<Index> none;
  if (meq > 0) {
    Index r = rank_of(none);
    while (r < meq) {
      bool grown = false;
      for (Index j = 0; j < n && !grown; ++j) {
        if (st.var_state[j] == 0 || p.lb[j] == p.ub[j]) continue;
        const signed char keep = st.var_state[j];
        st.var_state[j] = 0;
        const Index r2 = rank_of(none);
        if (r2 > r) {
          r = r2;
          grown = true;
        } else {
          st.var_state[j] = keep;
        }
      }
      if (!grown) break;
    }
  }
  if (mr > 0) {
    Vec cx = p.cin * x;
    std::vector<Index> accepted;
    Index r = rank_of(accepted);
    for (Index i = 0; i < mr; ++i) {
      signed char side = 0;
      if (std::isfinite(p.clo[i]) && std::abs(cx[i] - p.clo[i]) <= kRowActive * (1.0 + std::abs(p.clo[i])))
        side = -1;
      else if (std::isfinite(p.chi[i]) &&
               std::abs(cx[i] - p.chi[i]) <= kRowActive * (1.0 + std::abs(p.chi[i])))
        side = 1;
      if (side == 0) continue;
      accepted.push_back(i);
      const Index r2 = rank_of(accepted);
      if (r2 > r) {
        r = r2;
        st.row_state[i] = side;
      } else {
        accepted.pop_back();
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Fast path for the Newton step (H_FF positive definite, working rows of full rank): the range-space form
//   p = −H⁻¹(g − Aᵀν),  ν = (A H⁻¹ Aᵀ)⁻¹ A H⁻¹ g
// is the same step as the null-space form used otherwise (p = −Z(ZᵀHZ)⁻¹Zᵀg), but the Cholesky factor of H_FF
// is kept across iterations and updated when one variable joins (append a row, O(nf²)) or leaves (delete a
// row + rank-one update, O(nf²)) the free set, instead of an O(nf³) factorization per iteration. Refactored
// from scratch at the start of every iterate() call (unless pdas or seed_factor left a factor of this problem,
// chol_keep_), every 32 iterations and after many changes at once.
// Used only when the factor passes the same conditioning test as the reduced Hessian of the general path.

double ActiveSetQp::hess(const QpSpec& p, Index i, Index j) const {
  double h = (p.s != nullptr && p.h_scale != 0.0) ? p.h_scale * (*p.s)(i, j) : 0.0;
  if (i == j) h += p.h_diag;
  return h;
}

void ActiveSetQp::hess_mul(const QpSpec& p, const std::vector<Index>& vars, const Vec& v, Vec& out) const {
  const Index n = p.n(), k = static_cast<Index>(vars.size());
  out.resize(k);
  if (3 * k * k < n * n || !(p.s != nullptr && p.h_scale != 0.0)) {
    for (Index a = 0; a < k; ++a) {
      double acc = 0.0;
      for (Index b = 0; b < k; ++b) acc += hess(p, vars[a], vars[b]) * v[b];
      out[a] = acc;
    }
  } else {
    Vec full = Vec::Zero(n);
    for (Index a = 0; a < k; ++a) full[vars[a]] = v[a];
    const Vec hv = p.h_scale * mat_vec(*p.s, full);
    for (Index a = 0; a < k; ++a) out[a] = hv[vars[a]] + p.h_diag * v[a];
  }
}

bool ActiveSetQp::chol_refactor(const QpSpec& p) {
  const Index nf = static_cast<Index>(free_.size());
  chol_ok_ = false;
  chol_vars_ = free_;
  chol_pos_.assign(static_cast<std::size_t>(p.n()), -1);
  for (Index a = 0; a < nf; ++a) chol_pos_[static_cast<std::size_t>(free_[a])] = a;
  if (chol_.rows() < p.n()) chol_.resize(p.n(), p.n());
  auto l = chol_.topLeftCorner(nf, nf);
  for (Index b = 0; b < nf; ++b)
    for (Index a = b; a < nf; ++a) l(a, b) = hess(p, free_[a], free_[b]);
  chol_dmax_ = nf > 0 ? l.diagonal().cwiseAbs().maxCoeff() : 0.0;
  if (cholesky_in_place(l) >= 0) return false;
  if (nf > 0) {
    const double lmin = l.diagonal().cwiseAbs().minCoeff();
    if (!(lmin * lmin > 1e-13 * std::max(chol_dmax_, 1e-300))) return false;
  }
  chol_ok_ = true;
  return true;
}

void ActiveSetQp::chol_delete(Index k) {
  const Index n = static_cast<Index>(chol_vars_.size()), m = n - k - 1;
  if (m > 0) {
    Vec v = chol_.block(k + 1, k, m, 1);
    for (Index c = 0; c < k; ++c)
      for (Index r = k; r < n - 1; ++r) chol_(r, c) = chol_(r + 1, c);
    for (Index c = k; c < n - 1; ++c)
      for (Index r = c; r < n - 1; ++r) chol_(r, c) = chol_(r + 1, c + 1);
    // L33' L33'ᵀ = L33 L33ᵀ + v vᵀ (rank-one update by Givens-like rotations)
    for (Index i = 0; i < m; ++i) {
      const Index d = k + i;
      const double lii = chol_(d, d), vi = v[i];
      const double r = std::hypot(lii, vi);
      const double c = r / lii, s = vi / lii;
      chol_(d, d) = r;
      for (Index j = i + 1; j < m; ++j) {
        const double lji = (chol_(k + j, d) + s * v[j]) / c;
        v[j] = c * v[j] - s * lji;
        chol_(k + j, d) = lji;
      }
    }
  }
  chol_pos_[static_cast<std::size_t>(chol_vars_[k])] = -1;
  chol_vars_.erase(chol_vars_.begin() + k);
  for (Index a = k; a < n - 1; ++a) chol_pos_[static_cast<std::size_t>(chol_vars_[a])] = a;
}

bool ActiveSetQp::chol_append(const QpSpec& p, Index var) {
  const Index n = static_cast<Index>(chol_vars_.size());
  Vec h(n);
  for (Index a = 0; a < n; ++a) h[a] = hess(p, chol_vars_[static_cast<std::size_t>(a)], var);
  if (n > 0) chol_.topLeftCorner(n, n).triangularView<Eigen::Lower>().solveInPlace(h);
  const double hjj = hess(p, var, var);
  const double d2 = hjj - h.squaredNorm();
  chol_dmax_ = std::max(chol_dmax_, std::abs(hjj));
  if (!(d2 > 1e-13 * std::max(chol_dmax_, 1e-300))) return false;
  chol_.block(n, 0, 1, n) = h.transpose();
  chol_(n, n) = std::sqrt(d2);
  chol_vars_.push_back(var);
  chol_pos_[static_cast<std::size_t>(var)] = n;
  return true;
}

bool ActiveSetQp::chol_sync(const QpSpec& p, const std::vector<signed char>& var_state, int max_changes) {
  if (!chol_ok_) return chol_refactor(p);
  int changes = 0;
  for (Index v : chol_vars_)
    if (var_state[static_cast<std::size_t>(v)] != 0) ++changes;
  for (Index j : free_)
    if (chol_pos_[static_cast<std::size_t>(j)] < 0) ++changes;
  if (changes > max_changes) return chol_refactor(p);
  for (Index k = static_cast<Index>(chol_vars_.size()) - 1; k >= 0; --k)
    if (var_state[static_cast<std::size_t>(chol_vars_[k])] != 0) chol_delete(k);
  for (Index j : free_)
    if (chol_pos_[static_cast<std::size_t>(j)] < 0 && !chol_append(p, j)) return chol_refactor(p);
  return true;
}

QpStatus ActiveSetQp::iterate(const QpSpec& p, QpState& st, QpInfo& info, int max_iter, bool stationary) {
  const Index n = p.n(), meq = p.aeq.rows(), mr = p.cin.rows();
  const bool quad = has_h(p);
  const bool has_s = p.s != nullptr && p.h_scale != 0.0;
  Vec& x = st.x;
  if (!stationary) g_ = gradient(p, x);
  Vec cx = mr > 0 ? Vec(p.cin * x) : Vec();
  Vec row_norm(mr);
  for (Index i = 0; i < mr; ++i) row_norm[i] = std::max(p.cin.row(i).norm(), 1e-300);

  bool last_full = stationary;
  int degenerate_run = 0;
  bool bland = false;
  Index dropped_var = -1, dropped_row = -1;
  Eigen::ColPivHouseholderQR<Mat> qr;
  Vec gF, pF, dr;
  // Fast path (range-space step with an updated Cholesky factor) while H_FF factors well; once a fresh
  // factorization fails in this call, the general null-space path is used for the rest of it.
  bool fast = quad;
  chol_ok_ = chol_ok_ && chol_keep_;  // a factor left by pdas for this problem; else refactored on first use
  chol_keep_ = false;
  if (qtg_.size() < n) qtg_.resize(n);
  if (pz_.size() < n) pz_.resize(n);

  for (int it = 0; it < max_iter; ++it) {
    ++info.iterations;
    if (it % 32 == 31) {  // limit drift of the incrementally updated quantities
      g_ = gradient(p, x);
      if (mr > 0) cx = p.cin * x;
      chol_ok_ = false;
    }
    free_.clear();
    for (Index j = 0; j < n; ++j)
      if (st.var_state[j] == 0) free_.push_back(j);
    rows_.clear();
    for (Index i = 0; i < mr; ++i)
      if (st.row_state[i] != 0) rows_.push_back(i);
    const Index nf = static_cast<Index>(free_.size());
    const Index m = meq + static_cast<Index>(rows_.size());
    gF.resize(nf);
    for (Index a = 0; a < nf; ++a) gF[a] = g_[free_[a]];
    Index rank = 0;
    if (m > 0 && nf > 0) {
      at_.resize(nf, m);
      for (Index a = 0; a < nf; ++a) {
        for (Index k = 0; k < meq; ++k) at_(a, k) = p.aeq(k, free_[a]);
        for (Index r = 0; r < static_cast<Index>(rows_.size()); ++r)
          at_(a, meq + r) = p.cin(rows_[r], free_[a]);
      }
      qr.compute(at_);
      rank = static_cast<Index>(qr.rank());
    }
    const Index nz = nf - rank;
    bool stationary = last_full || nz == 0;
    bool zero_curv = false;
    if (!stationary) {
      bool done = false;
      if (fast && rank == m && nf >= kFastMinFree && chol_sync(p, st.var_state, 8)) {
        // Range-space solve on the factor of H_FF, projected on the null space of the working rows (so the
        // rows stay satisfied at rounding level), then refined until the reduced residual Zᵀ(H p + g) is at
        // rounding level; if it does not get there (ill-conditioned H_FF), the general path below is used.
        fpos_.resize(static_cast<std::size_t>(n));
        for (Index a = 0; a < nf; ++a) fpos_[static_cast<std::size_t>(free_[a])] = a;
        Mat ac(nf, m);
        for (Index a = 0; a < nf; ++a) {
          const Index j = chol_vars_[static_cast<std::size_t>(a)];
          for (Index k = 0; k < meq; ++k) ac(a, k) = p.aeq(k, j);
          for (Index r = 0; r < static_cast<Index>(rows_.size()); ++r)
            ac(a, meq + r) = p.cin(rows_[r], j);
        }
        const auto l = chol_.topLeftCorner(nf, nf);
        Mat ya = ac;
        for (Index k = 0; k < m; ++k) {  // column by column: Eigen's matrix solve packs for its GEMM kernel
          auto y = ya.col(k);
          l.triangularView<Eigen::Lower>().solveInPlace(y);
          l.transpose().triangularView<Eigen::Upper>().solveInPlace(y);
        }
        Eigen::LDLT<Mat> sch;
        if (m > 0) sch.compute(ac.transpose() * ya);
        auto project = [&](Vec& v) {
          if (rank == 0) return;
          v.applyOnTheLeft(qr.householderQ().adjoint());
          v.head(rank).setZero();
          v.applyOnTheLeft(qr.householderQ());
        };
        auto step_for = [&](const Vec& gv) {  // −Z(ZᵀHZ)⁻¹Zᵀgv, free order
          Vec y(nf);
          for (Index a = 0; a < nf; ++a) y[a] = gv[fpos_[static_cast<std::size_t>(chol_vars_[a])]];
          l.triangularView<Eigen::Lower>().solveInPlace(y);
          l.transpose().triangularView<Eigen::Upper>().solveInPlace(y);
          if (m > 0) y.noalias() -= ya * sch.solve(ac.transpose() * y);
          Vec out(nf);
          for (Index a = 0; a < nf; ++a) out[fpos_[static_cast<std::size_t>(chol_vars_[a])]] = -y[a];
          project(out);
          return out;
        };
        auto hmul = [&](const Vec& v) {  // (H v)_F for v on the free variables, free order
          Vec out;
          hess_mul(p, free_, v, out);
          return out;
        };
        Vec cand = step_for(gF);
        const double gmax = gF.cwiseAbs().maxCoeff();
        for (int refine = 0; refine < 4; ++refine) {
          Vec res = hmul(cand) + gF;
          project(res);
          // a few ulps per free variable: the backward error of the general path's Cholesky solve
          const double tol = 1e-15 * static_cast<double>(nf) * (chol_dmax_ * cand.cwiseAbs().maxCoeff() + gmax);
          if (res.cwiseAbs().maxCoeff() <= tol) {
            done = true;
            break;
          }
          cand += step_for(res);
        }
        if (done) pF = std::move(cand);
      } else if (fast && rank == m && nf >= kFastMinFree) {
        fast = false;  // a fresh factorization failed the conditioning test
      }
      if (!done) {
        // Null-space step on the reduced gradient gz = Zᵀg_F (the tail of Qᵀg_F). The vectors and matrices
        // of changing size are blocks of workspace kept across iterations (an allocation per iteration costs
        // more in WASM than the arithmetic at small n).
        auto qtg = qtg_.head(nf);
        qtg = gF;
        if (rank > 0) qtg.applyOnTheLeft(qr.householderQ().adjoint());
        const auto gz = qtg.tail(nz);
        auto pz = pz_.head(nz);
        if (!quad) {
          zero_curv = true;
          pz = -gz;
        } else {
          m_.resize(nf, nf);
          for (Index b = 0; b < nf; ++b)
            for (Index a = 0; a < nf; ++a)
              m_(a, b) = has_s ? p.h_scale * (*p.s)(free_[a], free_[b]) : 0.0;
          m_.diagonal().array() += p.h_diag;
          if (rank > 0) {
            m_.applyOnTheLeft(qr.householderQ().adjoint());
            m_.applyOnTheRight(qr.householderQ());
          }
          if (r_.rows() < nz) {  // grown to the largest reduced Hessian seen
            r_.resize(nz, nz);
            fac_.resize(nz, nz);
          }
          auto r = r_.topLeftCorner(nz, nz);
          r = 0.5 * (m_.bottomRightCorner(nz, nz) + m_.bottomRightCorner(nz, nz).transpose());
          const double dmax = std::max(r.diagonal().cwiseAbs().maxCoeff(), 1e-300);
          auto l = fac_.topLeftCorner(nz, nz);
          l.triangularView<Eigen::Lower>() = r;
          bool pd = cholesky_in_place(l) < 0;
          if (pd) {
            const double lmin = l.diagonal().cwiseAbs().minCoeff();
            pd = lmin * lmin > 1e-13 * dmax;
          }
          if (pd) {
            pz = gz;
            l.triangularView<Eigen::Lower>().solveInPlace(pz);
            l.triangularView<Eigen::Lower>().transpose().solveInPlace(pz);
            pz = -pz;
          } else {
            Eigen::SelfAdjointEigenSolver<Mat> es(r);
            const Vec& ev = es.eigenvalues();
            const Mat& v = es.eigenvectors();
            const double emax = std::max(ev.cwiseAbs().maxCoeff(), 1e-300);
            Vec coef = v.transpose() * gz;
            Vec pn = Vec::Zero(nz), pr = Vec::Zero(nz);
            for (Index k = 0; k < nz; ++k) {
              if (ev[k] <= 1e-13 * emax)
                pn -= coef[k] * v.col(k);
              else
                pr -= (coef[k] / ev[k]) * v.col(k);
            }
            if (pn.norm() > 1e-10 * gz.norm() && pn.norm() > 0.0) {
              zero_curv = true;
              pz = pn;
            } else {
              pz = pr;
            }
          }
        }
        pF = Vec::Zero(nf);
        pF.tail(nz) = pz;
        if (rank > 0) pF.applyOnTheLeft(qr.householderQ());
      }
      const double xs = std::max(1.0, x.cwiseAbs().maxCoeff());
      if (pF.cwiseAbs().maxCoeff() <= 1e-15 * xs) stationary = true;
    }

    if (stationary) {
      Vec nu = Vec::Zero(m);
      if (m > 0 && nf > 0) nu = qr.solve(gF);
      Vec rho = g_;
      if (meq > 0) rho.noalias() -= p.aeq.transpose() * nu.head(meq);
      for (Index r = 0; r < static_cast<Index>(rows_.size()); ++r)
        rho -= nu[meq + r] * p.cin.row(rows_[r]).transpose();
      const double gscale = std::max(g_.cwiseAbs().maxCoeff(), 1e-300);
      const double tol = 1e-11 * gscale;
      double best = tol;
      int kind = 0;
      Index idx = -1;
      for (Index j = 0; j < n; ++j) {
        if (st.var_state[j] == 0 || p.lb[j] == p.ub[j]) continue;
        const double v = st.var_state[j] < 0 ? -rho[j] : rho[j];
        if (v > best) {
          best = v;
          kind = 1;
          idx = j;
          if (bland) break;
        }
      }
      if (!(bland && idx >= 0)) {
        for (Index r = 0; r < static_cast<Index>(rows_.size()); ++r) {
          const Index i = rows_[r];
          const double v = (st.row_state[i] < 0 ? -nu[meq + r] : nu[meq + r]) * row_norm[i];
          if (v > best) {
            best = v;
            kind = 2;
            idx = i;
            if (bland) break;
          }
        }
      }
      if (idx < 0) {
        info.nu_eq = nu.head(meq);
        info.nu_row = Vec::Zero(mr);
        for (Index r = 0; r < static_cast<Index>(rows_.size()); ++r) info.nu_row[rows_[r]] = nu[meq + r];
        info.rho = Vec::Zero(n);
        for (Index j = 0; j < n; ++j)
          if (st.var_state[j] != 0) info.rho[j] = rho[j];
        return QpStatus::Optimal;
      }
      if (kind == 1) {
        st.var_state[idx] = 0;
        dropped_var = idx;
        dropped_row = -1;
      } else {
        st.row_state[idx] = 0;
        dropped_row = idx;
        dropped_var = -1;
      }
      last_full = false;
      continue;
    }

    // Ratio test along pF.
    const double pmax = pF.cwiseAbs().maxCoeff();
    const double thr = 1e-14 * pmax;
    double alpha = zero_curv ? kInf : 1.0;
    int bkind = 0;
    Index bidx = -1;
    signed char bside = 0;
    double bmag = 0.0;
    auto consider = [&](double ratio, double mag, int kind, Index idx, signed char side) {
      const double t = std::max(ratio, 0.0);
      const bool tie = bidx >= 0 && std::abs(t - alpha) <= 1e-12 * std::max(1.0, alpha);
      bool take;
      if (tie)
        take = bland ? false : mag > bmag;
      else
        take = t < alpha;
      if (take) {
        alpha = t;
        bkind = kind;
        bidx = idx;
        bside = side;
        bmag = mag;
      }
    };
    for (Index a = 0; a < nf; ++a) {
      const Index j = free_[a];
      const double d = pF[a];
      if (j == dropped_var && std::abs(d) <= 1e-9 * pmax) continue;
      if (d < -thr && std::isfinite(p.lb[j])) consider((x[j] - p.lb[j]) / (-d), -d, 1, j, -1);
      else if (d > thr && std::isfinite(p.ub[j])) consider((p.ub[j] - x[j]) / d, d, 1, j, 1);
    }
    if (mr > 0) {
      dr.resize(mr);
      for (Index i = 0; i < mr; ++i) {
        double s = 0.0;
        for (Index a = 0; a < nf; ++a) s += p.cin(i, free_[a]) * pF[a];
        dr[i] = s;
        if (st.row_state[i] != 0) continue;
        const double thr_i = 1e-14 * pmax * row_norm[i];
        if (i == dropped_row && std::abs(s) <= 1e-9 * pmax * row_norm[i]) continue;
        if (s < -thr_i && std::isfinite(p.clo[i]))
          consider((cx[i] - p.clo[i]) / (-s), -s / row_norm[i], 2, i, -1);
        else if (s > thr_i && std::isfinite(p.chi[i]))
          consider((p.chi[i] - cx[i]) / s, s / row_norm[i], 2, i, 1);
      }
    }
    if (!std::isfinite(alpha)) return QpStatus::Unbounded;
    dropped_var = dropped_row = -1;
    if (alpha * pmax <= 1e-15 * std::max(1.0, x.cwiseAbs().maxCoeff())) {
      if (++degenerate_run > 30) bland = true;
    } else {
      degenerate_run = 0;
      bland = false;
    }
    if (alpha > 0.0) {
      for (Index a = 0; a < nf; ++a) x[free_[a]] += alpha * pF[a];
      if (has_s) {  // g += α·h_scale·S_F·p_F
        step_coef_.resize(nf);
        for (Index a = 0; a < nf; ++a) step_coef_[a] = alpha * p.h_scale * pF[a];
        add_columns(*p.s, free_, step_coef_, g_);
      }
      if (p.h_diag != 0.0)
        for (Index a = 0; a < nf; ++a) g_[free_[a]] += alpha * p.h_diag * pF[a];
      if (mr > 0) cx += alpha * dr;
    }
    if (bkind == 1) {
      const double target = bside < 0 ? p.lb[bidx] : p.ub[bidx];
      const double delta = target - x[bidx];
      x[bidx] = target;
      if (delta != 0.0) {
        if (has_s) g_.noalias() += (delta * p.h_scale) * p.s->col(bidx);
        if (p.h_diag != 0.0) g_[bidx] += delta * p.h_diag;
        if (mr > 0) cx += delta * p.cin.col(bidx);
      }
      st.var_state[bidx] = bside;
    } else if (bkind == 2) {
      st.row_state[bidx] = bside;
    }
    last_full = (bkind == 0) && !zero_curv;
  }
  return QpStatus::MaxIterations;
}

bool ActiveSetQp::phase1(const QpSpec& p, QpState& st, const FillOrder& order, QpInfo& info) {
  const Index n = p.n(), meq = p.aeq.rows(), mr = p.cin.rows();
  Vec x0(n);
  for (Index j = 0; j < n; ++j) {
    double v = 0.0;
    if (std::isfinite(p.lb[j])) v = std::max(v, p.lb[j]);
    if (std::isfinite(p.ub[j])) v = std::min(v, p.ub[j]);
    if (std::isfinite(p.lb[j]) && v < p.lb[j]) v = p.lb[j];
    x0[j] = v;
  }
  const bool budget_like =
      meq > 0 && (p.aeq.row(0).array() == 1.0).all() && p.lb.allFinite() && p.ub.allFinite();
  if (budget_like) {
    x0 = p.lb;
    double rem = p.beq[0] - x0.sum();
    std::vector<char> seen(static_cast<std::size_t>(n), 0);
    auto fill = [&](Index j) {
      if (seen[j] || rem <= 0.0) return;
      seen[j] = 1;
      const double add = std::min(rem, p.ub[j] - p.lb[j]);
      x0[j] += add;
      rem -= add;
    };
    if (order.key != nullptr) {
      std::vector<Index> idx(static_cast<std::size_t>(std::min(order.size, n)));
      std::iota(idx.begin(), idx.end(), Index{0});
      const double* key = order.key;
      const Index stride = order.stride;
      std::stable_sort(idx.begin(), idx.end(), [&](Index a, Index b) {
        return order.descending ? key[a * stride] > key[b * stride] : key[a * stride] < key[b * stride];
      });
      for (Index j : idx) fill(j);
    }
    for (Index j = 0; j < n; ++j) fill(j);
  }
  Vec req = p.beq - p.aeq * x0;
  Vec cx = mr > 0 ? Vec(p.cin * x0) : Vec();
  std::vector<Index> viol;
  std::vector<double> vsign, vamt;
  for (Index i = 0; i < mr; ++i) {
    if (cx[i] < p.clo[i]) {
      viol.push_back(i);
      vsign.push_back(1.0);
      vamt.push_back(p.clo[i] - cx[i]);
    } else if (cx[i] > p.chi[i]) {
      viol.push_back(i);
      vsign.push_back(-1.0);
      vamt.push_back(cx[i] - p.chi[i]);
    }
  }
  const Index nv = static_cast<Index>(viol.size());
  const Index n1 = n + meq + nv;
  QpSpec q;
  q.c = Vec::Zero(n1);
  q.c.tail(meq + nv).setOnes();
  q.aeq = Mat::Zero(meq, n1);
  q.aeq.leftCols(n) = p.aeq;
  for (Index k = 0; k < meq; ++k) q.aeq(k, n + k) = req[k] >= 0.0 ? 1.0 : -1.0;
  q.beq = p.beq;
  q.cin = Mat::Zero(mr, n1);
  if (mr > 0) q.cin.leftCols(n) = p.cin;
  for (Index v = 0; v < nv; ++v) q.cin(viol[v], n + meq + v) = vsign[v];
  q.clo = p.clo;
  q.chi = p.chi;
  q.lb = Vec::Zero(n1);
  q.ub = Vec::Constant(n1, kInf);
  q.lb.head(n) = p.lb;
  q.ub.head(n) = p.ub;
  QpState s1;
  s1.x.resize(n1);
  s1.x.head(n) = x0;
  for (Index k = 0; k < meq; ++k) s1.x[n + k] = std::abs(req[k]);
  for (Index v = 0; v < nv; ++v) s1.x[n + meq + v] = vamt[v];
  init_working_set(q, s1);
  QpInfo i1;
  const QpStatus s = iterate(q, s1, i1, static_cast<int>(20 * (n1 + mr) + 200));
  info.iterations += i1.iterations;
  const double infeas = s1.x.tail(meq + nv).sum();
  st.x = s1.x.head(n);
  if (s != QpStatus::Optimal && !(infeas <= kFeasTol)) {
    info.infeasibility = infeas;
    return false;
  }
  if (!(infeas <= kFeasTol)) {
    info.infeasibility = infeas;
    return false;
  }
  return true;
}

// x_F = argmin ½x_Fᵀ H_FF x_F + qᵀx_F s.t. A_F x_F = r (A = the equality rows on the free variables free_, q and
// x_F in free_ order) in range-space form on the maintained Cholesky factor of H_FF: x = y + Yν with y = −H⁻¹q,
// Y = H⁻¹A_Fᵀ, (A_F Y)ν = r − A_F y; then refined on the KKT residual (at most 3 times) until it is at the
// rounding level of the null-space solve. Between pdas iterations the factor is updated (rows appended and
// deleted, O(nf²) each) when at most max(8, nf/4) variables changed, else refactored (nf/8 spent a refactorization
// on the second step of a warm N = 400 minimum-variance crash). False: the factor fails the conditioning test or
// the refinement does not converge (the caller uses the null-space solve).
bool ActiveSetQp::range_solve(const QpSpec& p, const std::vector<signed char>& state, const Vec& q, const Vec& r,
                              Vec& xf) {
  const Index n = p.n(), nf = static_cast<Index>(free_.size()), meq = p.aeq.rows();
  if (!chol_sync(p, state, static_cast<int>(std::max<Index>(8, nf / 4)))) return false;
  fpos_.resize(static_cast<std::size_t>(n));
  for (Index a = 0; a < nf; ++a) fpos_[static_cast<std::size_t>(free_[a])] = a;
  // everything below in factor order (chol_vars_)
  Vec qc(nf), xc(nf);
  Mat ac(nf, meq);
  for (Index a = 0; a < nf; ++a) {
    const Index j = chol_vars_[static_cast<std::size_t>(a)];
    qc[a] = q[fpos_[static_cast<std::size_t>(j)]];
    for (Index k = 0; k < meq; ++k) ac(a, k) = p.aeq(k, j);
  }
  const auto l = chol_.topLeftCorner(nf, nf);
  auto hinv = [&](auto&& v) {
    l.triangularView<Eigen::Lower>().solveInPlace(v);
    l.transpose().triangularView<Eigen::Upper>().solveInPlace(v);
  };
  Mat ya = ac;
  for (Index k = 0; k < meq; ++k) hinv(ya.col(k));
  Eigen::LDLT<Mat> sch;
  if (meq > 0) sch.compute(ac.transpose() * ya);
  Vec nu = Vec::Zero(meq);
  // (dx, dν) for H dx − Aᵀdν = −r1, A dx = r2
  auto kkt = [&](const Vec& r1, const Vec& r2, Vec& dx, Vec& dnu) {
    dx = -r1;
    hinv(dx);
    if (meq > 0) {
      dnu = sch.solve(r2 - ac.transpose() * dx);
      dx.noalias() += ya * dnu;
    }
  };
  Vec dnu(meq), r1(nf), r2(meq);
  kkt(qc, r, xc, nu);
  const double qmax = qc.cwiseAbs().maxCoeff(), rmax = meq > 0 ? r.cwiseAbs().maxCoeff() : 0.0;
  for (int refine = 0;; ++refine) {
    hess_mul(p, chol_vars_, xc, r1);  // r1 = H_FF x + q − A_Fᵀν
    r1 += qc;
    if (meq > 0) {
      r1.noalias() -= ac * nu;
      r2 = r - ac.transpose() * xc;
    }
    const double xmax = xc.cwiseAbs().maxCoeff();
    const double tol = 1e-15 * static_cast<double>(nf) * (chol_dmax_ * xmax + qmax);
    const bool ok1 = r1.cwiseAbs().maxCoeff() <= tol;
    const bool ok2 = meq == 0 || r2.cwiseAbs().maxCoeff() <= 1e-15 * static_cast<double>(nf) * (xmax + rmax);
    if (ok1 && ok2) break;
    if (refine == 3 || !xc.allFinite()) return false;
    Vec dx;
    kkt(r1, r2, dx, dnu);
    xc += dx;
    if (meq > 0) nu += dnu;
  }
  xf.resize(nf);
  for (Index a = 0; a < nf; ++a) xf[fpos_[static_cast<std::size_t>(chol_vars_[static_cast<std::size_t>(a)])]] = xc[a];
  return true;
}

// Primal-dual active-set "crash" (Hintermüller–Ito–Kunisch) on the bound constraints and equality rows only:
// guesses the bound working set in a few Newton solves instead of one active-set change per iteration. Used
// only when the Hessian has a PD part (S term) and all bounds are finite; the result is accepted only if it
// satisfies every constraint (general rows included), and it is then verified and finished by the primal
// active-set iterations, so the crash never changes the answer, only the path.
bool ActiveSetQp::pdas(const QpSpec& p, QpState& st, QpInfo& info) {
  const Index n = p.n(), meq = p.aeq.rows();
  if (!(p.s != nullptr && p.h_scale > 0.0) || !p.lb.allFinite() || !p.ub.allFinite()) return false;
  std::vector<signed char> state(static_cast<std::size_t>(n), 0);
  if (st.valid && static_cast<Index>(st.var_state.size()) == n) state = st.var_state;
  Vec x(n);
  Index last_viol = n + 1;
  bool limited = false;
  if (!chol_keep_) chol_ok_ = false;  // else a seeded factor of this problem (see solve()); any other factor
  chol_keep_ = false;                 // left from an earlier solve belongs to another problem
  bool use_range = true, ranged = false;
  for (int it = 0; it < 50; ++it) {
    ++info.iterations;
    free_.clear();
    for (Index j = 0; j < n; ++j) {
      if (p.lb[j] == p.ub[j]) state[j] = -1;
      if (state[j] < 0) x[j] = p.lb[j];
      else if (state[j] > 0) x[j] = p.ub[j];
      else free_.push_back(j);
    }
    const Index nf = static_cast<Index>(free_.size());
    if (nf < meq) return false;
    // gradient contribution of the fixed part: q = c_F + H_F,fixed x_fixed
    Vec xfix = x;
    for (Index j : free_) xfix[j] = 0.0;
    Vec gfix = gradient(p, xfix);  // H x_fixed + c (full)
    Vec q(nf);
    for (Index a = 0; a < nf; ++a) q[a] = gfix[free_[a]];
    Vec r = p.beq;
    if (meq > 0) r.noalias() -= p.aeq * xfix;
    Vec xf(nf);
    Eigen::HouseholderQR<Mat> qr;
    Mat R;
    if (meq > 0) {
      at_.resize(nf, meq);
      for (Index a = 0; a < nf; ++a)
        for (Index k = 0; k < meq; ++k) at_(a, k) = p.aeq(k, free_[a]);
      qr.compute(at_);
      R = qr.matrixQR().topRows(meq).triangularView<Eigen::Upper>();
      const double rmax = R.diagonal().cwiseAbs().maxCoeff();
      if (!(R.diagonal().cwiseAbs().minCoeff() > 1e-12 * rmax)) return false;
    }
    // Many free variables: the range-space solve on a factor updated across iterations (the later iterations
    // change few variables); else, or if it fails, the null-space solve below (a factorization per iteration).
    ranged = false;
    if (use_range && nf >= kFastMinFree) {
      ranged = range_solve(p, state, q, r, xf);
      if (!ranged) use_range = chol_ok_ = false;  // failed once: not again in this crash
    }
    if (!ranged) {  // null-space solve: Qᵀ H_FF Q on the QR of A_Fᵀ, a factorization per iteration
      m_.resize(nf, nf);
      for (Index b = 0; b < nf; ++b)
        for (Index a = 0; a < nf; ++a) m_(a, b) = p.h_scale * (*p.s)(free_[a], free_[b]);
      m_.diagonal().array() += p.h_diag;
      if (meq > 0) {
        Vec y1 = R.transpose().triangularView<Eigen::Lower>().solve(r);
        const Index nz = nf - meq;
        Mat mq = m_;
        mq.applyOnTheLeft(qr.householderQ().adjoint());
        mq.applyOnTheRight(qr.householderQ());
        Vec qq = q;
        qq.applyOnTheLeft(qr.householderQ().adjoint());
        Vec y2 = Vec::Zero(nz);
        if (nz > 0) {
          const Cholesky llt(mq.bottomRightCorner(nz, nz));
          if (!llt.ok()) return false;
          Vec rhs = -(mq.bottomLeftCorner(nz, meq) * y1 + qq.tail(nz));
          y2 = llt.solve(rhs);
        }
        Vec y(nf);
        y.head(meq) = y1;
        y.tail(nz) = y2;
        xf = y;
        xf.applyOnTheLeft(qr.householderQ());
      } else {
        const Cholesky llt(m_);
        if (!llt.ok()) return false;
        xf = -llt.solve(q);
      }
    }
    for (Index a = 0; a < nf; ++a) x[free_[a]] = xf[a];
    Vec g = gradient(p, x);
    Vec nu = Vec::Zero(meq);
    if (meq > 0) {
      Vec gf(nf);
      for (Index a = 0; a < nf; ++a) gf[a] = g[free_[a]];
      Vec qtg = gf;
      qtg.applyOnTheLeft(qr.householderQ().adjoint());
      nu = R.triangularView<Eigen::Upper>().solve(Vec(qtg.head(meq)));
    }
    Vec rho = g;
    if (meq > 0) rho.noalias() -= p.aeq.transpose() * nu;
    bool changed = false;
    const double tol = 1e-13 * std::max(g.cwiseAbs().maxCoeff(), 1e-300);
    dual_viol_.clear();
    Index n_primal = 0;
    for (Index j = 0; j < n; ++j) {
      if (p.lb[j] == p.ub[j]) continue;
      if (state[j] == 0) {
        signed char ns = 0;
        if (x[j] < p.lb[j]) ns = -1;
        else if (x[j] > p.ub[j]) ns = 1;
        if (ns != 0) {
          state[j] = ns;
          ++n_primal;
        }
      } else if (state[j] < 0 ? !(rho[j] > -tol) : !(rho[j] < tol)) {
        dual_viol_.emplace_back(std::abs(rho[j]), j);
      }
    }
    const Index n_viol = n_primal + static_cast<Index>(dual_viol_.size());
    changed = n_viol > 0;
    if (n_viol >= last_viol) limited = true;
    last_viol = n_viol;
    std::size_t n_free = dual_viol_.size();
    if (limited && n_free > 1) {
      n_free = (n_free + 1) / 2;
      std::nth_element(dual_viol_.begin(), dual_viol_.begin() + static_cast<std::ptrdiff_t>(n_free - 1),
                       dual_viol_.end(), [](const auto& a, const auto& b) {
                         return a.first > b.first || (a.first == b.first && a.second < b.second);
                       });
    }
    for (std::size_t k = 0; k < n_free; ++k) state[dual_viol_[k].second] = 0;
    if (!changed) {
      if (!feasible(p, x, kFeasTol)) return false;
      st.x = x;
      st.var_state = state;
      st.valid = true;
      chol_keep_ = ranged && chol_ok_;
      g_ = std::move(g);  // ∇f(x), for iterate() (see init_after_crash)
      crash_checked_ = ranged;
      return true;
    }
  }
  return false;
}

// min cᵀx s.t. 1ᵀx = b, lb ≤ x ≤ ub (finite) is a fractional knapsack: start at lb and fill the budget in
// ascending cost (ties in index order) up to each upper bound. The variable filled last (partly, if any) sets
// ν = its cost; every variable before it is at ub with c_j ≤ ν and every one after it at lb with c_j ≥ ν, so
// ρ = c − ν has the right signs and (x, ν, ρ) satisfies the KKT conditions. The active-set method reaches the
// same optimal value after a phase 1 and a few pivots. Not applicable (false): a Hessian, general rows, other
// equality rows, an infinite bound, or Σlb > b or Σub < b (left to phase 1, which reports infeasibility).
bool ActiveSetQp::budget_box_lp(const QpSpec& p, QpState& st, QpInfo& info) {
  const Index n = p.n();
  if (has_h(p) || p.aeq.rows() != 1 || p.cin.rows() != 0 || n == 0) return false;
  if (!(p.aeq.array() == 1.0).all() || !p.lb.allFinite() || !p.ub.allFinite()) return false;
  const double b = p.beq[0];
  if (!(p.lb.sum() <= b && p.ub.sum() >= b)) return false;
  lp_order_.resize(static_cast<std::size_t>(n));
  std::iota(lp_order_.begin(), lp_order_.end(), Index{0});
  std::stable_sort(lp_order_.begin(), lp_order_.end(), [&](Index a, Index c) { return p.c[a] < p.c[c]; });
  st.x = p.lb;
  st.var_state.assign(static_cast<std::size_t>(n), -1);
  st.row_state.clear();
  double rem = b - st.x.sum();
  Index last = lp_order_.front();  // the marginal variable: the last one that received budget
  for (Index j : lp_order_) {
    if (rem <= 0.0) break;
    const double add = std::min(rem, p.ub[j] - p.lb[j]);
    st.x[j] += add;
    rem -= add;
    last = j;
    st.var_state[static_cast<std::size_t>(j)] = add < p.ub[j] - p.lb[j] ? 0 : 1;
  }
  if (p.lb[last] == p.ub[last]) st.var_state[static_cast<std::size_t>(last)] = -1;
  st.valid = true;
  st.free_hint.clear();
  info.status = QpStatus::Optimal;
  info.cold = false;
  info.nu_eq = Vec::Constant(1, p.c[last]);
  info.nu_row.resize(0);
  info.rho = p.c.array() - p.c[last];
  for (Index j = 0; j < n; ++j)
    if (st.var_state[static_cast<std::size_t>(j)] == 0) info.rho[j] = 0.0;
  return true;
}

bool ActiveSetQp::init_after_crash(const QpSpec& p, QpState& st) {
  if (!crash_checked_) {
    init_working_set(p, st);
    return false;
  }
  crash_x_ = st.x;
  crash_state_ = st.var_state;
  init_working_set(p, st);
  return st.x == crash_x_ && st.var_state == crash_state_;
}

void ActiveSetQp::seed_factor(Index n, const std::vector<Index>& vars, const Eigen::Ref<const Mat>& l,
                              double dmax) {
  const Index k = static_cast<Index>(vars.size());
  seeded_ = false;
  if (k == 0 || k > n || l.rows() != k ||
      !(l.diagonal().cwiseAbs().minCoeff() * l.diagonal().cwiseAbs().minCoeff() > 1e-13 * std::max(dmax, 1e-300)))
    return;  // the conditioning test of chol_refactor
  if (chol_.rows() < n) chol_.resize(n, n);
  chol_.topLeftCorner(k, k).triangularView<Eigen::Lower>() = l;
  chol_vars_ = vars;
  chol_pos_.assign(static_cast<std::size_t>(n), -1);
  for (Index a = 0; a < k; ++a) chol_pos_[static_cast<std::size_t>(vars[a])] = a;
  chol_dmax_ = dmax;
  seeded_ = true;
}

QpInfo ActiveSetQp::solve(const QpSpec& p, QpState& st, const FillOrder& order) {
  QpInfo info;
  const bool seeded = seeded_;  // a factor of this problem's H from seed_factor(), for a warm start only
  seeded_ = chol_keep_ = false;
  if (budget_box_lp(p, st, info)) return info;
  const Index n = p.n(), mr = p.cin.rows();
  bool warm = st.valid && st.x.size() == n && feasible(p, st.x, kFeasTol);
  if (seeded && warm && static_cast<Index>(chol_pos_.size()) == n) chol_ok_ = chol_keep_ = true;
  if (!warm) st.free_hint.clear();
  info.cold = !warm;
  const int max_iter = static_cast<int>(30 * (n + mr) + 300);
  bool crashed = false;
  if (!warm && n >= 8) {  // crash the bound working set of a cold start
    QpState trial = st;
    trial.valid = false;
    if (pdas(p, trial, info)) {
      st = trial;
      warm = crashed = true;
    }
  } else if (warm && n >= 8 && p.cin.rows() == 0 && static_cast<Index>(st.var_state.size()) == n) {
    // Warm start with many free variables (e.g. the minimum-variance portfolio of a backtest's previous
    // date, N = 400): PDAS from the previous bound working set needs a few Newton solves where the primal
    // method needs one iteration per changed bound (dozens). Below kWarmCrashMinFree free variables the
    // primal iterations are cheaper (measured: N = 40; at N = 100, 89 free, the crash is cheaper since its
    // Newton solves run on an updated factor that it hands to the primal iterations). Its point is accepted
    // only if feasible and is then verified by the primal iterations, as for the cold crash.
    Index nfree = 0;
    for (signed char v : st.var_state) nfree += v == 0 ? 1 : 0;
    if (nfree >= kWarmCrashMinFree) {
      QpState trial = st;
      if (pdas(p, trial, info)) {
        st = trial;
        crashed = true;
      }
    }
  }
  if (!warm) {
    if (!phase1(p, st, order, info)) {
      info.status = QpStatus::Infeasible;
      st.valid = false;
      info.nu_eq = Vec::Zero(p.aeq.rows());
      info.nu_row = Vec::Zero(mr);
      info.rho = Vec::Zero(n);
      return info;
    }
  }
  // A crash whose last Newton solve was a range-space solve checked on the KKT residual (≥ kFastMinFree free
  // variables) ends at a point stationary on its face and dual feasible: unless the working set's
  // initialization moved it (a free variable within kBoundSnap of a bound), the primal iterations start at
  // their multiplier check, which verifies it, instead of recomputing a zero step. After an unchecked
  // null-space solve (ill-conditioned H_FF: its forward error is not bounded) they take their step as before,
  // which then acts as a step of iterative refinement.
  const bool crash_stationary = crashed ? init_after_crash(p, st) : (init_working_set(p, st), false);
  st.free_hint.clear();
  if (!crashed && n >= 8) {
    // A few primal iterations from the warm point; if the working set keeps changing, crash it with PDAS
    // from where we are (still feasible) and finish with the primal method. With a Hessian the primal
    // iterations run on the updated Cholesky factor (O(nf²) each, vs O(nf³) per PDAS step), so they get
    // max(12, N/4) iterations before the crash: below N = 48 a PDAS step (plus the re-initialization and
    // the verifying iterations after it) costs more than the few primal iterations a warm start still
    // needs (synthetic N = 10–40, instructions per cold + warm solve: max(4, N/4) 5.44M, max(12, N/4) 4.96M).
    const int warm_iters = has_h(p) ? std::max(12, static_cast<int>(n / 4)) : 4;
    info.status = iterate(p, st, info, warm_iters);
    if (info.status == QpStatus::MaxIterations) {
      QpState trial = st;
      bool stationary = false;
      if (pdas(p, trial, info)) {
        st = trial;
        stationary = init_after_crash(p, st);
      } else {
        init_working_set(p, st);
      }
      info.status = iterate(p, st, info, max_iter, stationary);
    }
  } else {
    info.status = iterate(p, st, info, max_iter, crash_stationary);
  }
  st.valid = info.status == QpStatus::Optimal;
  if (info.status != QpStatus::Optimal) {
    info.nu_eq = Vec::Zero(p.aeq.rows());
    info.nu_row = Vec::Zero(mr);
    info.rho = Vec::Zero(n);
  }
  return info;
}

}  // namespace riskdial::detail
