// Private: one holding day of the backtest loop (run_backtest in backtest.cpp), out of line.
//
// The loops are short (the held assets, the benchmark components) and run every day. In WASM, V8 runs them
// markedly slower inlined in run_backtest's very large body than as functions of their own, and this TU is
// compiled without exception support there (core/CMakeLists.txt). Same terms in the same order as before.
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

}  // namespace riskdial::detail
