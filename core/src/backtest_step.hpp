// Private: the holding-day steps of the backtest loop (run_backtest in backtest.cpp), out of line, and the
// quiet-day loop that runs the rows needing nothing else (most rows of a month-end or biweekly strategy).
//
// The loops are short (the held assets, the benchmark components) and run every day. This TU has no throw,
// no try/catch and no JSON, so it is compiled without exception support in WASM (core/CMakeLists.txt): no
// call from here goes through a JS invoke_* trampoline. Same terms in the same order as the full loop body.
#pragma once

#include <vector>

#include "riskdial/backtest.hpp"

namespace riskdial::detail {

// noexcept: run_backtest (exception-enabled) calls these every holding day; in WASM a call that may throw,
// from a frame with destructors, would go through a JS invoke_* trampoline each time.

/// Drift at row r: the portfolio return rp = w_CASH·cash_r + Σ_{held, w≠0} w_i·r_i (in that order); the
/// weights w (size m+1, CASH at m) and each sleeve vector in `hs` drift and are renormalized by 1/(1+rp).
/// Returns rp.
double drift_portfolio(const MarketData& md, Index r, const std::vector<Index>& held, Vec& w,
                       std::vector<Vec>& hs) noexcept;

/// Benchmark at row r: components `columns` (−1 = CASH) with drifting weights bw; a missing component
/// return counts as 0 (and increments `missing`). `scratch` (size of bw) receives the component returns.
/// Returns the benchmark return rb; bw drifts to the close.
double drift_benchmark(const MarketData& md, Index r, const std::vector<Index>& columns, Vec& bw, Vec& scratch,
                       int& missing) noexcept;

/// Tolerance of the weight-sum invariant (§5.3) and of the decision checks: |Σw − 1| < kWeightSumTol.
inline constexpr double kWeightSumTol = 1e-12;

/// The state that run_backtest's daily loop carries from row to row, owned by run_backtest (which refers to
/// the members under their own local names) so that the quiet-day loop below can advance it out of line.
struct LoopState {
  Vec w;                    ///< weights at the close (size m+1, CASH at m)
  std::vector<Index> held;  ///< columns with w ≠ 0, ascending (rebuilt after every trade)
  std::vector<Vec> hs;      ///< sleeve holdings (SleeveRebalance::MonthEnd), Σ_s hs[s] = w; else empty
  double nav_g = 0.0, nav_n = 0.0, nav_b = 0.0;  ///< gross, net and benchmark NAV
  Vec bw;                   ///< drifting benchmark weights
  Vec brs;                  ///< scratch: benchmark component returns of the row
  int bench_missing = 0;    ///< benchmark component returns treated as 0
  double max_err = 0.0;     ///< largest |Σw − 1| seen
  double min_nav = 0.0;     ///< smallest gross or net NAV seen
  // Recorded series, one entry (column of weights_eod) per recorded date; reserved for every row, so that
  // recording never reallocates.
  std::vector<Date> dates;
  std::vector<double> vg, vn, vb, vc;
  Mat weights_eod;  ///< (m+1) × rows from the first ready row
};

/// Invariants (§5.3) at the close: |Σw − 1| < kWeightSumTol, both NAVs > 0 and, unless `allow_short`, no
/// weight below −kWeightSumTol. Σw is summed over the held columns and CASH in column order (the other
/// entries are exactly 0): the same value as a sequential sum over all columns. Updates max_err and min_nav.
bool invariants_hold(LoopState& s, bool allow_short) noexcept;

/// Records row r (NAVs, the cash return, the weights at the close) as the next recorded date.
void record_day(LoopState& s, const MarketData& md, Index r) noexcept;

/// What the quiet-day loop needs besides the state (fixed for the run, or for the stretch of rows).
struct QuietDayRules {
  const char* scheduled = nullptr;  ///< per row: a scheduled decision date; nullptr = no scheduled dates left
  bool bench_daily = false;         ///< BenchmarkRebalance::Daily: bw = *bw_target after every row
  const Vec* bw_target = nullptr;   ///< benchmark target weights
  bool allow_short = false;
};

/// Where the quiet-day loop stopped: the first row it did not complete, and whether that row failed the
/// invariants (it was then drifted, and run_backtest reports the failure for that row).
struct QuietDayStop {
  Index row = 0;
  bool invariant_failed = false;
};

/// Runs rows r = begin, begin+1, … < end that are "quiet", i.e. need nothing but the holding-day step
/// (drift, benchmark drift, daily benchmark rebalance, invariants, recording), exactly as run_backtest's
/// full loop body would run them. A row is quiet unless it is scheduled (rules.scheduled), a month end
/// (fee, sleeve reset, month-end benchmark rebalance) or a held asset lost its price (delisting). The caller
/// guarantees the rest: the strategy has started before `begin`, it has no triggers, and no execution is due
/// before `end`. Stops at the first row that is not quiet (left untouched for the full loop body) or fails
/// the invariants.
QuietDayStop run_quiet_days(LoopState& s, const MarketData& md, const std::vector<Index>& bench_columns,
                            Index begin, Index end, const QuietDayRules& rules) noexcept;

}  // namespace riskdial::detail
