// riskdial/optimize.hpp — long-only / bounded portfolio optimization (spec §3.6–3.8, §5.7 "Optimizer details").
//
// Conventions: expected returns `mu` and covariance `cov` are ANNUALIZED (arithmetic, μ = P·mean, Σ = P·S);
// volatilities and targets are annualized fractions (0.08 = 8 %/yr). Weights are fractions summing to 1.
// Numerical outcomes are never errors: every successful call returns a portfolio plus a status and flags.
//
// Implemented objectives: min_volatility, max_sharpe, efficient_risk, efficient_return,
// max_quadratic_utility, target_beta (dynamic beta, optional vol cap), risk_parity (ERC),
// inverse_volatility, inverse_tracking_error (inverse of the supplied tracking errors), and the efficient
// frontier. Constraints: per-asset bounds, group min/max, budget 1ᵀw = 1, optional L2 penalty γ·Σw²,
// cardinality (max holdings, min position) by the greedy rule of §3.8.
//
// Solver: our own dense primal active-set QP/LP over Eigen (core/src/qp/), KKT solved in the null space of the
// equalities (1ᵀw = 1 at rounding level, weights never renormalized); efficient_risk by a parametric QP with a
// safeguarded root finder (Brent on log λ) for σ(λ) = σ*, warm-started from the previous solve.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "riskdial/error.hpp"
#include "riskdial/types.hpp"

