// wasm/convert.hpp — conversions between JS values and engine types, and the Outcome wrapper.
//
// Only translation lives here: no finance, no defaults (those stay in core's Settings/Options structs).
// Every export of the module returns an Outcome, a plain JS object
//   {ok: true, value} | {ok: false, error: {code, message, file, row, column}}
// built by ok_outcome()/error_outcome(). guard() runs an export body and turns any C++ exception that core
// or a conversion might still raise (std::bad_alloc, a bug) into an `internal` error Outcome, so no
// exception ever crosses into JS (in emscripten 3.1.6 that leaks stack and heap on every throw).
#pragma once

#include <emscripten/val.h>

#include <exception>
#include <new>
#include <string>
#include <vector>

#include "riskdial/csv.hpp"
#include "riskdial/error.hpp"
#include "riskdial/panel.hpp"

namespace riskdial::wasm {

using emscripten::val;

/// {ok: true, value}
val ok_outcome(val value);
/// {ok: false, error: {code: error_code_name(code), message, file: source, row, column}}
val error_outcome(const Error& error);

/// Runs `body` (which returns an Outcome) and converts escaping C++ exceptions into an error Outcome.
template <class F>
val guard(F&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return error_outcome(make_error(ErrorCode::Internal, "out of memory in the engine"));
  } catch (const std::exception& e) {
    return error_outcome(make_error(ErrorCode::Internal, std::string("unexpected engine exception: ") + e.what()));
  } catch (...) {
    return error_outcome(make_error(ErrorCode::Internal, "unexpected engine exception"));
  }
}

/// Shorthand for an export body: Result<T> → Outcome using `to_js` for the value.
template <class T, class ToJs>
val outcome_from(const Result<T>& result, ToJs&& to_js) {
  if (!result) return error_outcome(result.error());
  return ok_outcome(to_js(result.value()));
}

/// [{name: string, text: string | Uint8Array | ArrayBuffer}] → files (bytes are copied; strings as UTF-8).
Result<std::vector<SourceFile>> files_from_js(const val& files);
/// {layout?, dateOrder?, kind?, maxBytes?, maxFfillDays?} (undefined/null = all defaults) → ImportOptions.
/// Unknown keys and values are rejected (invalid_argument naming the key).
Result<ImportOptions> import_options_from_js(const val& options);
/// The defaults of ImportOptions, with the same keys import_options_from_js accepts.
val import_options_to_js(const ImportOptions& options);

/// Panel → {dates: Int32Array, names: string[], values: Float64Array (column-major), rows, cols, kind,
/// frequency}. The arrays are copies (they stay valid when wasm memory grows).
val panel_to_js(const Panel& panel);
/// The inverse of panel_to_js; sizes are checked (invalid_argument naming the field).
Result<Panel> panel_from_js(const val& panel);

/// A JSON document produced by a core serializer → a JS object (JSON.parse). Invalid JSON (a bug) gives
/// an `internal` error instead of a JS exception.
Result<val> json_to_js(const std::string& json);
/// A JS object (JSON.stringify) or a string passed through → JSON text for a core parser.
Result<std::string> json_from_js(const val& document, const char* what);

}  // namespace riskdial::wasm
