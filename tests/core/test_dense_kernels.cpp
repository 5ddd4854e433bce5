// The optimizer's dense kernels (core/src/qp/cholesky.hpp, mat_vec.hpp) against independent textbook loops,
// Eigen, the reconstruction L·Lᵀ = A and hand-made indefinite cases.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>

#include "qp/cholesky.hpp"
#include "qp/mat_vec.hpp"

using namespace riskdial;

namespace {

// A = XᵀX/rows + shift·I with X standard normal (rows ≥ n: positive definite, condition number moderate).
Mat random_spd(Index n, unsigned seed, double shift = 0.05) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd;
  Mat x(n + 5, n);
  for (Index i = 0; i < x.size(); ++i) x.data()[i] = nd(rng);
  Mat a = x.transpose() * x / static_cast<double>(x.rows());
  a.diagonal().array() += shift;
  return a;
}

// The textbook right-looking algorithm, one entry at a time: a(i,j) −= l(i,k)·l(j,k) for k = 0 … j−1 in order.
Mat textbook_cholesky(Mat a) {
  const Index n = a.rows();
  for (Index k = 0; k < n; ++k) {
    a(k, k) = std::sqrt(a(k, k));
    for (Index i = k + 1; i < n; ++i) a(i, k) /= a(k, k);
    for (Index j = k + 1; j < n; ++j)
      for (Index i = j; i < n; ++i) a(i, j) -= a(i, k) * a(j, k);
  }
  return a.triangularView<Eigen::Lower>();
}

}  // namespace

TEST_CASE("cholesky_in_place equals the textbook algorithm and Eigen::LLT, and reconstructs A", "[dense_kernels]") {
  // Sizes around the panel width (4) and the two-column/two-row blocking, and the optimizer's typical sizes.
  for (Index n : {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 16, 17, 31, 33, 64, 89, 100, 229}) {
    CAPTURE(n);
    const Mat a = random_spd(n, static_cast<unsigned>(100 + n));
    Mat w = a;
    REQUIRE(detail::cholesky_in_place(w) == -1);
    const Mat l = w.triangularView<Eigen::Lower>();
    // Same operations on every entry as the textbook loop (the blocking only reorders visits). Exact unless the
    // compiler contracts a·b − c into a fused multiply-add in one of the two (not on the SSE2/simd128 targets).
#if !defined(__FMA__)
    CHECK((l - textbook_cholesky(a)).cwiseAbs().maxCoeff() == 0.0);
#endif
    const Mat le = Eigen::LLT<Mat>(a).matrixL();
    CHECK((l - le).cwiseAbs().maxCoeff() <= 1e-13 * le.cwiseAbs().maxCoeff());
    CHECK((l * l.transpose() - a).cwiseAbs().maxCoeff() <= 1e-14 * static_cast<double>(n) * a.cwiseAbs().maxCoeff());
    // The strict upper triangle is not touched.
    CHECK(w.triangularView<Eigen::StrictlyUpper>().toDenseMatrix() ==
          a.triangularView<Eigen::StrictlyUpper>().toDenseMatrix());
  }
}

TEST_CASE("cholesky_in_place works on a block and returns the first non-positive pivot", "[dense_kernels]") {
  const Index n = 37;
  const Mat a = random_spd(n, 7);
  SECTION("a block of a larger matrix (outer stride ≠ rows)") {
    Mat big = Mat::Constant(n + 6, n + 6, 99.0);
    big.block(2, 3, n, n) = a;
    REQUIRE(detail::cholesky_in_place(big.block(2, 3, n, n)) == -1);
    const Mat l = big.block(2, 3, n, n).triangularView<Eigen::Lower>();
    CHECK((l * l.transpose() - a).cwiseAbs().maxCoeff() <= 1e-13 * a.cwiseAbs().maxCoeff());
    CHECK(big.leftCols(3).cwiseEqual(99.0).all());
    CHECK(big.topRows(2).cwiseEqual(99.0).all());
    CHECK(big.bottomRows(4).cwiseEqual(99.0).all());
  }
  SECTION("a negative pivot at column k: the leading k×k block is PD, the (k,k) Schur complement is < 0") {
    for (Index k : {0, 1, 4, 5, 22, 36}) {
      CAPTURE(k);
      // The pivot of column k is a(k,k) − ‖l_k(0:k)‖²; lowering a(k,k) by more than the pivot makes it negative
      // without changing the earlier columns.
      const Mat lk = Eigen::LLT<Mat>(a).matrixL();
      Mat b = a;
      b(k, k) -= lk(k, k) * lk(k, k) * 1.5;
      Mat w = b;
      CHECK(detail::cholesky_in_place(w) == k);
      detail::Cholesky c(b);
      CHECK_FALSE(c.ok());
    }
  }
  SECTION("a zero or NaN pivot") {
    Mat z = Mat::Zero(5, 5);
    CHECK(detail::cholesky_in_place(z) == 0);
    Mat b = a;
    b(9, 9) = std::nan("");
    CHECK(detail::cholesky_in_place(b) == 9);
    Mat s = Mat::Ones(6, 6);  // rank one: the second pivot is exactly 0
    CHECK(detail::cholesky_in_place(s) == 1);
  }
}

