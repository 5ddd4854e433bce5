// Private: the metrics report as a JSON value (metrics_json.cpp), for callers that embed it in a larger
// document without a dump/parse round trip (report.cpp). Never included by wasm/.
#pragma once

#include <nlohmann/json.hpp>

#include "riskdial/metrics.hpp"

namespace riskdial::detail {

/// The same document as metrics_to_json(report), as an insertion-ordered JSON value.
nlohmann::ordered_json metrics_report_json(const MetricsReport& report);

}  // namespace riskdial::detail
