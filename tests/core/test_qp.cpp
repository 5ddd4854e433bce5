// The QP/LP solver's closed-form budget-and-bounds LP (core/src/qp/active_set.cpp, budget_box_lp) against the
// active-set path on the same LP and against its own KKT conditions.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "qp/active_set.hpp"

using namespace riskdial;
using namespace riskdial::detail;

namespace {

// min cᵀx s.t. 1ᵀx = 1, lb ≤ x ≤ ub.
QpSpec budget_lp(const Vec& c, const Vec& lb, const Vec& ub) {
  QpSpec q;
  q.c = c;
  q.lb = lb;
  q.ub = ub;
  q.aeq = Mat::Ones(1, c.size());
  q.beq = Vec::Ones(1);
  q.cin.resize(0, c.size());
  q.clo.resize(0);
  q.chi.resize(0);
  return q;
}

// The same LP with one general row that can never bind (−∞ ≤ 1ᵀx ≤ ∞): not the closed form's structure, so
// the active-set method (phase 1 + simplex pivots) solves it.
QpSpec with_free_row(QpSpec q) {
  q.cin = Mat::Ones(1, q.c.size());
  q.clo = Vec::Constant(1, -kInf);
  q.chi = Vec::Constant(1, kInf);
  return q;
}

}  // namespace

TEST_CASE("budget-and-bounds LP: closed form equals the active-set path and satisfies KKT", "[qp]") {
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int trial = 0; trial < 300; ++trial) {
    const Index n = 1 + static_cast<Index>(trial % 40);
    Vec c(n), lb(n), ub(n);
    for (Index j = 0; j < n; ++j) {
      // costs on a coarse grid every third trial: ties between assets
      c[j] = trial % 3 == 0 ? std::round(4.0 * u(rng)) / 4.0 : u(rng) - 0.5;
      lb[j] = trial % 2 == 0 ? 0.0 : 0.5 * u(rng) / static_cast<double>(n);
      ub[j] = lb[j] + (trial % 5 == 0 ? 1.0 : 2.5 * u(rng) / static_cast<double>(n));
      if (trial % 7 == 0 && j == 0) ub[j] = lb[j];  // a fixed variable
    }
    if (ub.sum() < 1.0) ub.array() += (1.0 - ub.sum()) / static_cast<double>(n) + 1e-3;
    const QpSpec q = budget_lp(c, lb, ub);
    ActiveSetQp qp;
    QpState st;
    const QpInfo info = qp.solve(q, st);
    REQUIRE(info.status == QpStatus::Optimal);
    REQUIRE(info.iterations == 0);  // the closed form ran
    const Vec& x = st.x;
    // primal feasibility
    CHECK(std::abs(x.sum() - 1.0) <= 1e-14 * static_cast<double>(n));
    CHECK(((x - lb).array() >= 0.0).all());
    CHECK(((ub - x).array() >= 0.0).all());
    // stationarity c = ν·1 + ρ, complementary signs
    REQUIRE(info.nu_eq.size() == 1);
    const double nu = info.nu_eq[0];
    for (Index j = 0; j < n; ++j) {
      CHECK(std::abs(c[j] - (nu + info.rho[j])) <= 4e-16 * (std::abs(c[j]) + std::abs(nu)));
      const signed char s = st.var_state[static_cast<std::size_t>(j)];
      if (s == 0) {
        CHECK(info.rho[j] == 0.0);
        CHECK(x[j] > lb[j]);
        CHECK(x[j] < ub[j]);
      } else if (s < 0) {
        CHECK(x[j] == lb[j]);
        CHECK(info.rho[j] >= 0.0);
      } else {
        CHECK(x[j] == ub[j]);
        CHECK(info.rho[j] <= 0.0);
      }
    }
    // the active-set method on the same LP reaches the same optimal value
    ActiveSetQp qp2;
    QpState st2;
    const QpInfo info2 = qp2.solve(with_free_row(q), st2);
    REQUIRE(info2.status == QpStatus::Optimal);
    CHECK(info2.iterations > 0);
    CHECK(std::abs(c.dot(x) - c.dot(st2.x)) <= 1e-13 * (1.0 + c.cwiseAbs().maxCoeff()));
  }
}

TEST_CASE("budget-and-bounds LP: hand cases, and infeasible bounds left to phase 1", "[qp]") {
  ActiveSetQp qp;
  SECTION("fill by ascending cost up to each upper bound; the partly filled asset sets ν") {
    QpState st;
    const QpInfo info = qp.solve(budget_lp((Vec(4) << 0.3, -0.2, 0.1, -0.1).finished(), Vec::Zero(4),
                                           Vec::Constant(4, 0.4)),
                                 st);
    CHECK(st.x.isApprox((Vec(4) << 0.0, 0.4, 0.2, 0.4).finished(), 1e-15));
    CHECK(info.nu_eq[0] == 0.1);
    CHECK(st.var_state == std::vector<signed char>{-1, 1, 0, 1});
  }
  SECTION("lower bounds summing to the budget: x = lb") {
    QpState st;
    const Vec lb = Vec::Constant(4, 0.25);
    qp.solve(budget_lp((Vec(4) << 0.3, -0.2, 0.1, -0.1).finished(), lb, Vec::Ones(4)), st);
    CHECK(st.x == lb);
  }
  SECTION("upper bounds below the budget: infeasible") {
    QpState st;
    const QpInfo info = qp.solve(budget_lp(Vec::Zero(3), Vec::Zero(3), Vec::Constant(3, 0.3)), st);
    CHECK(info.status == QpStatus::Infeasible);
    CHECK(info.infeasibility == Approx(0.1).epsilon(1e-9));
  }
}
