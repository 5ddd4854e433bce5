// Private: dense primal active-set solver for convex QPs and LPs over Eigen (behind optimize.hpp).
//
//   minimize    ½ xᵀ H x + cᵀ x,      H = h_scale·S + h_diag·I   (S symmetric PSD, may be absent)
//   subject to  Aeq x = beq
//               lo ≤ C x ≤ hi          (two-sided general rows, lo < hi, either side may be ±inf)
//               lb ≤ x ≤ ub            (either side may be ±inf; lb == ub fixes a variable)
//
// Method: primal active set with an inertia-tolerant step. Variables on a bound are fixed (removed), and the
// working rows restricted to the free variables are factorized by a column-pivoted Householder QR; the step is
// computed in the null space of the working rows (so equalities hold to rounding level). A reduced Hessian that
// is positive definite gives the Newton step; a singular one gives a zero-curvature descent direction to the
// nearest blocking constraint (LPs are the case H = 0, which makes the method a primal simplex on the faces).
// A feasible start comes from the caller (warm start) or from an elastic phase-1 LP. Degenerate cycling is
// broken by Bland's rule after a run of zero-length steps. Never throws.
#pragma once

#include <utility>
#include <vector>

#include "riskdial/types.hpp"

namespace riskdial::detail {

struct QpSpec {
  const Mat* s = nullptr;  ///< PSD matrix S of the Hessian (nullptr → no S term)
  double h_scale = 0.0;
  double h_diag = 0.0;
  Vec c;
  Mat aeq;
  Vec beq;
  Mat cin;
  Vec clo, chi;
  Vec lb, ub;
  Index n() const { return c.size(); }
};

enum class QpStatus { Optimal, Infeasible, Unbounded, MaxIterations };

/// Point + working set: the warm start handed from one solve to the next.
struct QpState {
  Vec x;
  std::vector<signed char> var_state;  ///< 0 free, -1 at lb, +1 at ub
  std::vector<signed char> row_state;  ///< 0 inactive, -1 at lo, +1 at hi
  bool valid = false;
  /// Optional, warm starts only: variables to keep free at the start even when x is on one of their bounds
  /// (entries 0; e.g. the free set of a related problem's solution). Consumed (cleared) by solve().
  std::vector<signed char> free_hint;
};

struct QpInfo {
  QpStatus status = QpStatus::Optimal;
  int iterations = 0;
  bool cold = true;        ///< phase 1 was run
  Vec nu_eq;               ///< multipliers of the equality rows (∇f = Aeqᵀν + Cᵀν_row + ρ)
  Vec nu_row;              ///< multipliers of the general rows (≥0 at lo, ≤0 at hi, 0 inactive)
  Vec rho;                 ///< bound multipliers (≥0 at lb, ≤0 at ub, 0 free)
  double infeasibility = 0.0;  ///< phase-1 optimum (sum of violations) when status == Infeasible
};

/// Preference order of phase 1's greedy fill of a budget-like first equality row: the indices j < size sorted
/// by key[j·stride] (ascending, or descending; ties in index order), then the rest in index order; no key →
/// index order. The order is formed only when phase 1 runs (never on a warm start).
struct FillOrder {
  const double* key = nullptr;
  Index size = 0;
  Index stride = 1;
  bool descending = false;
};

class ActiveSetQp {
 public:
  /// From this many free variables on, Newton steps use the updated Cholesky factor of H_FF (range-space
  /// solves checked on the KKT residual) instead of a factorization of the reduced Hessian per step.
  static constexpr Index kFastMinFree = 24;

  /// Solve. If `state.valid` and `state.x` satisfies the constraints within 1e-9, the solve starts from it
  /// (warm start, keeping its working set where still valid); otherwise a phase-1 LP finds a start,
  /// filling the budget-like first equality row greedily in `order` (see FillOrder). On return `state` holds
  /// the final point and working set. An LP whose only constraints are one budget row (all ones) and finite
  /// bounds is solved in closed form (the greedy fill by ascending cost; state.x is a vertex, working set
  /// and multipliers included), whatever the start.
  QpInfo solve(const QpSpec& p, QpState& state, const FillOrder& order = {});

