// riskdial/backtest.hpp — the shared out-of-sample backtest engine (spec §1.2–1.9, §5).
//
// Conventions:
//  * Prices are total-return (adjusted) closes on the master calendar (union of the input dates); returns are
//    simple daily returns r_t = P_t/P_{t−1} − 1. Weights are fractions of NAV, one per data column plus an
//    explicit CASH slot (always the last entry, index = number of columns). Weights sum to 1 (cash included).
//  * Fees are annual fractions (0.0055 = 0.55 %/yr) deducted monthly from the net NAV only (§1.8, §5.7);
//    transaction costs are basis points per unit of traded weight (§1.9).
//
// What is implemented:
//  * MarketData: forward fill (≤ max_ffill_days), returns, cash return series, valid-run lengths.
//  * AsOfView: a read-only view truncated at a decision date (inclusive) — strategies cannot reach later rows.
//  * Strategy: the decision-function interface (scheduled decisions + optional per-day trigger checks).
//  * run_backtest(): daily loop of §5.3 — drift, executions with lag, turnover/costs, monthly fee with the
//    §5.7 proration, gross/net NAV, benchmark composite, holding-period realized volatility and TE.
//  * backtest_result_to_json(): the result document (docs/scenario.md, docs/backtest.md).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "riskdial/date.hpp"
#include "riskdial/error.hpp"
#include "riskdial/panel.hpp"
#include "riskdial/types.hpp"

namespace riskdial {

// ----------------------------------------------------------------------------------------------------------
// Market data
// ----------------------------------------------------------------------------------------------------------

/// How the synthetic CASH asset earns its return f_t (spec §1.6).
enum class CashSource { Constant, IndexSeries, YieldSeries };

struct MarketDataOptions {
  int max_ffill_days = 5;        ///< §1.2: interior gaps of at most this many master dates are filled
  int periods_per_year = 252;    ///< P used to de-annualize a constant or yield risk-free rate
  CashSource cash_source = CashSource::Constant;
  double rf_ann = 0.0;           ///< annual fraction for CashSource::Constant
  Deannualize deannualize = Deannualize::Geometric;
  std::string cash_column;       ///< column name for IndexSeries (total-return index) or YieldSeries (ann. frac)
  /// Columns whose last price ends the span (§5.7: "last date on which any universe asset has a price").
  /// Empty = all columns.
  std::vector<std::string> span_columns;
};

/// Prices on the master calendar plus everything the loop needs, computed once and read through AsOfView.
struct MarketData {
  std::vector<Date> dates;          ///< master calendar (strictly increasing)
  std::vector<std::string> names;   ///< data columns; CASH is not a column (it is weight slot names.size())
  Mat prices;                       ///< forward-filled prices, NaN = missing (rows = dates)
  Mat returns;                      ///< simple returns; row 0 and rows with a missing price are NaN
  Vec cash_returns;                 ///< f_t per row (row 0 = 0)
  Eigen::MatrixXi valid_run;        ///< number of consecutive valid prices ending at each row (0 if missing)
  std::vector<int> month_keys;      ///< year·12 + month − 1 per row (cached calendar lookups)
  std::vector<int> filled_cells;    ///< cells filled per column
  int periods_per_year = 252;

