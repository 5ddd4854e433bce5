// riskdial/signals.hpp — TrendFolios building blocks (spec §4.2–4.3): price-ratio momentum and trend votes,
// majority fusion, tracking error and inverse-tracking-error weights.
//
// Conventions: the ratio P_t = A_t / B_t of an asset to its sleeve benchmark (both total-return closes) on the
// master calendar. Horizons ν are in trading days (or calendar offsets, tf_calendar_anchor=calendar). Tracking
// error is the sample (n−1) sd of daily active simple returns r_i − r_B, annualized by √periods_per_year.
// Moving averages and rolling volatilities use running (prefix) sums that are extended row by row as the
// as-of view grows, so a whole backtest costs O(rows × assets).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "riskdial/backtest.hpp"

namespace riskdial {

enum class TfAnchor { TradingDays, Calendar };
enum class TfSpreadMode { MaCurve, Literal };
enum class TfVolMethod { ScaledDaily, LiteralEq5 };
enum class TfFusion { PooledMajority, TwoStage };

/// Parameters of spec §6.5 (names without the tf_ prefix).
struct TrendParams {
  std::vector<int> frequencies{1, 5, 21, 63, 126, 252};  ///< ν in trading days
  TfAnchor anchor = TfAnchor::TradingDays;
  double mom_threshold = 0.0;        ///< θ_M (fraction)
  TfSpreadMode spread_mode = TfSpreadMode::MaCurve;
  double trend_vol_coef = 0.0;       ///< κ_S
  TfVolMethod vol_method = TfVolMethod::ScaledDaily;
  int vol_min_window = 21;           ///< σ̃ uses max(ν, this) daily ratio returns
  int eq5_n = 21;                    ///< n of eq. (5) for literal_eq5 and of R̄^ν for literal spread
  TfFusion fusion = TfFusion::PooledMajority;
  int min_history = 252;             ///< daily returns required (eligibility)
  int te_lookback = 126;             ///< daily active returns in TE
  double te_floor = 0.001;           ///< annualized
  double max_weight = 1.0;           ///< per-asset cap within a sleeve
  int rebalance_weeks = 2;
  int execution_lag = 1;

  /// Effective history needed: max(min_history, max ν (+ eq5_n − 1 for literal modes), te_lookback).
  int required_history() const;
};

/// Validate parameter ranges (§6.5). Error source names the field, e.g. "tf_fusion".
std::optional<Error> validate_trend_params(const TrendParams& p);

/// Votes of one asset at one decision date. Vote values: 1, 0, or -1 when the vote is not valid (trend at
/// ν = 1, or a window that does not fit the asset's/benchmark's valid history).
struct AssetVotes {
  std::vector<int> momentum;  ///< one per frequency
  std::vector<int> trend;     ///< one per frequency (-1 at ν = 1)
  int momentum_count = 0, trend_count = 0;
  int valid_momentum = 0, valid_trend = 0;
  int votes = 0, valid_votes = 0;
  bool included = false;
};

/// Running sums of one (asset, benchmark) pair, extended causally as the as-of view grows.
class RatioSeries {
 public:
  RatioSeries(Index asset, Index benchmark) : a_(asset), b_(benchmark) {}
  /// Extend the prefix sums to view.rows() (never reads beyond the view).
  void extend(const AsOfView& view) {
    if (view.rows() + 1 > capacity_) grow(view);
    extend_rows(view);
  }
  /// Votes at view.last() (call extend first). Requires the asset eligible (caller checks).
  AssetVotes votes(const AsOfView& view, const TrendParams& p) const;
  /// Same, reusing `out`'s storage (no allocation once sized).
  void votes(const AsOfView& view, const TrendParams& p, AssetVotes& out) const {
    if (out.momentum.size() != p.frequencies.size() || out.trend.size() != p.frequencies.size())
      size_votes(out, p.frequencies.size());
    votes_sized(view, p, out);
  }
  /// Annualized TE over the last `lookback` active returns at view.last(), before the floor. NaN when the
  /// window does not fit.
  double tracking_error(const AsOfView& view, int lookback) const noexcept;
  Index asset() const noexcept { return a_; }
  Index benchmark() const noexcept { return b_; }

