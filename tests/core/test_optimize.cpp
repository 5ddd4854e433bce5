// Tests for riskdial/optimize.hpp: closed forms, hand-checkable cases, §3.7 case logic, KKT conditions on
// seeded random problems, warm starts. Tolerances are stated per check.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "riskdial/optimize.hpp"

using namespace riskdial;

namespace {

bool has_flag(const OptimizeResult& r, const std::string& f) {
  return std::find(r.flags.begin(), r.flags.end(), f) != r.flags.end();
}

// KKT of the final QP in minimization form: ∇f = Aeqᵀν + Cᵀν_r + ρ. Builds the rows as the engine does
// (budget, equality groups, [extra equality]; inequality groups, [extra rows]).
void check_kkt(const OptimizeProblem& p, const OptimizeResult& r, const Vec& grad,
               const std::vector<Vec>& extra_eq = {}) {
  const Index n = p.cov.rows();
  const Vec& w = r.weights;
  Vec lb = p.lower.size() ? p.lower : Vec(Vec::Zero(n));
  Vec ub = p.upper.size() ? p.upper : Vec(Vec::Ones(n));
  std::vector<Vec> eq{Vec::Ones(n)};
  std::vector<std::pair<Vec, std::pair<double, double>>> rows;
  for (const auto& g : p.groups) {
    Vec a = Vec::Zero(n);
    for (Index m : g.members) a[m] = 1.0;
    if (g.lower == g.upper) eq.push_back(a);
    else rows.push_back({a, {g.lower, g.upper}});
  }
  for (const auto& e : extra_eq) eq.push_back(e);
  REQUIRE(r.multipliers_eq.size() == static_cast<Index>(eq.size()));
  REQUIRE(r.multipliers_rows.size() == static_cast<Index>(rows.size()));
  REQUIRE(r.multipliers_bounds.size() == n);
  Vec resid = grad - r.multipliers_bounds;
  for (std::size_t k = 0; k < eq.size(); ++k) resid -= r.multipliers_eq[k] * eq[k];
  for (std::size_t k = 0; k < rows.size(); ++k) resid -= r.multipliers_rows[k] * rows[k].first;
  const double scale = std::max(grad.cwiseAbs().maxCoeff(), 1e-9);
  CHECK(resid.cwiseAbs().maxCoeff() <= 1e-9 * scale + 1e-15);  // stationarity
  CHECK(std::abs(w.sum() - 1.0) <= 1e-12);                     // budget at rounding level
  for (Index j = 0; j < n; ++j) {
    CHECK(w[j] >= lb[j] - 1e-9);  // primal feasibility
    CHECK(w[j] <= ub[j] + 1e-9);
    const double rho = r.multipliers_bounds[j];
    if (rho > 0) CHECK(rho * (w[j] - lb[j]) <= 1e-8);   // dual sign + complementary slackness
    if (rho < 0) CHECK(-rho * (ub[j] - w[j]) <= 1e-8);
  }
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const double v = rows[k].first.dot(w), nu = r.multipliers_rows[k];
    CHECK(v >= rows[k].second.first - 1e-9);
    CHECK(v <= rows[k].second.second + 1e-9);
    if (nu > 0) CHECK(nu * (v - rows[k].second.first) <= 1e-8);
    if (nu < 0) CHECK(-nu * (rows[k].second.second - v) <= 1e-8);
  }
}

OptimizeProblem random_problem(unsigned seed, Index n, bool groups) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(0.0, 1.0);
  std::uniform_real_distribution<double> ud(0.0, 1.0);
  Mat x(3 * n + 10, n);
  for (Index i = 0; i < x.rows(); ++i)
    for (Index j = 0; j < n; ++j) x(i, j) = nd(rng) * 0.01 * (1.0 + j % 4) + (j % 3 == 0 ? 0.004 * nd(rng) : 0.0);
  Mat xc = x.rowwise() - x.colwise().mean();
  OptimizeProblem p;
  p.cov = 252.0 * xc.transpose() * xc / static_cast<double>(x.rows() - 1);
  p.mu = Vec(n);
  for (Index j = 0; j < n; ++j) p.mu[j] = 0.06 + 0.05 * nd(rng);
  p.upper = Vec::Constant(n, 0.4);
  if (groups && n >= 4) {
    p.groups.push_back({"g1", {0, 1, 2}, 0.1, 0.5});
    p.groups.push_back({"g2", {n - 1, n - 2}, -kInf, 0.3});
  }
  return p;
}

}  // namespace