  /// Offers the next solve() (of a problem with n variables) a lower Cholesky factor `l` (k×k) of H restricted
  /// to `vars` (k variables, in factor order), possibly of H − δI with δ at rounding level relative to max
  /// diag H (`dmax`), e.g. from the PSD certificate of Σ factored in the previous solution's free-first order. A warm solve starts its updated
  /// factor from it instead of refactoring; refinement absorbs δ. Ignored by a cold solve; consumed by solve().
  void seed_factor(Index n, const std::vector<Index>& vars, const Eigen::Ref<const Mat>& l, double dmax);

  /// ∇f(x) = H x + c.
  static Vec gradient(const QpSpec& p, const Vec& x);
  /// f(x).
  static double objective(const QpSpec& p, const Vec& x);

 private:
  bool feasible(const QpSpec& p, const Vec& x, double tol) const;
  void init_working_set(const QpSpec& p, QpState& st);
  /// `stationary`: st.x minimizes f on its face and g_ holds ∇f(st.x) (a crash's verified point): the first
  /// iteration goes straight to the multiplier check.
  QpStatus iterate(const QpSpec& p, QpState& st, QpInfo& info, int max_iter, bool stationary = false);
  /// After a successful pdas(): re-initializes the working set and reports whether iterate() may start
  /// stationary: the crash's last solve was checked on the KKT residual (range-space), and its point and bound
  /// working set survived the initialization unchanged.
  bool init_after_crash(const QpSpec& p, QpState& st);
  bool phase1(const QpSpec& p, QpState& st, const FillOrder& order, QpInfo& info);
  bool pdas(const QpSpec& p, QpState& st, QpInfo& info);
  bool budget_box_lp(const QpSpec& p, QpState& st, QpInfo& info);

  // Range-space step with a maintained Cholesky factor of H_FF (see active_set.cpp, "fast path").
  double hess(const QpSpec& p, Index i, Index j) const;
  /// out = (H v) restricted to `vars`, v given on `vars` (same order): entry by entry when |vars| is small
  /// against N, else through one full product S·v.
  void hess_mul(const QpSpec& p, const std::vector<Index>& vars, const Vec& v, Vec& out) const;
  bool chol_refactor(const QpSpec& p);
  void chol_delete(Index pos);
  bool chol_append(const QpSpec& p, Index var);
  bool chol_sync(const QpSpec& p, const std::vector<signed char>& var_state, int max_changes);
  bool range_solve(const QpSpec& p, const std::vector<signed char>& state, const Vec& q, const Vec& r, Vec& xf);

  // workspace (kept to avoid reallocations across solves)
  Vec g_;
  Vec step_coef_;  ///< α·h_scale·p_F of the current step (the gradient update's coefficients)
  std::vector<Index> free_, rows_;
  std::vector<Index> lp_order_;  ///< budget_box_lp: variables by ascending cost
  std::vector<std::pair<double, Index>> dual_viol_;  ///< pdas: (|multiplier|, variable) of dual violations
  Mat at_, m_;
  Vec qtg_, pz_;  ///< iterate: Qᵀg_F and the null-space step, used as head(k) blocks (sized for n)
  Mat r_, fac_;   ///< iterate: reduced Hessian and its Cholesky factor, top-left k×k blocks (largest k so far)
  Mat chol_;                       ///< lower Cholesky factor of H_FF, top-left k×k block, in chol_vars_ order
  std::vector<Index> chol_vars_;   ///< free variables in factor order
  std::vector<Index> chol_pos_;    ///< variable → position in chol_vars_, -1 if absent
  std::vector<Index> fpos_;        ///< variable → position in free_ (valid for free variables)
  double chol_dmax_ = 0.0;         ///< max diagonal of H over the factored variables (conditioning test)
  bool chol_ok_ = false;
  bool chol_keep_ = false;         ///< pdas left a factor of its final free set: iterate() starts from it
  Vec crash_x_;                    ///< init_after_crash: the crash's point and bound working set
  std::vector<signed char> crash_state_;
  bool crash_checked_ = false;     ///< the last successful pdas() ended on a residual-checked solve
  bool seeded_ = false;            ///< seed_factor() was called: the next warm solve starts from its factor
};

}  // namespace riskdial::detail
