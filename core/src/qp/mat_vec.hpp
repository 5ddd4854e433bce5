// Private: dense matrix–vector products for the optimizer (Σ·w, the QP's gradient), vectorized in both builds
// through qp/vec2.hpp (Eigen's GEMV runs scalar in WASM).
#pragma once

#include <vector>

#include "riskdial/types.hpp"

namespace riskdial::detail {

/// y = A·x for a column-major m×n matrix A and an n-vector x (no annualization: plain algebra). Each y_i is the
/// sum a_i0·x_0 + a_i1·x_1 + … accumulated left to right, each product and sum rounded separately, so the result
/// does not depend on the build. Columns with x_j = 0 are skipped (for finite A, the same bits at m·nnz(x) cost).
Vec mat_vec(const MatRef& a, const VecRef& x);

/// y += Σ_k coef_k·A(:, cols_k) for the columns listed (coef.size() == cols.size(), y.size() == a.rows()), each
/// y_i accumulated in the order of the list: the same sums as a loop `y += coef[k] * a.col(cols[k])`.
void add_columns(const Mat& a, const std::vector<Index>& cols, const Vec& coef, Vec& y) noexcept;

}  // namespace riskdial::detail