TEST_CASE("two assets: minimum variance closed form", "[optimize][closed_form]") {
  OptimizeProblem p;
  p.cov = Mat(2, 2);
  p.cov << 0.04, 0.006, 0.006, 0.01;
  p.mu = Vec(2);
  p.mu << 0.10, 0.05;
  OptimizeSettings s;
  s.objective = Objective::MinVolatility;
  auto r = optimize(p, s);
  REQUIRE(r.ok());
  const double w1 = (0.01 - 0.006) / (0.04 + 0.01 - 2 * 0.006);
  CHECK(r->weights[0] == Approx(w1).epsilon(1e-12));
  CHECK(r->weights[1] == Approx(1 - w1).epsilon(1e-12));
  check_kkt(p, *r, p.cov * r->weights);

  SECTION("efficient_risk on the two-asset line: the larger-return root of wᵀΣw = σ*²") {
    s.objective = Objective::EfficientRisk;
    s.target_volatility = 0.15;
    auto e = optimize(p, s);
    REQUIRE(e.ok());
    // (a t + b(1−t))... solve A t² + B t + C = 0 with t = w1
    const double a = 0.04, b = 0.01, c = 0.006;
    const double A = a + b - 2 * c, B = 2 * (c - b), C = b - 0.15 * 0.15;
    const double t = (-B + std::sqrt(B * B - 4 * A * C)) / (2 * A);
    CHECK(e->flags.empty());
    CHECK(e->volatility == Approx(0.15).margin(1e-10));
    CHECK(e->weights[0] == Approx(t).margin(1e-7));  // ε tie-break shifts weights by O(ε)
    CHECK(e->sigma_min == Approx(std::sqrt(r->weights.dot(p.cov * r->weights))).epsilon(1e-12));
    CHECK(e->mu_max == Approx(0.10).epsilon(1e-14));
    CHECK(e->sigma_top == Approx(std::sqrt(0.04)).epsilon(1e-8));  // 1e−10 return slack
  }
}

TEST_CASE("uncorrelated assets: minimum variance is inverse variance", "[optimize][closed_form]") {
  Vec var(5);
  var << 0.04, 0.09, 0.0225, 0.0625, 0.05;
  OptimizeProblem p;
  p.cov = var.asDiagonal();
  OptimizeSettings s;
  auto r = optimize(p, s);
  REQUIRE(r.ok());
  Vec iv = var.cwiseInverse();
  iv /= iv.sum();
  CHECK((r->weights - iv).cwiseAbs().maxCoeff() <= 1e-13);
  SECTION("inverse_volatility is 1/σ normalized") {
    s.objective = Objective::InverseVolatility;
    auto q = optimize(p, s);
    Vec v = var.cwiseSqrt().cwiseInverse();
    v /= v.sum();
    CHECK((q->weights - v).cwiseAbs().maxCoeff() <= 1e-15);
  }
  SECTION("risk parity with a diagonal covariance equals inverse volatility") {
    s.objective = Objective::RiskParity;
    auto q = optimize(p, s);
    Vec v = var.cwiseSqrt().cwiseInverse();
    v /= v.sum();
    CHECK((q->weights - v).cwiseAbs().maxCoeff() <= 1e-10);
  }
}

