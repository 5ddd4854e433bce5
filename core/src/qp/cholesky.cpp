#include "qp/cholesky.hpp"

#include <cmath>

#include "qp/vec2.hpp"

namespace riskdial::detail {
namespace {

// Columns of the panel at the current step; P = panel width (a template argument so that the k loops unroll).
constexpr Index kPanel = 4;

// Updates the trailing columns j ≥ k0 + P with the P factored panel columns k0 … k0+P−1:
// a(i,j) −= l(i,k)·l(j,k) for i ≥ j, k in the panel in ascending order. Two columns at a time share the loads of
// the panel's rows; two rows per vector.
template <int P>
void trailing_update(double* a, Index ld, Index n, Index k0) noexcept {
  const double* l[P];
  for (int p = 0; p < P; ++p) l[p] = a + (k0 + p) * ld;
  Index j = k0 + P;
  for (; j + 1 < n; j += 2) {
    double* cj = a + j * ld;
    double* cj1 = cj + ld;
    double c0[P], c1[P];
    V2 s0[P], s1[P];
    for (int p = 0; p < P; ++p) {
      c0[p] = l[p][j];
      c1[p] = l[p][j + 1];
      s0[p] = splat(c0[p]);
      s1[p] = splat(c1[p]);
    }
    double d = cj[j];  // the diagonal of column j (row j is above column j+1's triangle)
    for (int p = 0; p < P; ++p) d -= c0[p] * l[p][j];
    cj[j] = d;
    Index i = j + 1;
    for (; i + 1 < n; i += 2) {
      V2 x = load2(cj + i), y = load2(cj1 + i);
      for (int p = 0; p < P; ++p) {
        const V2 v = load2(l[p] + i);
        x -= s0[p] * v;
        y -= s1[p] * v;
      }
      store2(cj + i, x);
      store2(cj1 + i, y);
    }
    if (i < n) {
      double x = cj[i], y = cj1[i];
      for (int p = 0; p < P; ++p) {
        x -= c0[p] * l[p][i];
        y -= c1[p] * l[p][i];
      }
      cj[i] = x;
      cj1[i] = y;
    }
  }
  if (j < n) {  // the last column alone (only its diagonal: j = n − 1)
    double* cj = a + j * ld;
    for (Index i = j; i < n; ++i) {
      double x = cj[i];
      for (int p = 0; p < P; ++p) x -= l[p][j] * l[p][i];
      cj[i] = x;
    }
  }
}

}  // namespace

Index cholesky_in_place(Eigen::Ref<Mat> m) noexcept {
  const Index n = m.rows();
  const Index ld = m.outerStride();
  double* a = m.data();
  for (Index k0 = 0; k0 < n; k0 += kPanel) {
    const Index k1 = std::min(n, k0 + kPanel);
    // Factor the panel's columns (all rows below the panel's top), updating only the panel.
    for (Index k = k0; k < k1; ++k) {
      double* ck = a + k * ld;
      const double piv = ck[k];
      if (!(piv > 0.0)) return k;
      const double d = std::sqrt(piv);
      ck[k] = d;
      for (Index i = k + 1; i < n; ++i) ck[i] /= d;
      for (Index j = k + 1; j < k1; ++j) {
        double* cj = a + j * ld;
        const double c = ck[j];
        for (Index i = j; i < n; ++i) cj[i] -= c * ck[i];
      }
    }
    switch (k1 - k0) {
      case 4: trailing_update<4>(a, ld, n, k0); break;
      case 3: trailing_update<3>(a, ld, n, k0); break;
      case 2: trailing_update<2>(a, ld, n, k0); break;
      default: trailing_update<1>(a, ld, n, k0); break;
    }
  }
  return -1;
}

Cholesky& Cholesky::compute(const MatRef& a) {
  l_ = a;
  ok_ = cholesky_in_place(l_) < 0;
  return *this;
}

Vec Cholesky::solve(const VecRef& b) const {
  Vec x = b;
  const auto l = l_.triangularView<Eigen::Lower>();
  l.solveInPlace(x);
  l.transpose().solveInPlace(x);
  return x;
}

}  // namespace riskdial::detail
