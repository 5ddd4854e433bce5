// riskdial/estimators.hpp — expected-return and covariance estimators (spec §3.4–3.5; PyPortfolioOpt names).
//
// Input: a T×N matrix of per-period SIMPLE returns (rows = dates ascending, NaN = missing, e.g. before an asset
// listed). Output: ANNUALIZED estimates with `frequency` periods per year (PyPortfolioOpt's `frequency`,
// default 252). Functions named after PyPortfolioOpt follow its conventions exactly (each asset's own history,
// pandas pairwise-complete covariance, pandas ewm(span, adjust=True) weights, NaN → 0 where it uses
// np.nan_to_num); functions named after the spec follow §3.4–3.5 (complete windows). None of them repairs
// PSD-ness: the optimizer applies the §3.5 spectral repair to whatever covariance it receives.
#pragma once

#include "riskdial/error.hpp"
#include "riskdial/types.hpp"

namespace riskdial {

/// Spec `trailing_mean`: μ_i = P·mean(r_i) over the non-missing returns of each column.
Vec trailing_mean(const MatRef& returns, int frequency = 252) noexcept;
/// PyPortfolioOpt `mean_historical_return`: compounding → Π(1+r)^(P/count) − 1 per asset (own history);
/// else P·mean.
Vec mean_historical_return(const MatRef& returns, bool compounding = true, int frequency = 252);
/// PyPortfolioOpt `ema_historical_return`: pandas ewm(span, adjust=True).mean() at the last row (weights
/// (1−α)^(T−1−t), α = 2/(span+1), over each asset's valid rows), then (1+m)^P − 1 (compounding) or P·m.
Vec ema_historical_return(const MatRef& returns, bool compounding = true, int span = 500, int frequency = 252);
/// PyPortfolioOpt `capm_return`: β_i from the pairwise-complete covariance with the market returns
/// (`market` of length T; empty → equal-weighted mean of the available assets per row), market return
/// compounded over its own history (or P·mean), μ_i = rf + β_i·(μ_m − rf).
Vec capm_return(const MatRef& returns, const Vec& market = Vec(), double risk_free_rate = 0.0,
                bool compounding = true, int frequency = 252);
/// Spec `shrunk_mean`: (1−δ)·μ̂ + δ·mean(μ̂), μ̂ = trailing_mean.
Vec shrunk_mean(const MatRef& returns, double delta = 0.5, int frequency = 252) noexcept;
/// Spec `jorion` (Bayes–Stein) on complete rows; requires T > N + 2, otherwise returns shrunk_mean and sets
/// *fell_back.
Vec jorion_mean(const MatRef& returns, int frequency = 252, bool* fell_back = nullptr) noexcept;
/// Spec `momentum` on month-end prices (rows = month ends): (P(t−skip)/P(t−lookback))^(12/(lookback−skip)) − 1.
Vec momentum_return(const MatRef& month_end_prices, int lookback = 12, int skip = 1) noexcept;

/// PyPortfolioOpt `sample_cov` (pandas DataFrame.cov: pairwise-complete, ddof = 1) × P.
Mat sample_cov(const MatRef& returns, int frequency = 252) noexcept;

/// Sample covariance (ddof = 1, × P) of a sliding window of complete rows, updated from the previous call's
/// window instead of recomputed: the window moved down by `shift` rows, so the first `shift` rows of the old
/// window leave and the last `shift` rows of `window` enter (two rank-`shift` updates of shifted cross-product
/// sums, O(shift·N²) instead of O(T·N²)). A full pass runs on the first call, when `shift` ≤ 0 or ≥ T, when
/// the size changed, when the rows the two windows share are not bit-identical (so a stale or foreign state
/// can never leak in), and every 12th update (bounds rounding drift). Equals sample_cov(window, frequency) up
/// to rounding (tested ≤ 1e-13·max|Σ|). The sums are shifted by the window mean of the last full pass, so
/// S − s·sᵀ/T does not cancel. Expects a finite window (the caller checks).
class RollingSampleCov {
 public:
  Mat update(const MatRef& window, Index shift, int frequency = 252) noexcept;
  /// True when the last update() made a full pass.
  bool last_was_full() const noexcept { return last_full_; }

 private:
  Mat prev_, S_;
  Vec ref_, s_;
  int since_full_ = 0;
  bool last_full_ = true;
};
/// PyPortfolioOpt `semicovariance`: D = min(r − benchmark, 0) with NaN → 0, DᵀD / T × P.
Mat semicovariance(const MatRef& returns, double benchmark = 0.000079, int frequency = 252);
/// PyPortfolioOpt `exp_cov`: for each pair, ((x − mean x)(y − mean y)).ewm(span).mean() at the last row × P.
Mat exp_cov(const MatRef& returns, int span = 180, int frequency = 252);
/// Spec `ewma` on complete rows: Σ ω_k (r_{t−k} − m)(r_{t−k} − m)ᵀ, ω_k = (1−λ)λ^k/(1−λ^T), × P.
Mat ewma_cov(const MatRef& returns, double lambda = 0.94, bool demean = false,
             int frequency = 252) noexcept;

enum class ShrinkageTarget { ConstantVariance, SingleFactor, ConstantCorrelation };
/// PyPortfolioOpt CovarianceShrinkage.ledoit_wolf(target) (X = returns with NaN → 0): constant_variance =
/// scikit-learn ledoit_wolf (= spec lw_identity), single_factor and constant_correlation as PyPortfolioOpt. × P.
/// `delta` receives the shrinkage intensity.
Mat ledoit_wolf(const MatRef& returns, ShrinkageTarget target = ShrinkageTarget::ConstantVariance,
                int frequency = 252, double* delta = nullptr) noexcept;
/// PyPortfolioOpt oracle_approximating (scikit-learn `oas`, ≥ 1.3 formula) × P.
Mat oracle_approximating(const MatRef& returns, int frequency = 252, double* delta = nullptr);

}  // namespace riskdial