TEST_CASE("Cholesky::solve solves A x = b", "[dense_kernels]") {
  for (Index n : {1, 3, 10, 57}) {
    CAPTURE(n);
    const Mat a = random_spd(n, static_cast<unsigned>(n));
    const Vec b = Vec::LinSpaced(n, -1.0, 2.0);
    const detail::Cholesky c(a);
    REQUIRE(c.ok());
    const Vec x = c.solve(b);
    CHECK((a * x - b).cwiseAbs().maxCoeff() <= 1e-13 * (1.0 + b.cwiseAbs().maxCoeff()));
    CHECK((x - a.llt().solve(b)).cwiseAbs().maxCoeff() <= 1e-12 * x.cwiseAbs().maxCoeff());
  }
}

TEST_CASE("mat_vec equals the textbook left-to-right sums and Eigen's product", "[dense_kernels]") {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> nd;
  for (Index m : {1, 2, 3, 7, 20, 101}) {
    for (Index n : {1, 3, 4, 5, 9, 100}) {
      for (int zeros : {0, 1, 2}) {  // x dense; every 3rd entry 0 (zero columns are skipped); all but every 7th 0
        CAPTURE(m, n, zeros);
        Mat big(m + 3, n + 2);
        for (Index i = 0; i < big.size(); ++i) big.data()[i] = nd(rng);
        const auto a = big.block(1, 2, m, n);  // outer stride m + 3
        Vec x(n);
        for (Index j = 0; j < n; ++j) x[j] = nd(rng);
        for (Index j = 0; j < n; ++j)
          if ((zeros == 1 && j % 3 == 1) || (zeros == 2 && j % 7 != 3)) x[j] = j % 2 ? 0.0 : -0.0;
        const Vec y = detail::mat_vec(a, x);
        REQUIRE(y.size() == m);
        Vec ref(m);
        for (Index i = 0; i < m; ++i) {
          double s = 0.0;
          for (Index j = 0; j < n; ++j) s += a(i, j) * x[j];
          ref[i] = s;
        }
#if !defined(__FMA__)
        CHECK(std::memcmp(y.data(), ref.data(), sizeof(double) * static_cast<std::size_t>(m)) == 0);  // same bits
#endif
        const Vec e = a * x;
        CHECK((y - e).cwiseAbs().maxCoeff() <= 1e-14 * static_cast<double>(n) * (a.cwiseAbs() * x.cwiseAbs()).maxCoeff());
      }
    }
  }
}

TEST_CASE("add_columns adds the listed columns in order, as the loop it replaces", "[dense_kernels]") {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> nd;
  const Index m = 23;
  Mat a(m, 40);
  for (Index i = 0; i < a.size(); ++i) a.data()[i] = nd(rng);
  for (std::vector<Index> cols : {std::vector<Index>{7}, std::vector<Index>{3, 39, 0, 12, 5},
                                  std::vector<Index>{1, 2, 3, 4, 5, 6, 7, 8, 30}}) {
    CAPTURE(cols.size());
    Vec coef(static_cast<Index>(cols.size()));
    for (Index k = 0; k < coef.size(); ++k) coef[k] = nd(rng);
    Vec y(m);
    for (Index i = 0; i < m; ++i) y[i] = nd(rng);
    Vec ref = y;
    for (Index k = 0; k < coef.size(); ++k) ref += coef[k] * a.col(cols[static_cast<size_t>(k)]);
    detail::add_columns(a, cols, coef, y);
#if !defined(__FMA__)
    CHECK((y - ref).cwiseAbs().maxCoeff() == 0.0);
#endif
    CHECK((y - ref).cwiseAbs().maxCoeff() <= 1e-14 * (1.0 + ref.cwiseAbs().maxCoeff()));
  }
}