TEST_CASE("§3.7 case logic: target at / below the minimum, above the top, all-equal μ", "[optimize][cases]") {
  OptimizeProblem p = random_problem(7, 8, true);
  OptimizeSettings s;
  s.objective = Objective::EfficientRisk;
  s.target_volatility = 1e-6;
  auto lo = optimize(p, s);
  REQUIRE(lo.ok());
  CHECK(has_flag(*lo, "target_below_min_risk"));
  check_kkt(p, *lo, p.cov * lo->weights);
  SECTION("target exactly at σ_min (exact comparison) → minimum-variance portfolio") {
    s.target_volatility = lo->sigma_min;
    auto r = optimize(p, s);
    CHECK(has_flag(*r, "target_below_min_risk"));
    CHECK((r->weights - lo->weights).cwiseAbs().maxCoeff() <= 1e-12);
  }
  SECTION("target above σ_top → top portfolio, not binding") {
    s.target_volatility = lo->sigma_top * 1.5;
    auto r = optimize(p, s);
    CHECK(has_flag(*r, "target_not_binding"));
    CHECK(r->expected_return >= lo->mu_max - 1e-10 - 1e-15);
    CHECK(r->volatility == Approx(lo->sigma_top).epsilon(1e-12));
  }
  SECTION("binding target: σ_p = σ* and KKT of the parametric QP") {
    s.target_volatility = 0.5 * (lo->sigma_min + lo->sigma_top);
    auto r = optimize(p, s);
    CHECK(r->flags.empty());
    CHECK(r->volatility == Approx(s.target_volatility).margin(1e-10));
    const Index n = 8;
    const double eps = 1e-8 * p.cov.trace() / n;
    Vec grad = r->lambda * (p.cov * r->weights) + 2 * eps * r->weights -
               (p.mu.array() + 2 * eps / n).matrix();
    check_kkt(p, *r, grad);
  }
  SECTION("all-equal μ: every portfolio has μ_max, top = min variance → target_not_binding") {
    p.mu.setConstant(0.05);
    s.target_volatility = lo->sigma_min * 1.2;
    auto r = optimize(p, s);
    CHECK(has_flag(*r, "target_not_binding"));
    CHECK(r->sigma_top == Approx(r->sigma_min).epsilon(1e-9));
    CHECK((r->weights - lo->weights).cwiseAbs().maxCoeff() <= 1e-7);
  }
}

TEST_CASE("all-negative μ and one dominating asset", "[optimize][cases]") {
  OptimizeProblem p;
  p.cov = Mat(3, 3);
  p.cov << 0.04, 0.01, 0.0, 0.01, 0.09, 0.02, 0.0, 0.02, 0.0625;
  p.mu = Vec(3);
  p.mu << -0.02, -0.05, -0.01;
  OptimizeSettings s;
  s.objective = Objective::MaxSharpe;
  auto r = optimize(p, s);
  REQUIRE(r.ok());
  CHECK(has_flag(*r, "all_returns_negative"));
  auto mv = optimize(p, OptimizeSettings{});
  CHECK((r->weights - mv->weights).cwiseAbs().maxCoeff() <= 1e-12);

  // Asset 0: highest return and lowest volatility with no diversification benefit from the others.
  p.cov << 0.01, 0.01, 0.01, 0.01, 0.09, 0.03, 0.01, 0.03, 0.0625;
  p.mu << 0.12, 0.05, 0.08;
  auto sh = optimize(p, s);
  CHECK(sh->flags.empty());
  CHECK(sh->weights[0] == Approx(1.0).margin(1e-9));
  s.objective = Objective::EfficientRisk;
  s.target_volatility = 0.2;
  auto er = optimize(p, s);
  CHECK(has_flag(*er, "target_not_binding"));
  CHECK(er->weights[0] == Approx(1.0).margin(1e-9));
}

TEST_CASE("max Sharpe: tangency portfolio closed form when unconstrained bounds are slack", "[optimize][closed_form]") {
  OptimizeProblem p;
  p.cov = Mat(3, 3);
  p.cov << 0.04, 0.006, 0.01, 0.006, 0.01, 0.002, 0.01, 0.002, 0.03;
  p.mu = Vec(3);
  p.mu << 0.10, 0.05, 0.08;
  OptimizeSettings s;
  s.objective = Objective::MaxSharpe;
  s.risk_free_rate = 0.01;
  auto r = optimize(p, s);
  REQUIRE(r.ok());
  Vec t = p.cov.ldlt().solve((p.mu.array() - 0.01).matrix());
  t /= t.sum();
  REQUIRE((t.array() > 0).all());
  CHECK((r->weights - t).cwiseAbs().maxCoeff() <= 1e-10);
}

TEST_CASE("target beta: hand case, infeasible target clipped to the attainable range", "[optimize][beta]") {
  OptimizeProblem p;
  p.cov = Mat(2, 2);
  p.cov << 0.04, 0.0, 0.0, 0.09;
  p.mu = Vec(2);
  p.mu << 0.05, 0.08;
  p.beta = Vec(2);
  p.beta << 0.5, 1.5;
  OptimizeSettings s;
  s.objective = Objective::TargetBeta;
  s.target_beta = 1.0;
  auto r = optimize(p, s);
  REQUIRE(r.ok());
  CHECK(r->weights[0] == Approx(0.5).epsilon(1e-12));
  CHECK(r->beta == Approx(1.0).epsilon(1e-14));
  CHECK(r->beta_lo == Approx(0.5).epsilon(1e-14));
  CHECK(r->beta_hi == Approx(1.5).epsilon(1e-14));
  s.target_beta = 2.0;
  auto c = optimize(p, s);
  CHECK(has_flag(*c, "beta_target_infeasible"));
  CHECK(c->weights[1] == Approx(1.0).epsilon(1e-12));
  CHECK(c->beta_target_used == 1.5);
}

