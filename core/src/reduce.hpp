// Private: reductions in the summation order of Eigen 3.4's SSE2 reductions (shared by the metrics and the
// risk-targeting market-risk estimator; never included by wasm/).
#pragma once

#include <array>
#include <cstdint>

#include "riskdial/types.hpp"

namespace riskdial::detail {

/// Reduction of K series of terms at once: f(i) returns the K terms at index i ∈ [0, n), n ≥ 1, and each
/// series is combined with `op` (+, ×, min, max) in the order of Eigen 3.4's vectorized reduction with SSE2,
/// the native baseline: two 2-lane accumulators over rows [start, …) (lanes i − start mod 4), the lane
/// pairs 0+2 and 1+3, a leftover pair, the two lanes, then rows [0, start) and the odd last row; fewer than
/// two rows after `start`: sequential. Natively this gives the very bits of the Eigen expression it replaces
/// (and fuses several passes into one); in WASM, where Eigen has no packet path and reduces with one
/// sequential accumulator bound by the add latency, it runs four independent chains and gives the native
/// numbers. `start` is Eigen's first 16-byte-aligned row: 0 for an expression or a Vec, eigen_start(p, n)
/// for a plain array p (Eigen::Map).
template <int K, class F, class Op>
std::array<double, K> reduce_lanes(Index n, Index start, F f, Op op) {
  using A = std::array<double, K>;
  auto fold = [&](A& acc, const A& t) {
    for (int k = 0; k < K; ++k) acc[k] = op(acc[k], t[k]);
  };
  A res;
  if (n - start < 2) {
    res = f(0);
    for (Index i = 1; i < n; ++i) fold(res, f(i));
    return res;
  }
  const Index end4 = start + (n - start) / 4 * 4, end2 = start + (n - start) / 2 * 2;
  A l0 = f(start), l1 = f(start + 1);
  if (end2 - start > 2) {
    A l2 = f(start + 2), l3 = f(start + 3);
    for (Index i = start + 4; i < end4; i += 4) {
      fold(l0, f(i));
      fold(l1, f(i + 1));
      fold(l2, f(i + 2));
      fold(l3, f(i + 3));
    }
    fold(l0, l2);
    fold(l1, l3);
    if (end2 > end4) {
      fold(l0, f(end4));
      fold(l1, f(end4 + 1));
    }
  }
  res = l0;
  fold(res, l1);
  for (Index i = 0; i < start; ++i) fold(res, f(i));
  for (Index i = end2; i < n; ++i) fold(res, f(i));
  return res;
}

/// Eigen's first 16-byte-aligned row of the doubles p[0..n) (what a plain Map reduction starts from).
inline Index eigen_start(const double* p, Index n) {
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  if (a % sizeof(double) != 0) return n;
  const Index first = static_cast<Index>((a / sizeof(double)) & 1);
  return first < n ? first : n;
}

struct Plus {
  double operator()(double a, double b) const { return a + b; }
};
struct Times {
  double operator()(double a, double b) const { return a * b; }
};
struct Min {  // std::min / Eigen's scalar min: the first operand unless the second is smaller
  double operator()(double a, double b) const { return b < a ? b : a; }
};
struct Max {
  double operator()(double a, double b) const { return a < b ? b : a; }
};

/// Σ p[0..n) as Eigen::Map<const Vec>(p, n).sum() (0 when n = 0).
inline double sum_of(const double* p, Index n) {
  if (n == 0) return 0.0;
  return reduce_lanes<1>(n, eigen_start(p, n), [p](Index i) { return std::array<double, 1>{p[i]}; }, Plus())[0];
}

}  // namespace riskdial::detail
