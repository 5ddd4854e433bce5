// riskdial/types.hpp — Eigen aliases and numeric conventions shared by every header.
//
// Conventions (apply across the engine unless a function says otherwise):
//  * Returns are simple (arithmetic) decimal returns per period: 0.01 = +1 %. Never percent, never log.
//  * Volatility, expected return and covariance are *annualized* only where the name says so
//    (`annualized_volatility`); annualization is always an explicit `periods_per_year` argument.
//  * Missing observations are quiet NaN. Matrices are column-major, one column per asset.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <limits>

namespace riskdial {

using Index = Eigen::Index;
using Vec = Eigen::VectorXd;
using Mat = Eigen::MatrixXd;
using VecRef = Eigen::Ref<const Vec>;
using MatRef = Eigen::Ref<const Mat>;

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// Converting an annual rate a to a per-period rate (spec §1.6, §2.2): Geometric (1 + a)^(1/P) − 1 (default)
/// or Simple a / P.
enum class Deannualize { Geometric, Simple };

}  // namespace riskdial
