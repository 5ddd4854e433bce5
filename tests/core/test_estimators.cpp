// Tests for riskdial/estimators.hpp on small hand-computed data (the full PyPortfolioOpt-convention check on
// stock_prices.csv against numpy is tests/py/test_optimize_estimators.py).
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "riskdial/estimators.hpp"

using namespace riskdial;

namespace {

// 4 periods, 2 assets; asset 1 starts one period late (NaN).
Mat data() {
  Mat r(4, 2);
  r << 0.01, kNaN, -0.02, 0.03, 0.03, -0.01, 0.00, 0.02;
  return r;
}

}  // namespace

TEST_CASE("expected returns: own history, compounding, annualization", "[estimators][mu]") {
  const Mat r = data();
  Vec tm = trailing_mean(r, 12);
  CHECK(tm[0] == Approx(12 * 0.02 / 4).epsilon(1e-14));
  CHECK(tm[1] == Approx(12 * 0.04 / 3).epsilon(1e-14));
  Vec mh = mean_historical_return(r, true, 12);
  CHECK(mh[0] == Approx(std::pow(1.01 * 0.98 * 1.03 * 1.00, 12.0 / 4) - 1).epsilon(1e-14));
  CHECK(mh[1] == Approx(std::pow(1.03 * 0.99 * 1.02, 12.0 / 3) - 1).epsilon(1e-14));
  // ewm span 3 → α = 0.5, weights 1, 0.5, 0.25, 0.125 from the last row backwards
  Vec em = ema_historical_return(r, false, 3, 1);
  CHECK(em[0] == Approx((0.0 * 1 + 0.03 * 0.5 - 0.02 * 0.25 + 0.01 * 0.125) / 1.875).epsilon(1e-14));
  CHECK(em[1] == Approx((0.02 * 1 - 0.01 * 0.5 + 0.03 * 0.25) / 1.75).epsilon(1e-14));
  Vec sm = shrunk_mean(r, 0.5, 12);
  CHECK(sm[0] == Approx(0.5 * tm[0] + 0.25 * (tm[0] + tm[1])).epsilon(1e-14));
}

TEST_CASE("covariances: pairwise complete, semicovariance, EWMA weights", "[estimators][cov]") {
  const Mat r = data();
  Mat s = sample_cov(r, 1);
  // variance of asset 0 over 4 rows, ddof 1
  const double m0 = 0.005;
  const double v0 = (std::pow(0.01 - m0, 2) + std::pow(-0.02 - m0, 2) + std::pow(0.03 - m0, 2) + m0 * m0) / 3;
  CHECK(s(0, 0) == Approx(v0).epsilon(1e-13));
  // covariance over the 3 common rows with means of those rows
  const double a = (-0.02 + 0.03 + 0.0) / 3, b = 0.04 / 3;
  const double c01 = ((-0.02 - a) * (0.03 - b) + (0.03 - a) * (-0.01 - b) + (0.0 - a) * (0.02 - b)) / 2;
  CHECK(s(0, 1) == Approx(c01).epsilon(1e-13));
  CHECK(s(1, 0) == s(0, 1));
  Mat sc = semicovariance(r, 0.0, 1);
  CHECK(sc(0, 0) == Approx(0.02 * 0.02 / 4).epsilon(1e-14));
  CHECK(sc(0, 1) == Approx(0.0).margin(1e-18));  // no common down period
  CHECK(sc(1, 1) == Approx(0.01 * 0.01 / 4).epsilon(1e-14));
  Mat full(3, 1);
  full << 0.01, -0.02, 0.03;
  Mat e = ewma_cov(full, 0.5, false, 1);
  const double w0 = 0.5 / (1 - 0.125);  // weight of the last row
  CHECK(e(0, 0) == Approx(w0 * (0.0009 + 0.5 * 0.0004 + 0.25 * 0.0001)).epsilon(1e-14));
}