  Index rows() const noexcept { return static_cast<Index>(dates.size()); }
  Index cols() const noexcept { return static_cast<Index>(names.size()); }
  Index find(const std::string& name) const noexcept;
  /// True when row r is the last master date of its calendar month (the final row always is, §5.7).
  bool is_month_end(Index r) const noexcept;
};

/// Build MarketData from a price panel (kind Prices). Errors: returns panel, non-positive prices, unknown
/// cash column, fewer than 2 dates. The span is cut after the last date any span column has a price.
Result<MarketData> prepare_market_data(const Panel& prices, const MarketDataOptions& options);

/// Read-only view of MarketData truncated after row `last()` (the decision date, inclusive). Every accessor
/// checks its row against the truncation, and the block accessors return only the first rows() rows, so a
/// decision function physically cannot read later observations (spec §5.4).
class AsOfView {
 public:
  AsOfView(const MarketData& data, Index rows) : d_(&data), n_(rows) {}
  Index rows() const noexcept { return n_; }
  Index last() const noexcept { return n_ - 1; }
  Index cols() const noexcept { return d_->cols(); }
  const std::vector<std::string>& names() const noexcept { return d_->names; }
  Index find(const std::string& name) const noexcept { return d_->find(name); }
  int periods_per_year() const noexcept { return d_->periods_per_year; }
  Date date(Index r) const noexcept { return d_->dates[static_cast<size_t>(clamp(r))]; }
  double price(Index r, Index c) const noexcept { return d_->prices(clamp(r), c); }
  double ret(Index r, Index c) const noexcept { return d_->returns(clamp(r), c); }
  double cash_return(Index r) const noexcept { return d_->cash_returns(clamp(r)); }
  /// Consecutive valid prices of column c ending at row r (0 = no price at r).
  int valid_run(Index r, Index c) const noexcept { return d_->valid_run(clamp(r), c); }
  /// Total rows of the underlying data set — for memory reservation only (no values are exposed).
  Index capacity_hint() const noexcept { return d_->rows(); }
  /// Prices / returns of the visible rows only.
  auto prices() const { return d_->prices.topRows(n_); }
  auto returns() const { return d_->returns.topRows(n_); }
  /// True when visible row r < last() is the last master date of its month (decided from row r+1, which is
  /// visible). For r == last() this is unknown from the view; callers that decide at month-ends treat the
  /// decision row itself as the current month-end.
  bool month_changes_after(Index r) const noexcept {
    return r < last() && d_->month_keys[size_t(r)] != d_->month_keys[size_t(r + 1)];
  }
  /// Column is eligible at last(): ≥ min_history + 1 consecutive valid prices ending there (§5.7); if
  /// `benchmark` ≥ 0, the benchmark column must satisfy the same.
  bool eligible(Index c, int min_history, Index benchmark = -1) const noexcept;
  /// The columns of `candidates` that are eligible at last() (same rule), in the given order.
  std::vector<Index> eligible_columns(const std::vector<Index>& candidates, int min_history,
                                      Index benchmark = -1) const;

