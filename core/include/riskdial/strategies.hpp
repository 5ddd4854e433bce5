// riskdial/strategies.hpp — classic presets of spec §4.6 as Strategy implementations.
//
// All decide at month-ends by default with data through that close and execute at that close
// (execution_lag 0); month-end prices are the prices on the last master date of each month (the decision
// date is the current month-end). Cash (the CASH slot) earns f_t. An asset is eligible when it has valid
// prices on the last K month-ends including the current one (K = 10 Faber, lookback+1 TSMOM/GEM, §5.7);
// N (the slot count) is the number of currently eligible assets. Signals compare strictly (>).
//
// What is implemented: FaberStrategy (§4.6.1), TsmomStrategy (§4.6.2: long_only, long_only_vol_scaled,
// long_short_mop), GemStrategy (§4.6.3: us_equity and winner filters), InverseVolStrategy (§4.6.4). The
// volatility-target overlay (§4.6.5) is VolTargetOverlay in backtest.hpp.
#pragma once

#include <string>
#include <vector>

#include "riskdial/backtest.hpp"

namespace riskdial {

/// Rows of the last `count` month-ends up to and including view.last() (treated as the current month-end),
/// oldest first; fewer when the view is shorter.
std::vector<Index> month_end_rows(const AsOfView& view, int count);

/// Cash growth Π_{t=a+1..b}(1 + f_t) between two visible rows.
double cash_growth(const AsOfView& view, Index a, Index b);

/// Base for month-end presets: a schedule (default month-end) and an execution lag (default 0).
class PresetBase : public Strategy {
 public:
  Schedule schedule() const override { return schedule_; }
  int execution_lag() const override { return lag_; }
  // Month-end presets have no triggers (final: see Strategy::uses_triggers).
  std::optional<std::string> check_trigger(const AsOfView&) final { return std::nullopt; }
  bool uses_triggers() const final { return false; }
  void set_schedule(Schedule s) { schedule_ = std::move(s); }
  void set_execution_lag(int lag) { lag_ = lag; }

 protected:
  /// The view's column names, copied once per data set and shared by the typed audit records of every
  /// decision (they are converted to JSON only when the result is serialized, see backtest.hpp).
  std::shared_ptr<const std::vector<std::string>> shared_names(const AsOfView& view);

  Schedule schedule_{};
  int lag_ = 0;

 private:
  SharedNames names_;
};

/// Faber 10-month SMA timing: slot i (weight 1/N) in asset i iff Pr_i(m) > SMA_k(m), else in cash.
class FaberStrategy : public PresetBase {
 public:
  FaberStrategy(std::vector<Index> universe, int sma_months = 10)
      : universe_(std::move(universe)), months_(sma_months) {}
  std::string type() const override { return "faber"; }
  bool ready(const AsOfView& view) override;
  Result<Decision> decide(const DecisionInput& input) override;

 private:
  std::vector<Index> universe_;
  int months_;
};

enum class TsmomMode { LongOnly, LongOnlyVolScaled, LongShortMop };

struct TsmomParams {
  int lookback_months = 12;
  int skip_months = 1;
  TsmomMode mode = TsmomMode::LongOnly;
  double vol_target_mop = 0.40;    ///< annualized, long_short_mop
  double asset_vol_target = 0.10;  ///< annualized, long_only_vol_scaled
  double com_days = 60.0;          ///< EWMA centre of mass δ/(1−δ)
  int ann_factor = 261;
};

/// Ex-ante EWMA volatility of MOP (2012), annualized: σ² = A·Σ_{i≥0}(1−δ)δ^i (r_{d−i} − r̄)², r̄ the same
/// weighted mean, over all consecutive valid daily returns of column c ending at view.last() (weights are
/// not renormalized, as in the paper). NaN with fewer than 2 returns.
double mop_ewma_volatility(const AsOfView& view, Index c, double com_days, int ann_factor);

/// Time-series momentum 12-1: X_i = Pr_i(m−skip)/Pr_i(m−L) − 1 − (C(m−skip)/C(m−L) − 1).
class TsmomStrategy : public PresetBase {
 public:
  TsmomStrategy(std::vector<Index> universe, TsmomParams p) : universe_(std::move(universe)), p_(p) {}
  std::string type() const override { return "tsmom"; }
  bool allow_short() const override { return p_.mode == TsmomMode::LongShortMop; }
  bool ready(const AsOfView& view) override;
  Result<Decision> decide(const DecisionInput& input) override;

 private:
  /// O(1)-per-day EWMA state per universe asset (S1 = Σw·r, S2 = Σw·r², W = Σw), extended causally.
  struct Ewma {
    Index row = -1;
    double s1 = 0, s2 = 0, w = 0;
    int n = 0;
  };
  double ewma_sigma(const AsOfView& view, size_t k);
  std::vector<Index> universe_;
  TsmomParams p_;
  std::vector<Ewma> ewma_;
};

enum class GemFilter { UsEquity, Winner };

/// Dual momentum (Antonacci GEM): 100 % in US equity, international equity or bonds (cash if bonds lack
/// data). R12 = Pr(m)/Pr(m−L) − 1; cash R12 from the cash index. Ties go to US; US equal to cash → bonds.
class GemStrategy : public PresetBase {
 public:
  GemStrategy(Index us, Index intl, Index bonds, int lookback_months = 12, GemFilter f = GemFilter::UsEquity)
      : us_(us), intl_(intl), bonds_(bonds), lookback_(lookback_months), filter_(f) {}
  std::string type() const override { return "gem"; }
  bool ready(const AsOfView& view) override;
  Result<Decision> decide(const DecisionInput& input) override;

 private:
  Index us_, intl_, bonds_;
  int lookback_;
  GemFilter filter_;
};

/// Inverse-volatility weights w_i ∝ 1/σ_i, σ_i = sd(last `lookback` daily returns)·√P, over eligible assets
/// (≥ lookback + 1 valid prices). Assets with σ = 0 are left out (audit flag).
class InverseVolStrategy : public PresetBase {
 public:
  InverseVolStrategy(std::vector<Index> universe, int lookback = 63)
      : universe_(std::move(universe)), lookback_(lookback) {}
  std::string type() const override { return "inverse_vol"; }
  bool ready(const AsOfView& view) override;
  Result<Decision> decide(const DecisionInput& input) override;

 private:
  std::vector<Index> universe_;
  int lookback_;
};

}  // namespace riskdial
