// Private: the metrics report as a JSON value (metrics_json.cpp), for callers that embed it in a larger
// document without a dump/parse round trip (report.cpp). Never included by wasm/.
#pragma once

#include <nlohmann/json.hpp>

#include "riskdial/metrics.hpp"

namespace riskdial::detail {

/// The same document as metrics_to_json(report), as an insertion-ordered JSON value.
/// The report document with sorted keys (as embedded in result documents).
nlohmann::json metrics_report_json(const MetricsReport& report);

/// Drop the trailing-window return keys (and their flags) that `display` does not ask for
/// (compute_metrics does it; backtest_report builds its fixed tables first). Defined in metrics_report.cpp.
void apply_trailing_display(MetricsReport& rep, const std::vector<int>& trailing_years, TrailingDisplay display);

}  // namespace riskdial::detail