 private:
  Index clamp(Index r) const noexcept { return r < n_ ? r : n_ - 1; }  // never past the decision row
  const MarketData* d_;
  Index n_;
};

// ----------------------------------------------------------------------------------------------------------
// Schedules and strategies
// ----------------------------------------------------------------------------------------------------------

enum class ScheduleKind {
  MonthEnd,     ///< last master date of every calendar month (and the final date)
  QuarterEnd,   ///< last master date of every calendar quarter (and the final date)
  EveryNWeeks,  ///< last master date of every N-th week, weeks counted from 1970-01-05, anchored at the week
                ///< of the first date on which the strategy is ready (§4.4, §5.7)
  Dates,        ///< the last master date ≤ each listed date (duplicates collapse)
  Once,         ///< only the first decision (buy and hold)
};

struct Schedule {
  ScheduleKind kind = ScheduleKind::MonthEnd;
  int weeks = 2;             ///< EveryNWeeks: N (1–52)
  std::vector<Date> dates;   ///< Dates: requested decision dates
};

/// Everything a decision function may look at.
struct DecisionInput {
  const AsOfView& view;          ///< data truncated at the decision row (inclusive)
  const Vec& current_weights;    ///< drifted weights at the decision close (before any execution); 100 % CASH
                                 ///< before the first execution. Size cols()+1, CASH last.
  std::string cause;             ///< "scheduled" or the trigger's cause
  int decision_number = 0;       ///< 0 for the first decision
};

/// A typed audit record a strategy may attach instead of (or besides) JSON, converted to JSON only when the
/// result is serialized (building large JSON objects per decision would dominate the run time).
struct AuditPayload {
  virtual ~AuditPayload() = default;
  /// Add this record's members to `audit` (an object).
  virtual void write(nlohmann::json& audit) const = 0;
};

/// A view's column names, copied once per data set and shared by the typed audit records of every decision
/// (they are converted to JSON only when the result is serialized).
class SharedNames {
 public:
  /// The names of `view`'s data set; a new copy only when the data set changed since the last call (same data
  /// set ⇔ same names vector object of the same size: a strategy object may be run again on other data).
  std::shared_ptr<const std::vector<std::string>> get(const AsOfView& view);

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
  const std::vector<std::string>* source_ = nullptr;
};

/// The sleeve decomposition of a decision (TrendFolios Moderate: EQ/FI/ALT): target shares (summing to 1) and
/// each sleeve's own weights (size cols()+1, CASH last, each summing to 1). The decision's weights must equal
/// Σ_s shares[s]·weights[s] (summed in sleeve order). Used by the engine only with
/// SleeveRebalance::MonthEnd (EngineOptions); otherwise it is informational.
struct SleeveSplit {
  std::vector<std::string> names;
  std::vector<double> shares;
  std::vector<Vec> weights;
};

/// A decision: target weights (size cols()+1, CASH last, summing to 1 within 1e-12) and a free-form audit
/// record that is copied into the result's decision log (JSON members plus an optional typed payload).
struct Decision {
  Vec weights;
  nlohmann::json audit = nlohmann::json::object();
  std::shared_ptr<const AuditPayload> payload = nullptr;
  std::shared_ptr<const SleeveSplit> sleeves = nullptr;  ///< optional sleeve decomposition (see SleeveSplit)
  /// The audit JSON with the typed payload merged in (what the result document shows).
  nlohmann::json full_audit() const;
};

/// The decision-function interface every strategy implements. A Strategy may keep state between calls (e.g.
/// running sums extended as the view grows), but it only ever sees AsOfView data.
class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string type() const = 0;
  virtual Schedule schedule() const = 0;
  /// Execution lag in master dates (0 = at the decision close).
  virtual int execution_lag() const = 0;
  /// Shorting allowed (only replication modes, e.g. TSMOM long_short_mop); otherwise weights ≥ 0 asserted.
  virtual bool allow_short() const { return false; }
  /// Whether the strategy can make its first decision at view.last() (enough eligible assets, §5.2).
  virtual bool ready(const AsOfView& view) = 0;
  /// Per-day trigger check, called on every non-scheduled master date after the first decision (§3.9, §5.7).
  /// Return a cause (e.g. "vol", "return", "vol+return") to request an unscheduled decision that day.
  virtual std::optional<std::string> check_trigger(const AsOfView& /*view*/) { return std::nullopt; }
  /// False when check_trigger() never requests a decision (scheduled-only strategies): the engine then skips
  /// the per-day call (asked once per run). Default true. A class returning false must declare its
  /// check_trigger() `final` so that no subclass can add triggers the engine would never ask for — except
  /// StaticMixStrategy, which is meant to be extended: a subclass of it that adds triggers must override
  /// uses_triggers() to return true.
  virtual bool uses_triggers() const { return true; }
  /// Make a decision at view.last().
  virtual Result<Decision> decide(const DecisionInput& input) = 0;
};

// ----------------------------------------------------------------------------------------------------------
// Engine
// ----------------------------------------------------------------------------------------------------------

enum class FeeMethod { SubtractMonthly, MultiplyNav, Geometric };
enum class BenchmarkRebalance { MonthEnd, Daily, None };
/// How a sleeved portfolio's split between sleeves is maintained (spec §6.5 `sleeve_rebalance`):
/// WithDecisions — every execution applies the target shares (the decision's weights as they are);
/// MonthEnd — executions apply each sleeve's new weights within the sleeve's current drifted share, and the
/// split is reset to the target shares only at month-end closes (an execution on a month-end uses the target
/// shares; a month-end without an execution gets a "sleeve_rebalance" trade that rescales every sleeve to its
/// target share, keeping its drifted internal weights). Only decisions with a SleeveSplit of ≥ 2 sleeves are
/// affected.
enum class SleeveRebalance { WithDecisions, MonthEnd };

/// A fixed-weight composite benchmark (e.g. 60 % SPY + 40 % AGG), rebalanced per `rebalance`.
struct BenchmarkSpec {
  std::string name;
  std::vector<Index> columns;   ///< data columns; weights may include cash via column = -1
  std::vector<double> weights;  ///< fractions, summing to 1
  BenchmarkRebalance rebalance = BenchmarkRebalance::MonthEnd;
};

struct EngineOptions {
  double initial_nav = 1.0;
  double fee_ann = 0.0055;                       ///< annual management fee (fraction)
  FeeMethod fee_method = FeeMethod::SubtractMonthly;
  Vec tc_bps;                                    ///< per column cost in bps (size cols(); empty = 0)
  double turnover_threshold = 0.0;               ///< skip executions with one-way turnover below this (0: never)
  SleeveRebalance sleeve_rebalance = SleeveRebalance::WithDecisions;
};