 private:
  /// Prefix sums (index r + 1 = sum over rows 0..r; missing values count as 0). No default member
  /// initializers: the storage is allocated without being zero-filled (see extend).
  struct Prefix {
    double p, r, r2, a, a2;  ///< P, ratio return R1, R1², active return, its square
  };
  double ratio(Index r) const { return ratio_[size_t(r)]; }
  // The allocating parts (signals.cpp) and the numerics (signals_kernels.cpp, no exceptions in
  // WASM): the inline extend()/votes() call the latter directly once storage is sized.
  void grow(const AsOfView& view);  ///< storage for max(view.rows(), capacity_hint()) + 1 entries
  void extend_rows(const AsOfView& view) noexcept;  ///< requires capacity_ ≥ view.rows() + 1
  static void size_votes(AssetVotes& out, size_t frequencies);
  void votes_sized(const AsOfView& view, const TrendParams& p, AssetVotes& out) const noexcept;
  /// Sum of member `m` over rows from..to inclusive.
  double window_sum(double Prefix::*m, Index from, Index to) const {
    return pre_[size_t(to + 1)].*m - pre_[size_t(from)].*m;
  }
  Index a_, b_;
  Index rows_ = 0;                   ///< rows extended so far
  Index capacity_ = 0;               ///< entries of ratio_ and pre_ (≥ rows_ + 1 once allocated)
  std::unique_ptr<double[]> ratio_;  ///< P_t, rows 0..rows_−1 (NaN when either price is missing)
  std::unique_ptr<Prefix[]> pre_;    ///< prefix sums 0..rows_ (entry 0 = zeros)
};

/// Inverse-TE weights (eq. 8) with the floor already applied to `te`: w_i = (1/TE_i)/Σ(1/TE_j); optional cap
/// with iterative proportional redistribution. Returns the weights; `cash` receives 1 − Σw (> 0 only when
/// every weight is capped, i.e. cap·n < 1).
std::vector<double> inverse_te_weights(const std::vector<double>& te, double cap, double* cash = nullptr);

/// Fuse votes into inclusion: pooled strict majority of valid votes, or two-stage (strict majority of the
/// valid momentum votes AND of the valid trend votes).
bool fuse_votes(const AssetVotes& v, TfFusion fusion) noexcept;

/// One TrendFolios sleeve (spec §4.5).
struct SleeveSpec {
  std::string name;
  std::vector<Index> assets;
  Index benchmark = -1;
  Index fallback = -1;    ///< data column held when nothing qualifies; -1 = CASH
  double weight = 1.0;    ///< share of the portfolio (Moderate: 0.6/0.3/0.1)
};

/// TrendFolios sleeves combined at asset level (spec §4.3–4.5, §5.7). One sleeve with weight 1 is a sleeve
/// portfolio; three sleeves 0.6/0.3/0.1 are the Moderate portfolio. Audit per decision: the vote matrix per
/// sleeve and asset (momentum, trend, counts, included, TE, weight), fallback use, and the ex-ante TE
/// against Σ_s weight_s·benchmark_s over te_lookback days.
class TrendStrategy : public Strategy {
 public:
  TrendStrategy(std::vector<SleeveSpec> sleeves, TrendParams params);
  std::string type() const override { return "trend"; }
  Schedule schedule() const override;
  int execution_lag() const override { return p_.execution_lag; }
  // Biweekly schedule only, no triggers (final: see Strategy::uses_triggers).
  std::optional<std::string> check_trigger(const AsOfView&) final { return std::nullopt; }
  bool uses_triggers() const final { return false; }
  bool ready(const AsOfView& view) override;
  Result<Decision> decide(const DecisionInput& input) override;

  /// Sleeve-level weights of the last decision (size cols()+1 each), for tests of the combination.
  const std::vector<Vec>& last_sleeve_weights() const noexcept {
    static const std::vector<Vec> none;
    return last_split_ ? last_split_->weights : none;
  }

 private:
  std::vector<SleeveSpec> sleeves_;
  TrendParams p_;
  std::vector<std::vector<RatioSeries>> series_;  // per sleeve, per asset
  std::shared_ptr<SleeveSplit> last_split_;       // sleeve weights of the last decision (attached if ≥ 2)
  // Per-decision scratch buffers (reused: no allocation once sized).
  AssetVotes scratch_;
  std::vector<size_t> inc_;
  std::vector<double> te_inc_, w_inc_;
  Vec active_;
  std::vector<Index> held_;
  SharedNames names_;  // column names shared by the decisions' audits
  std::shared_ptr<const std::vector<int>> frequencies_;
};

}  // namespace riskdial