TEST_CASE("infeasible constraints keep the current weights", "[optimize][infeasible]") {
  OptimizeProblem p = random_problem(3, 5, false);
  p.groups.push_back({"too_much", {0, 1}, 0.9, 1.0});
  p.groups.push_back({"also", {2, 3}, 0.5, 1.0});
  p.current_weights = Vec::Constant(5, 0.2);
  OptimizeSettings s;
  s.objective = Objective::EfficientRisk;
  s.target_volatility = 0.1;
  auto r = optimize(p, s);
  REQUIRE(r.ok());
  CHECK(r->status == OptimizeStatus::Infeasible);
  CHECK(has_flag(*r, "constraints_infeasible"));
  CHECK(r->weights == p.current_weights);
}

TEST_CASE("KKT on seeded random problems, cold and warm-started solves agree", "[optimize][kkt]") {
  for (unsigned seed = 0; seed < 20; ++seed) {
    const Index n = 3 + seed * 4;
    OptimizeProblem p = random_problem(seed, n, seed % 2 == 0);
    CAPTURE(seed, n);
    OptimizeSettings s;
    s.objective = Objective::EfficientRisk;
    s.target_volatility = 1e-9;
    Optimizer warm;
    auto lo = warm.solve(p, s);
    REQUIRE(lo.ok());
    REQUIRE(lo->status == OptimizeStatus::Optimal);
    check_kkt(p, *lo, p.cov * lo->weights);
    for (int step = 0; step < 4; ++step) {
      // slowly changing data, as in a monthly backtest
      p.mu *= 1.01;
      p.cov *= 1.0 + 0.02 * step;
      s.target_volatility = lo->sigma_min + (0.3 + 0.1 * step) * (lo->sigma_top - lo->sigma_min);
      auto w = warm.solve(p, s);
      auto c = optimize(p, s);
      REQUIRE(w.ok());
      REQUIRE(c.ok());
      CHECK(w->status == OptimizeStatus::Optimal);
      CHECK((w->weights - c->weights).cwiseAbs().maxCoeff() <= 1e-7);
      // the §3.7 bounds are unique minima: a warm path (the top QP starts from the previous top's free set)
      // must reach them as exactly as a cold one, not stop early on the 1e−10 return band
      CHECK(std::abs(w->sigma_top - c->sigma_top) <= 1e-13 * c->sigma_top);
      CHECK(std::abs(w->sigma_min - c->sigma_min) <= 1e-13 * c->sigma_min);
      if (!w->flags.empty()) continue;
      CHECK(w->volatility == Approx(s.target_volatility).margin(1e-10));
      const double eps = 1e-8 * p.cov.trace() / n;
      Vec grad = w->lambda * (p.cov * w->weights) + 2 * eps * w->weights - (p.mu.array() + 2 * eps / n).matrix();
      check_kkt(p, *w, grad);
    }
  }
}

TEST_CASE("cardinality: greedy elimination to K holdings and minimum position", "[optimize][cardinality]") {
  OptimizeProblem p = random_problem(11, 10, false);
  p.upper.resize(0);
  OptimizeSettings s;
  s.objective = Objective::MinVolatility;
  auto full = optimize(p, s);
  Index held = (full->weights.array() > 1e-6).count();
  REQUIRE(held > 3);
  s.max_holdings = 3;
  s.min_position = 0.05;
  auto r = optimize(p, s);
  REQUIRE(r.ok());
  CHECK((r->weights.array() > 1e-6).count() <= 3);
  for (Index i = 0; i < 10; ++i)
    if (r->weights[i] > 1e-6) CHECK(r->weights[i] >= 0.05 - 1e-12);
  CHECK(std::abs(r->weights.sum() - 1.0) <= 1e-12);
  CHECK(r->volatility >= full->volatility - 1e-12);
}

