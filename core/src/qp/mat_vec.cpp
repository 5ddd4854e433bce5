#include "qp/mat_vec.hpp"

#include "qp/vec2.hpp"

namespace riskdial::detail {
namespace {

// y_i ← (((y_i + a_i,c0·x_0) + a_i,c1·x_1) + …) over k columns of `a` (col(j) returns column j's pointer), four
// columns per pass over y, two rows per vector.
template <class Col>
void accumulate(Index m, Index k, const Col& col, const double* x, double* y) noexcept {
  Index j = 0;
  for (; j + 4 <= k; j += 4) {
    const double* c0 = col(j);
    const double* c1 = col(j + 1);
    const double* c2 = col(j + 2);
    const double* c3 = col(j + 3);
    const double x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
    const V2 s0 = splat(x0), s1 = splat(x1), s2 = splat(x2), s3 = splat(x3);
    Index i = 0;
    for (; i + 2 <= m; i += 2) {
      V2 v = load2(y + i);
      v += load2(c0 + i) * s0;
      v += load2(c1 + i) * s1;
      v += load2(c2 + i) * s2;
      v += load2(c3 + i) * s3;
      store2(y + i, v);
    }
    for (; i < m; ++i) {
      double v = y[i];
      v += c0[i] * x0;
      v += c1[i] * x1;
      v += c2[i] * x2;
      v += c3[i] * x3;
      y[i] = v;
    }
  }
  for (; j < k; ++j) {
    const double* c = col(j);
    const double xj = x[j];
    for (Index i = 0; i < m; ++i) y[i] += c[i] * xj;
  }
}

}  // namespace

Vec mat_vec(const MatRef& a, const VecRef& x) {
  const Index m = a.rows(), n = a.cols(), ld = a.outerStride();
  const double* pa = a.data();
  Vec y = Vec::Zero(m);
  // Columns with x_j = 0 are skipped: y_i + a_ij·0 = y_i exactly for finite a_ij (y_i is never −0, as it starts
  // at +0 and a sum that cancels rounds to +0), so the sums are the same bits. A portfolio has many zero
  // weights (N = 100 efficient_risk: 12 of 100 nonzero), and the product costs m per nonzero.
  constexpr Index kStack = 512;  // index and value lists on the stack up to this n (no allocation)
  Index nz_s[kStack];
  double xs_s[kStack];
  std::vector<Index> nz_h;
  std::vector<double> xs_h;
  if (n > kStack) {
    nz_h.resize(static_cast<std::size_t>(n));
    xs_h.resize(static_cast<std::size_t>(n));
  }
  Index* nz = n > kStack ? nz_h.data() : nz_s;
  double* xs = n > kStack ? xs_h.data() : xs_s;
  Index k = 0;
  for (Index j = 0; j < n; ++j)
    if (x[j] != 0.0) {
      nz[k] = j;
      xs[k++] = x[j];
    }
  if (k == n)
    accumulate(m, n, [&](Index j) { return pa + j * ld; }, x.data(), y.data());
  else
    accumulate(m, k, [&](Index t) { return pa + nz[t] * ld; }, xs, y.data());
  return y;
}

void add_columns(const Mat& a, const std::vector<Index>& cols, const Vec& coef, Vec& y) noexcept {
  const double* pa = a.data();
  const Index ld = a.rows();
  const Index* pc = cols.data();
  accumulate(a.rows(), static_cast<Index>(cols.size()), [&](Index k) { return pa + pc[k] * ld; }, coef.data(),
             y.data());
}

}  // namespace riskdial::detail