struct DecisionRecord {
  Date date = 0;
  Index row = 0;
  std::string cause;          ///< "scheduled" or trigger cause
  Vec target;                 ///< size cols()+1
  bool executed = false;
  Date execution_date = 0;    ///< valid when executed
  std::string not_executed_reason;  ///< "after_final_date", "below_turnover_threshold", "superseded"
  nlohmann::json audit;
  std::shared_ptr<const AuditPayload> payload = nullptr;
  std::shared_ptr<const SleeveSplit> sleeves = nullptr;  ///< the decision's sleeve decomposition, if any
  /// SleeveRebalance::MonthEnd only: the sleeve shares the execution applied (sleeve order; empty otherwise).
  std::vector<double> sleeve_shares;
  /// The audit JSON with the typed payload merged in (what the result document shows).
  nlohmann::json full_audit() const;
};

struct TradeRecord {
  Date date = 0;              ///< execution close
  Date decision_date = 0;
  std::string cause;          ///< "rebalance", "delisting:<asset>" or "sleeve_rebalance"
  Vec pre;                    ///< drifted weights before the trade
  Vec post;                   ///< weights after the trade
  double turnover = 0.0;      ///< one-way: ½ Σ|post − pre| (cash included)
  double cost = 0.0;          ///< fraction of NAV: Σ tc_i |post_i − pre_i|
  /// SleeveRebalance::MonthEnd only: sleeve shares after the trade (sleeve order; empty otherwise).
  std::vector<double> sleeve_shares;
};

struct FeeRecord {
  Date date = 0;              ///< the month's last master date (or the final date)
  int year = 0, month = 0;
  int days_invested = 0, days_in_month = 0;
  double prorate = 0.0;       ///< days_invested / days_in_month
  double base = 0.0;          ///< net NAV the fee is computed on
  double amount = 0.0;        ///< NAV units deducted
  double rate = 0.0;          ///< amount as a fraction of the base-month NAV (= fee_ann/12·prorate for subtract)
};

struct MonthRow {
  Date date = 0;              ///< last master date of the month in the span
  double gross = 0.0, net = 0.0, benchmark = 0.0;
};

struct HoldingPeriod {
  Date start = 0, end = 0;    ///< returns from the day after `start` through `end`
  int observations = 0;
  double realized_vol = kNaN; ///< annualized sd of gross daily returns (null when < 10 observations)
  double realized_te = kNaN;  ///< annualized sd of (gross − benchmark) daily returns (same rule)
};

struct BacktestResult {
  std::string name;
  std::string type;
  std::vector<std::string> weight_names;  ///< columns + "CASH"
  std::vector<Date> dates;                ///< from the start (first execution close) to the final date
  Vec nav_gross, nav_net, nav_benchmark;  ///< same length as dates; nav[0] = initial NAV after first costs
  Vec ret_gross, ret_net, ret_benchmark;  ///< daily; element 0 is NaN (start)
  Vec cash_returns;                       ///< f_t on the same dates
  Mat weights;                            ///< end-of-day drifted (after trades) weights, rows = dates
  std::vector<MonthRow> monthly;
  std::vector<DecisionRecord> decisions;
  std::vector<TradeRecord> trades;
  std::vector<FeeRecord> fees;
  std::vector<HoldingPeriod> holding_periods;
  double max_weight_sum_error = 0.0;      ///< max |Σw − 1| over all steps (asserted < 1e-12)
  double min_nav = kInf;                  ///< smallest gross/net NAV seen (asserted > 0)
  std::vector<std::string> flags;
  /// HOOK for the metrics suite (riskdial/metrics.hpp): filled by the caller once metrics exist; serialized
  /// as "metrics" (null until then).
  std::optional<nlohmann::json> metrics;
};

/// Run one strategy over the data. The benchmark NAV is rebased to the strategy's start.
/// Errors: strategy errors, invalid decisions (wrong size, Σw ≠ 1, negative weights, weight on an asset
/// without a price), invariant failures (Internal), a strategy that never becomes ready (InsufficientData).
Result<BacktestResult> run_backtest(const MarketData& data, Strategy& strategy, const BenchmarkSpec& benchmark,
                                    const EngineOptions& options, const std::string& name = "strategy");