namespace riskdial {

enum class Objective {
  MinVolatility,
  MaxSharpe,
  EfficientRisk,
  EfficientReturn,
  MaxQuadraticUtility,
  TargetBeta,
  RiskParity,
  InverseVolatility,
  InverseTrackingError,
};

/// "min_volatility", "max_sharpe", … (the CLI names).
const char* objective_name(Objective objective) noexcept;
/// Parse a CLI name; InvalidArgument listing the allowed names otherwise.
Result<Objective> parse_objective(const std::string& name);

/// Sum of the members' weights must lie in [lower, upper] (use ±kInf for "no limit").
struct AssetGroup {
  std::string name;
  std::vector<Index> members;  ///< 0-based asset indices
  double lower = -kInf;
  double upper = kInf;
};

struct OptimizeProblem {
  Vec mu;                         ///< annualized expected returns (N); may be empty for objectives without μ
  Mat cov;                        ///< annualized covariance (N×N), symmetric; repaired if not PSD (§3.5)
  Vec lower, upper;               ///< per-asset weight bounds (finite); empty → 0 and 1
  std::vector<AssetGroup> groups;  ///< group limits
  Vec beta;                       ///< asset betas vs the benchmark (target_beta only)
  Vec tracking_error;             ///< annualized tracking errors (inverse_tracking_error only)
  Vec current_weights;            ///< held (drifted) weights: returned when the constraints are infeasible
  /// Optional factor F (T×N) with cov = FᵀF up to rounding (e.g. F = demeaned window·√(P/(T−1)) for the
  /// sample covariance). Used only when T < N: then Σ is singular by construction (rank ≤ T), the §3.5 repair
  /// is certain to run, and it is computed from the T×T Gram matrix FFᵀ (repair_psd_factored) instead of an
  /// N×N eigendecomposition. Same repaired Σ up to rounding. Checked: diag(FᵀF) must match diag(cov).
  Mat cov_factor;
};

struct OptimizeSettings {
  Objective objective = Objective::MinVolatility;
  double target_volatility = kNaN;  ///< σ*, annualized (efficient_risk)
  double target_return = kNaN;      ///< annualized (efficient_return)
  double target_beta = 1.0;         ///< β* (target_beta)
  double beta_tol = 0.0;            ///< |bᵀw − β*| ≤ beta_tol; 0 → equality
  double beta_vol_cap = kNaN;       ///< optional annualized volatility cap for target_beta (NaN = none)
  double risk_aversion = 1.0;       ///< δ in μᵀw − δ/2·wᵀΣw (max_quadratic_utility)
  double risk_free_rate = 0.0;      ///< annual rate for Sharpe ratios (max_sharpe and the reported sharpe)
  double l2_gamma = 0.0;            ///< penalty γ·Σw² added to the objective (PyPortfolioOpt L2_reg)
  double tiebreak_eps_rel = 1e-8;   ///< ε = tiebreak_eps_rel·tr(Σ)/N (spec §3.6)
  double vol_tol = 1e-10;           ///< |σ_p − σ*| tolerance of the binding case
  double psd_eps_rel = 1e-10;       ///< eigenvalue clip level relative to λ_max (§3.5)
  int max_holdings = 0;             ///< K of §3.8 (0 = no limit)
  double min_position = 0.0;        ///< m of §3.8 (0 = none)
};

enum class OptimizeStatus {
  Optimal,        ///< the returned weights solve the (possibly case-resolved) problem
  Infeasible,     ///< linear constraints infeasible: current weights returned (flag constraints_infeasible)
  MaxIterations,  ///< a solver limit was hit; best feasible weights returned
};
const char* optimize_status_name(OptimizeStatus s) noexcept;

struct OptimizeResult {
  Vec weights;                    ///< sums to 1 (rounding level)
  double expected_return = kNaN;  ///< μᵀw, annualized arithmetic
  double volatility = kNaN;       ///< √(wᵀΣw) with the repaired Σ, annualized
  double sharpe = kNaN;           ///< (μᵀw − rf)/σ_p; NaN (JSON null + flag zero_volatility) when σ_p = 0
  OptimizeStatus status = OptimizeStatus::Optimal;
  std::vector<std::string> flags;  ///< e.g. target_below_min_risk, target_not_binding, …
  int iterations = 0;              ///< active-set iterations summed over all sub-solves
  double sigma_min = kNaN;         ///< volatility of the constrained minimum-variance portfolio (§3.7)
  double mu_max = kNaN;            ///< maximum attainable μᵀw (LP)
  double sigma_top = kNaN;         ///< min volatility among μᵀw ≥ μ_max − 1e−10
  double beta = kNaN;              ///< bᵀw (when betas were given)
  double beta_lo = kNaN, beta_hi = kNaN;  ///< attainable beta range (target_beta)
  double beta_target_used = kNaN;          ///< β* after clipping to [β_lo, β_hi]
  double lambda = kNaN;            ///< risk-aversion λ of the parametric QP at the solution (binding case)
  bool covariance_repaired = false;
  // KKT multipliers of the final QP (∇f = Aeqᵀν_eq + Cᵀν_rows + ρ, minimization form); for tests.
  Vec multipliers_eq, multipliers_rows, multipliers_bounds;
};

/// Reusable optimizer: keeps its workspace and the previous solution's working sets and λ, and warm-starts
/// the next solve when the problem has the same size and linear constraints (the risk-targeting backtest
/// calls it once per decision date). Results do not depend on the warm start beyond solver tolerances.
class Optimizer {
 public:
  Optimizer();
  ~Optimizer();
  Optimizer(Optimizer&&) noexcept;
  Optimizer& operator=(Optimizer&&) noexcept;
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  /// Solve one problem. Errors only for malformed input (sizes, NaN, bounds lo > hi, missing targets).
  Result<OptimizeResult> solve(const OptimizeProblem& problem,
                               const OptimizeSettings& settings) noexcept;
  /// Forget the warm-start information.
  void reset();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

/// One-shot convenience wrapper around Optimizer::solve.
Result<OptimizeResult> optimize(const OptimizeProblem& problem, const OptimizeSettings& settings);

/// Efficient frontier: `points` (≥ 2) portfolios from the constrained minimum-variance portfolio (exact) to the
/// top portfolio (max return, min variance; exact), interior points at equally spaced volatility targets.
Result<std::vector<OptimizeResult>> efficient_frontier(const OptimizeProblem& problem,
                                                       const OptimizeSettings& settings, int points = 50);

/// Spectral PSD repair (§3.5): symmetrize; if λ_min < eps_rel·λ_max clip eigenvalues at eps_rel·λ_max and
/// rebuild. `repaired` reports whether the clip ran.
Mat repair_psd(const MatRef& cov, double eps_rel, bool* repaired = nullptr);

/// The same spectral repair for Σ = FᵀF given the factor F (T×N): the nonzero eigenpairs of Σ are those of the
/// T×T Gram matrix G = FFᵀ (λ_k, v_k = Fᵀu_k/√λ_k), every other eigenvalue of Σ is 0 (below the clip level),
/// so Σ_repaired = Σ_{λ_k > c} (λ_k − c)·v_kv_kᵀ + c·I with c = eps_rel·λ_max — the clipped spectral rebuild,
/// at O(T²N + T³) instead of O(N³). `repaired` reports whether the clip ran (always when T < N). Falls back to
/// repair_psd(FᵀF) when λ_max ≤ 0 (an all-zero factor). With `cov` (= FᵀF up to rounding, N×N) the usual
/// no-clip case is formed as Σ + c·(I − P), P the projection onto the range of Fᵀ (cheaper; docs/optimizer.md).
Mat repair_psd_factored(const MatRef& factor, double eps_rel, bool* repaired = nullptr, const Mat* cov = nullptr);

/// JSON document {"weights": {name: w}, "expected_return", "volatility", "sharpe", "status", "flags",
/// "iterations", "sigma_min", "mu_max", "sigma_top", …}; NaN → null.
std::string optimize_result_to_json(const OptimizeResult& result, const std::vector<std::string>& names);
/// {"points": [ …one document per point… ]}
std::string frontier_to_json(const std::vector<OptimizeResult>& points, const std::vector<std::string>& names);

}  // namespace riskdial
