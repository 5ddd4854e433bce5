// Private: dense Cholesky factorization A = L·Lᵀ for the optimizer (behind optimize.hpp).
//
// Why not Eigen::LLT: Eigen 3.4 has no WebAssembly SIMD path, so in the WASM build its blocked LLT runs its
// GEMM micro-kernel one scalar at a time (the factorizations were about half of an N = 100 efficient_risk solve
// there, 2.9× slower than natively). This kernel is written once with two-lane vectors (qp/vec2.hpp: SSE2
// natively, simd128 in WASM), so both builds run the same vector code and compute the same bits.
//
// Arithmetic: the textbook right-looking algorithm. Every entry is updated as a(i,j) ← a(i,j) − l(i,k)·l(j,k)
// for k = 0, 1, …, j−1 in that order, each product and difference rounded separately; the pivot is
// l(j,j) = √a(j,j) and l(i,j) = a(i,j) / l(j,j). The blocking only changes the order in which entries are visited,
// never the operations applied to an entry, so the factor is the same for every block size.
#pragma once

#include "riskdial/types.hpp"

namespace riskdial::detail {

/// Factorizes in place the symmetric matrix whose lower triangle is stored in `a` (square, column-major): on
/// success the lower triangle holds L with A = L·Lᵀ; the strict upper triangle is neither read nor written.
/// Returns −1 when every pivot is positive, else the first column k whose pivot is ≤ 0 or NaN (A is not
/// positive definite at rounding level; columns ≥ k are then partially updated).
Index cholesky_in_place(Eigen::Ref<Mat> a) noexcept;

/// Cholesky factor of a symmetric positive definite matrix (reads the lower triangle), with solves; the
/// replacement of `Eigen::LLT<Mat>` in the optimizer.
class Cholesky {
 public:
  Cholesky() = default;
  explicit Cholesky(const MatRef& a) { compute(a); }
  /// Factorizes a copy of `a`; `ok()` tells whether every pivot was positive.
  Cholesky& compute(const MatRef& a);
  bool ok() const noexcept { return ok_; }
  /// L in the lower triangle (the strict upper triangle holds the input's entries).
  const Mat& matrix() const noexcept { return l_; }
  /// x = A⁻¹ b by the two triangular solves L y = b, Lᵀ x = y (only when `ok()`).
  Vec solve(const VecRef& b) const;

 private:
  Mat l_;
  bool ok_ = false;
};

}  // namespace riskdial::detail
