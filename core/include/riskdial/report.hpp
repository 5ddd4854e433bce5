// riskdial/report.hpp — the metric tables of a backtest result (spec §2.0, §5.6): the full metrics suite on
// the strategy's MONTHLY gross and net returns against its benchmark (P = 12, monthly returns derived from the
// daily NAV as r_m = NAV(last master date of m)/NAV(previous month-end) − 1), plus the two newsletter tables:
//  * the seed-000 fact-sheet block: last month, YTD, 1/3/5-year CUMULATIVE, cumulative since inception,
//    % positive months, alpha since inception (annualized, options.alpha_convention), 12-month alpha, beta,
//    correlation and return/volatility, max drawdown — rows gross, net, benchmark and net − benchmark;
//  * the seed-004 annualized table: 1/3/5/10-year and since-inception ANNUALIZED returns gross, net and
//    benchmark, excess (net − benchmark), volatility, Sharpe ignoring the risk-free rate (return/volatility),
//    tracking error and information ratio (net vs benchmark).
// Undefined values (e.g. a 10-year figure on 6 years of data) are JSON null; the full reports carry the flags.
#pragma once

#include <nlohmann/json.hpp>

#include "riskdial/backtest.hpp"
#include "riskdial/metrics.hpp"

namespace riskdial {

/// {"frequency": "monthly", "periods_per_year": 12, "first_month", "last_month", "gross", "net", "benchmark",
/// "fact_sheet": {"columns": [...], "rows": [{"name", "values": {...}}]}, "annualized_table": {"windows": [...],
/// "rows": [{"name", "values": {window: x}}]}}. `options.periods_per_year` is forced to 12. Errors only for
/// invalid options.
Result<nlohmann::json> backtest_report(const BacktestResult& result, MetricsOptions options);

}  // namespace riskdial
