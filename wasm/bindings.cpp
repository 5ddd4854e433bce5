// wasm/bindings.cpp — the embind registrations of the riskdial module. Registrations and calls only: every
// export converts its arguments (convert.hpp), calls one core function and returns an Outcome
// ({ok: true, value} | {ok: false, error}); guard() keeps every C++ exception on this side.
//
// Adding an export later (metrics, optimize, run scenario): write `val name_js(val input)` that does
//   guard([&] { auto doc = json_from_js(input, "scenario"); ...; return outcome_from(core_call(*doc), json_to_js_value); })
// register it below, and mirror it in riskdial.d.ts (tests/wasm checks that every declared name exists).
#include <emscripten.h>
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/stack.h>
#include <malloc.h>

#include "convert.hpp"
#include "riskdial/csv.hpp"
#include "riskdial/scenario.hpp"
#include "riskdial/transform.hpp"

#ifndef RISKDIAL_VERSION
#define RISKDIAL_VERSION "0.0.0"
#endif

namespace riskdial::wasm {
namespace {

val version_js() {
  return guard([] {
    val v = val::object();
    v.set("version", std::string(RISKDIAL_VERSION));
    v.set("compiler", std::string(__VERSION__));
#ifdef __wasm_simd128__
    v.set("simd", true);
#else
    v.set("simd", false);
#endif
    return ok_outcome(v);
  });
}

val default_import_options_js() {
  return guard([] { return ok_outcome(import_options_to_js(ImportOptions{})); });
}

val import_files_js(val files, val options) {
  return guard([&]() -> val {
    auto parsed_files = files_from_js(files);
    if (!parsed_files) return error_outcome(parsed_files.error());
    auto parsed_options = import_options_from_js(options);
    if (!parsed_options) return error_outcome(parsed_options.error());
    auto result = import_files(parsed_files.value(), parsed_options.value());
    if (!result) return error_outcome(result.error());
    auto report = json_to_js(result->report_json);
    if (!report) return error_outcome(report.error());
    val out = val::object();
    out.set("report", report.value());
    out.set("panel", panel_to_js(result->panel));
    return ok_outcome(out);
  });
}

val prices_to_returns_js(val panel) {
  return guard([&]() -> val {
    auto p = panel_from_js(panel);
    if (!p) return error_outcome(p.error());
    if (p->kind != ValueKind::Prices)
      return error_outcome(make_error(ErrorCode::InvalidArgument, "expected a panel of prices, got returns", "panel.kind"));
    return ok_outcome(panel_to_js(prices_to_returns(p.value())));
  });
}

val returns_to_wealth_js(val panel) {
  return guard([&]() -> val {
    auto p = panel_from_js(panel);
    if (!p) return error_outcome(p.error());
    if (p->kind != ValueKind::Returns)
      return error_outcome(make_error(ErrorCode::InvalidArgument, "expected a panel of returns, got prices", "panel.kind"));
    return ok_outcome(panel_to_js(returns_to_wealth(p.value())));
  });
}

// Parse and validate a scenario document (an object or JSON text) without data: {strategies: [names]}, or the
// parser's invalid_scenario error naming the field path ("strategies[1].tf_fusion").
val validate_scenario_js(val scenario) {
  return guard([&]() -> val {
    auto text = json_from_js(scenario, "scenario");
    if (!text) return error_outcome(text.error());
    auto sc = parse_scenario(text.value());
    if (!sc) return error_outcome(sc.error());
    val names = val::array();
    for (const auto& s : sc->strategies) names.call<void>("push", s.name);
    val out = val::object();
    out.set("strategies", names);
    return ok_outcome(out);
  });
}

// Run a scenario on an imported panel: the result document of `riskdial run` (scenario_result_to_json),
// parsed into an object.
val run_scenario_js(val scenario, val panel) {
  return guard([&]() -> val {
    auto text = json_from_js(scenario, "scenario");
    if (!text) return error_outcome(text.error());
    auto sc = parse_scenario(text.value());
    if (!sc) return error_outcome(sc.error());
    auto p = panel_from_js(panel);
    if (!p) return error_outcome(p.error());
    auto res = run_scenario(sc.value(), p.value());
    if (!res) return error_outcome(res.error());
    auto doc = json_to_js(scenario_result_to_json(res.value()));
    if (!doc) return error_outcome(doc.error());
    return ok_outcome(doc.value());
  });
}

// Diagnostics for the leak tests: bytes in use by malloc, the wasm memory size and the stack pointer.
val memory_usage_js() {
  return guard([] {
    const struct mallinfo info = mallinfo();
    val v = val::object();
    v.set("allocatedBytes", static_cast<double>(info.uordblks));
    v.set("heapBytes", static_cast<double>(emscripten_get_heap_size()));
    v.set("stackPointer", static_cast<double>(emscripten_stack_get_current()));
    return ok_outcome(v);
  });
}

}  // namespace
}  // namespace riskdial::wasm

EMSCRIPTEN_BINDINGS(riskdial) {
  using namespace riskdial::wasm;
  emscripten::function("version", &version_js);
  emscripten::function("defaultImportOptions", &default_import_options_js);
  emscripten::function("importFiles", &import_files_js);
  emscripten::function("pricesToReturns", &prices_to_returns_js);
  emscripten::function("returnsToWealth", &returns_to_wealth_js);
  emscripten::function("validateScenario", &validate_scenario_js);
  emscripten::function("runScenario", &run_scenario_js);
  emscripten::function("memoryUsage", &memory_usage_js);
}