/// JSON document of one result (schema: docs/scenario.md "Result"). NaN → null.
nlohmann::json backtest_result_to_json(const BacktestResult& result);

/// The weights of several results in long format (spec §5.6), as CSV text with the header
/// `date,strategy,asset,kind,weight` and one row per (date, asset) of every weight vector:
/// kind `target` (each decision's target, dated at the decision), `executed` (the post-trade weights of every
/// trade, in trade order, dated at the trade close) and `drifted` (end-of-day weights of every daily date).
/// Every asset of weight_names (CASH included) gets a row, zero weights too, so the table pivots back to the
/// wide matrices exactly. Weights are written in the shortest form that reads back to the same double.
/// Rows are ordered by strategy, then kind (target, executed, drifted), then date, then asset.
std::string weights_long_csv(const std::vector<BacktestResult>& results);

// ----------------------------------------------------------------------------------------------------------
// Helpers shared by strategies
// ----------------------------------------------------------------------------------------------------------

/// A fixed-weight mix (e.g. 60/40), rebalanced on its schedule. `weights` has size cols()+1 (CASH last).
/// Ready when every asset with a non-zero weight has a price; an asset without a price at a decision has its
/// weight moved to CASH (audit flag "missing_asset"). No triggers: uses_triggers() is false, so a subclass
/// that overrides check_trigger() must also override uses_triggers() to return true.
class StaticMixStrategy : public Strategy {
 public:
  StaticMixStrategy(Vec weights, Schedule schedule = {}, int execution_lag = 0)
      : w_(std::move(weights)), schedule_(std::move(schedule)), lag_(execution_lag) {}
  std::string type() const override { return "static"; }
  Schedule schedule() const override { return schedule_; }
  int execution_lag() const override { return lag_; }
  bool uses_triggers() const override { return false; }
  bool ready(const AsOfView& view) override;
  Result<Decision> decide(const DecisionInput& input) override;

 private:
  Vec w_;
  Schedule schedule_;
  int lag_;
};

/// Volatility-target overlay (spec §4.6.5) around any strategy: exposure e = min(σ_tgt/σ̂_p, e_max),
/// σ̂_p = sqrt(wᵀΣ̂w)·√P with Σ̂ the `lookback`-day sample covariance of daily returns of the held risky
/// assets, or (ewma_lambda set) their EWMA covariance over the same window (see ex_ante_volatility); risky
/// weights scaled by e, the rest to CASH. Audit adds "vt_exposure", "vt_sigma_ex_ante".
class VolTargetOverlay : public Strategy {
 public:
  VolTargetOverlay(std::unique_ptr<Strategy> inner, double target = 0.10, int lookback = 63,
                   double max_exposure = 1.0, double ewma_lambda = kNaN)
      : inner_(std::move(inner)), target_(target), lookback_(lookback), max_exposure_(max_exposure),
        ewma_lambda_(ewma_lambda) {}
  std::string type() const override { return inner_->type() + "+vol_target"; }
  Schedule schedule() const override { return inner_->schedule(); }
  int execution_lag() const override { return inner_->execution_lag(); }
  bool allow_short() const override { return inner_->allow_short(); }
  bool ready(const AsOfView& view) override { return inner_->ready(view); }
  std::optional<std::string> check_trigger(const AsOfView& view) override {
    return inner_->check_trigger(view);
  }
  bool uses_triggers() const override { return inner_->uses_triggers(); }
  Result<Decision> decide(const DecisionInput& input) override;

 private:
  std::unique_ptr<Strategy> inner_;
  double target_;
  int lookback_;
  double max_exposure_;
  double ewma_lambda_;  ///< NaN = sample covariance
};

/// Annualized ex-ante volatility sqrt(wᵀΣ̂w)·√P of a weight vector (size cols()+1; CASH ignored) with Σ̂ the
/// sample covariance (n−1) of the last `lookback` daily returns ending at view.last(). With `ewma_lambda` in
/// (0, 1): Σ̂ is the EWMA covariance of the same window as estimators.hpp's ewma_cov (not demeaned, weights
/// ω_k = (1−λ)λ^k/(1−λ^T), k = 0 the newest of the T = lookback returns). NaN if a held asset lacks
/// `lookback` valid returns.
double ex_ante_volatility(const AsOfView& view, const Vec& weights, int lookback, double ewma_lambda = kNaN);

}  // namespace riskdial