TEST_CASE("PSD repair clips eigenvalues at 1e-10·λmax only when needed", "[optimize][psd]") {
  Mat c(3, 3);
  c << 1, 1, 0, 1, 1, 0, 0, 0, 2;  // singular
  bool rep = false;
  Mat r = repair_psd(c, 1e-10, &rep);
  CHECK(rep);
  Eigen::SelfAdjointEigenSolver<Mat> es(r);
  CHECK(es.eigenvalues().minCoeff() == Approx(1e-10 * 2.0).epsilon(1e-4));
  Mat ok = Mat::Identity(3, 3);
  Mat r2 = repair_psd(ok, 1e-10, &rep);
  CHECK_FALSE(rep);
  CHECK(r2 == ok);
}

TEST_CASE("factored PSD repair (T < N) equals the dense spectral repair", "[optimize][psd]") {
  // Σ = FᵀF from T demeaned rows of N assets (rank ≤ T − 1 < N): the Gram-matrix path must rebuild the same
  // clipped matrix as the N×N eigendecomposition, and the optimizer must return the same portfolio with it.
  std::mt19937_64 rng(11);
  std::normal_distribution<double> nd(0.0, 1.0);
  for (auto [t, n] : {std::pair<Index, Index>{5, 12}, {30, 60}, {60, 61}, {100, 160}}) {
    Mat x(t, n);
    for (Index i = 0; i < t; ++i)
      for (Index j = 0; j < n; ++j) x(i, j) = 0.01 * nd(rng);
    Vec f0(t);
    for (Index i = 0; i < t; ++i) f0[i] = 0.01 * nd(rng);
    for (Index j = 0; j < n; ++j) x.col(j) += (0.5 + 0.1 * (j % 7)) * f0;  // one common factor
    const Mat xc = x.rowwise() - x.colwise().mean();
    const Mat f = xc * std::sqrt(252.0 / static_cast<double>(t - 1));
    const Mat cov = 252.0 * (xc.transpose() * xc) / static_cast<double>(t - 1);
    bool rep_dense = false, rep_fact = false;
    const Mat dense = repair_psd(0.5 * (cov + cov.transpose()), 1e-10, &rep_dense);
    const Mat fact = repair_psd_factored(f, 1e-10, &rep_fact);
    CHECK(rep_dense);
    CHECK(rep_fact);
    CHECK(fact == fact.transpose());
    const double scale = dense.cwiseAbs().maxCoeff();
    CHECK((fact - dense).cwiseAbs().maxCoeff() <= 1e-12 * scale);
    // Independent check of the clip: eigenvalues of the result ≥ 1e-10·λmax(Σ) (relative 1e-4), and on the
    // range of Σ the matrix is unchanged: Σ_rep·v = λ·v for the leading eigenvector.
    Eigen::SelfAdjointEigenSolver<Mat> es(cov);
    const double lmax = es.eigenvalues().maxCoeff();
    Eigen::SelfAdjointEigenSolver<Mat> er(fact);
    CHECK(er.eigenvalues().minCoeff() == Approx(1e-10 * lmax).epsilon(1e-4));
    const Vec v = es.eigenvectors().col(n - 1);
    CHECK((fact * v - lmax * v).norm() <= 1e-12 * lmax);

    OptimizeProblem p;
    p.cov = cov;
    p.mu = Vec::LinSpaced(n, 0.02, 0.10);
    p.upper = Vec::Constant(n, 0.3);
    OptimizeSettings s;
    s.objective = Objective::EfficientRisk;
    s.target_volatility = 1e-9;
    auto lo = optimize(p, s);
    REQUIRE(lo.ok());
    // KKT of the minimum-variance portfolio on the repaired Σ (many free assets: the updated-factor step)
    OptimizeProblem pk = p;
    pk.cov_factor = f;
    auto lok = optimize(pk, s);
    REQUIRE(lok.ok());
    CHECK(lok->status == OptimizeStatus::Optimal);
    check_kkt(p, *lok, fact * lok->weights);
    s.target_volatility = lo->sigma_min + 0.3 * (lo->sigma_top - lo->sigma_min);
    auto a = optimize(p, s);
    OptimizeProblem pf = p;
    pf.cov_factor = f;
    auto b = optimize(pf, s);
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->flags == b->flags);
    CHECK(b->covariance_repaired);
    CHECK((a->weights - b->weights).cwiseAbs().maxCoeff() <= 1e-7);
    CHECK(std::abs(a->volatility - b->volatility) <= 1e-10);
    CHECK(std::abs(a->sigma_min - b->sigma_min) <= 1e-9 * a->sigma_min);
    CHECK(std::abs(a->sigma_top - b->sigma_top) <= 1e-9 * a->sigma_top);
  }
  OptimizeProblem bad;
  bad.cov = Mat::Identity(3, 3);
  bad.mu = Vec::Zero(3);
  bad.cov_factor = Mat::Ones(2, 3);  // diag(FᵀF) = 2 ≠ 1
  CHECK_FALSE(optimize(bad, OptimizeSettings{}).ok());
}

