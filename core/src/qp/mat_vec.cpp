#include "qp/mat_vec.hpp"

#include "qp/vec2.hpp"

namespace riskdial::detail {

Vec mat_vec(const MatRef& a, const VecRef& x) {
  const Index m = a.rows(), n = a.cols(), ld = a.outerStride();
  Vec y = Vec::Zero(m);
  double* py = y.data();
  const double* pa = a.data();
  Index j = 0;
  // Four columns per pass over y: y_i ← (((y_i + a_ij·x_j) + a_i,j+1·x_j+1) + …), two rows per vector.
  for (; j + 4 <= n; j += 4) {
    const double* c0 = pa + j * ld;
    const double* c1 = c0 + ld;
    const double* c2 = c1 + ld;
    const double* c3 = c2 + ld;
    const double x0 = x[j], x1 = x[j + 1], x2 = x[j + 2], x3 = x[j + 3];
    const V2 s0 = splat(x0), s1 = splat(x1), s2 = splat(x2), s3 = splat(x3);
    Index i = 0;
    for (; i + 2 <= m; i += 2) {
      V2 v = load2(py + i);
      v += load2(c0 + i) * s0;
      v += load2(c1 + i) * s1;
      v += load2(c2 + i) * s2;
      v += load2(c3 + i) * s3;
      store2(py + i, v);
    }
    for (; i < m; ++i) {
      double v = py[i];
      v += c0[i] * x0;
      v += c1[i] * x1;
      v += c2[i] * x2;
      v += c3[i] * x3;
      py[i] = v;
    }
  }
  for (; j < n; ++j) {
    const double* c = pa + j * ld;
    const double xj = x[j];
    for (Index i = 0; i < m; ++i) py[i] += c[i] * xj;
  }
  return y;
}

}  // namespace riskdial::detail