TEST_CASE("Ledoit-Wolf identity target: shrinkage intensity in [0,1] and trace preserved", "[estimators][lw]") {
  Mat x(6, 3);
  x << 0.01, 0.02, -0.01, 0.00, -0.01, 0.02, 0.03, 0.01, 0.00, -0.02, 0.00, 0.01, 0.01, 0.03, -0.02, 0.02,
      -0.01, 0.00;
  double d = -1;
  Mat lw = ledoit_wolf(x, ShrinkageTarget::ConstantVariance, 1, &d);
  CHECK(d >= 0.0);
  CHECK(d <= 1.0);
  Mat xc = x.rowwise() - x.colwise().mean();
  Mat emp = xc.transpose() * xc / 6.0;
  CHECK(lw.trace() == Approx(emp.trace()).epsilon(1e-13));
  CHECK(lw(0, 1) == Approx((1 - d) * emp(0, 1)).epsilon(1e-13));
  double so = -1;
  Mat oas = oracle_approximating(x, 1, &so);
  CHECK(so >= 0.0);
  CHECK(so <= 1.0);
  CHECK(oas.trace() == Approx(emp.trace()).epsilon(1e-13));
}

TEST_CASE("Jorion falls back to shrunk_mean when T <= N + 2", "[estimators][jorion]") {
  Mat x(4, 2);
  x << 0.01, 0.02, 0.0, 0.01, 0.02, -0.01, 0.01, 0.0;
  bool fb = false;
  Vec j = jorion_mean(x, 12, &fb);
  CHECK(fb);
  CHECK((j - shrunk_mean(x, 0.5, 12)).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("momentum 12-1 on month-end prices", "[estimators][momentum]") {
  Mat p(13, 1);
  for (int i = 0; i < 13; ++i) p(i, 0) = 100.0 + i;
  Vec m = momentum_return(p, 12, 1);
  CHECK(m[0] == Approx(std::pow(111.0 / 100.0, 12.0 / 11.0) - 1).epsilon(1e-14));
}

TEST_CASE("RollingSampleCov equals the direct sample covariance of each window", "[estimators][rolling]") {
  // A panel with a drift (mean ≠ 0) and two regimes; windows of T = 60 rows over 30 assets moving by irregular
  // shifts (monthly-like 21, small steps, a jump ≥ T). Every update is compared with sample_cov on the same
  // window (1e-13 of max|Σ|); the update path (not a full pass) must be the one taken for ordinary moves.
  std::mt19937_64 rng(41);
  std::normal_distribution<double> nd(0.0, 1.0);
  const Index rows = 900, n = 30, T = 60;
  Mat x(rows, n);
  for (Index r = 0; r < rows; ++r)
    for (Index j = 0; j < n; ++j) x(r, j) = 0.001 + (r < 400 ? 0.01 : 0.03) * nd(rng) + 0.002 * j / n;
  RollingSampleCov rc;
  Index end = T - 1, updates = 0, prev_end = -1;
  for (Index shift : {21, 21, 1, 5, 21, 22, 20, 21, 21, 21, 21, 21, 21, 21, 21, 70, 3, 21, 21, 21, 21, 21, 21,
                      21, 21}) {
    const Mat w = x.middleRows(end - T + 1, T);
    const Mat got = rc.update(w, prev_end < 0 ? 0 : end - prev_end, 252);
    const Mat want = sample_cov(w, 252);
    CHECK(got == got.transpose());
    CHECK((got - want).cwiseAbs().maxCoeff() <= 1e-13 * want.cwiseAbs().maxCoeff());
    const Index moved = prev_end < 0 ? 0 : end - prev_end;
    if (moved > 0 && moved < T && !rc.last_was_full()) ++updates;
    if (moved >= T || moved <= 0) CHECK(rc.last_was_full());
    prev_end = end;
    end += shift;
  }
  CHECK(updates >= 18);  // full passes only on the first call, the jump and every 12th update
  // A window whose shared rows differ from the stored ones (another universe or data) forces a full pass.
  Mat w = x.middleRows(100, T);
  rc.update(w, 0, 252);
  Mat w2 = x.middleRows(110, T);
  w2(0, 3) += 1e-3;  // shared row altered
  const Mat got = rc.update(w2, 10, 252);
  CHECK(rc.last_was_full());
  CHECK((got - sample_cov(w2, 252)).cwiseAbs().maxCoeff() <= 1e-13 * got.cwiseAbs().maxCoeff());
}