TEST_CASE("factored PSD repair: Cholesky route and eigen fallback both equal the dense repair", "[optimize][psd]") {
  // repair_psd_factored takes a Cholesky route when every nonzero eigenvalue of Σ exceeds the clip level
  // c = eps·λ_max (λ_max by Lanczos) and the eigendecomposition route otherwise. Cases for both: demeaned
  // and raw (not demeaned: rank T, no null vector 1) windows; eps = 1e-4, where an error in λ_max would show
  // (1e-4·Δλ); a near-duplicate row (an eigenvalue of G far below c: fallback); a 400-asset case.
  std::mt19937_64 rng(23);
  std::normal_distribution<double> nd(0.0, 1.0);
  struct Case {
    Index t, n;
    bool demean, near_duplicate;
    double eps;
  };
  for (const Case& c : {Case{40, 90, true, false, 1e-10}, Case{40, 90, false, false, 1e-10},
                        Case{40, 90, true, false, 1e-4}, Case{40, 90, false, false, 1e-4},
                        Case{40, 90, true, true, 1e-10}, Case{40, 90, false, true, 1e-10},
                        Case{80, 81, true, false, 1e-4}, Case{252, 400, true, false, 1e-10}}) {
    Mat x(c.t, c.n);
    for (Index i = 0; i < c.t; ++i)
      for (Index j = 0; j < c.n; ++j) x(i, j) = 0.01 * nd(rng);
    for (Index i = 0; i < c.t; ++i) x.row(i) += 0.02 * nd(rng) * Vec::LinSpaced(c.n, 0.3, 1.2).transpose();
    if (c.near_duplicate)
      for (Index j = 0; j < c.n; ++j) x(1, j) = x(0, j) * (1.0 + 1e-9 * nd(rng));
    const Mat f = c.demean ? Mat((x.rowwise() - x.colwise().mean()) * 15.0) : Mat(x * 15.0);
    const Mat cov = f.transpose() * f;
    bool rep_dense = false, rep_fact = false;
    const Mat dense = repair_psd(0.5 * (cov + cov.transpose()), c.eps, &rep_dense);
    const Mat fact = repair_psd_factored(f, c.eps, &rep_fact);
    INFO("T=" << c.t << " N=" << c.n << " demean=" << c.demean << " dup=" << c.near_duplicate << " eps=" << c.eps);
    CHECK(rep_dense);
    CHECK(rep_fact);
    CHECK(fact == fact.transpose());
    CHECK((fact - dense).cwiseAbs().maxCoeff() <= 1e-12 * dense.cwiseAbs().maxCoeff());
    // Independent: the smallest eigenvalue of the result is the clip level eps·λ_max(Σ).
    Eigen::SelfAdjointEigenSolver<Mat> es(cov, Eigen::EigenvaluesOnly);
    Eigen::SelfAdjointEigenSolver<Mat> er(fact, Eigen::EigenvaluesOnly);
    CHECK(er.eigenvalues().minCoeff() == Approx(c.eps * es.eigenvalues().maxCoeff()).epsilon(1e-4));
    // With Σ given (as the optimizer passes it): Σ + c·(I − P) on the Cholesky route, the same matrix
    bool rep_cov = false;
    const Mat with_cov = repair_psd_factored(f, c.eps, &rep_cov, &cov);
    CHECK(rep_cov);
    CHECK(with_cov == with_cov.transpose());
    CHECK((with_cov - dense).cwiseAbs().maxCoeff() <= 1e-12 * dense.cwiseAbs().maxCoeff());
  }
}

TEST_CASE("bad input is an error, not a crash", "[optimize][errors]") {
  OptimizeProblem p;
  p.cov = Mat::Identity(2, 2);
  p.mu = Vec::Zero(3);
  OptimizeSettings s;
  s.objective = Objective::MaxSharpe;
  auto r = optimize(p, s);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  p.mu = Vec::Zero(2);
  s.objective = Objective::EfficientRisk;  // no target
  CHECK_FALSE(optimize(p, s).ok());
  p.cov(0, 1) = kNaN;
  CHECK_FALSE(optimize(p, OptimizeSettings{}).ok());
}
