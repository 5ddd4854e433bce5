#include "convert.hpp"

#include <emscripten/val.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace riskdial::wasm {

using emscripten::typed_memory_view;

namespace {

Error bad_argument(const std::string& field, const std::string& message) {
  return make_error(ErrorCode::InvalidArgument, message, field);
}

bool is_instance(const val& v, const char* ctor) { return v.instanceof(val::global(ctor)); }

bool is_nullish(const val& v) { return v.isUndefined() || v.isNull(); }

// Copies the bytes of a Uint8Array into a std::string with one bulk TypedArray.set().
std::string bytes_from_js(const val& bytes) {
  const auto n = bytes["length"].as<std::size_t>();
  std::string out(n, '\0');
  if (n > 0) {
    val view(typed_memory_view(n, reinterpret_cast<unsigned char*>(out.data())));
    view.call<void>("set", bytes);
  }
  return out;
}

const char* kind_name(ValueKind k) { return k == ValueKind::Prices ? "prices" : "returns"; }

}  // namespace

val ok_outcome(val value) {
  val out = val::object();
  out.set("ok", true);
  out.set("value", value);
  return out;
}

val error_outcome(const Error& error) {
  val e = val::object();
  e.set("code", std::string(error_code_name(error.code)));
  e.set("message", error.message);
  e.set("file", error.source);
  e.set("row", error.row);
  e.set("column", error.column);
  val out = val::object();
  out.set("ok", false);
  out.set("error", e);
  return out;
}

Result<std::vector<SourceFile>> files_from_js(const val& files) {
  if (!files.isArray()) return bad_argument("files", "expected an array of {name, text}, got " +
                                                         files.typeOf().as<std::string>());
  const auto n = files["length"].as<std::size_t>();
  std::vector<SourceFile> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string field = "files[" + std::to_string(i) + "]";
    val f = files[i];
    if (f.typeOf().as<std::string>() != "object" || f.isNull())
      return bad_argument(field, "expected an object {name, text}");
    val name = f["name"];
    if (!name.isString()) return bad_argument(field + ".name", "expected a string");
    SourceFile file;
    file.name = name.as<std::string>();
    val text = f["text"];
    if (text.isString()) {
      file.text = text.as<std::string>();
    } else if (is_instance(text, "Uint8Array")) {
      file.text = bytes_from_js(text);
    } else if (is_instance(text, "ArrayBuffer")) {
      file.text = bytes_from_js(val::global("Uint8Array").new_(text));
    } else {
      return bad_argument(field + ".text", "expected a string, Uint8Array or ArrayBuffer");
    }
    out.push_back(std::move(file));
  }
  return out;
}

Result<ImportOptions> import_options_from_js(const val& options) {
  ImportOptions out;
  if (is_nullish(options)) return out;
  if (options.typeOf().as<std::string>() != "object")
    return bad_argument("options", "expected an object or undefined");
  val keys = val::global("Object").call<val>("keys", options);
  const auto n = keys["length"].as<std::size_t>();
  for (std::size_t i = 0; i < n; ++i) {
    const auto key = keys[i].as<std::string>();
    val v = options[key];
    if (is_nullish(v)) continue;
    auto str = [&]() -> std::string { return v.isString() ? v.as<std::string>() : std::string("?"); };
    if (key == "layout") {
      const auto s = str();
      if (s == "auto") out.layout = Layout::Auto;
      else if (s == "wide") out.layout = Layout::Wide;
      else if (s == "long") out.layout = Layout::Long;
      else return bad_argument("options.layout", "expected 'auto', 'wide' or 'long', got '" + s + "'");
    } else if (key == "dateOrder") {
      const auto s = str();
      if (s == "auto") out.date_order = DateOrder::Auto;
      else if (s == "ymd") out.date_order = DateOrder::Ymd;
      else if (s == "mdy") out.date_order = DateOrder::Mdy;
      else if (s == "dmy") out.date_order = DateOrder::Dmy;
      else return bad_argument("options.dateOrder", "expected 'auto', 'ymd', 'mdy' or 'dmy', got '" + s + "'");
    } else if (key == "kind") {
      const auto s = str();
      if (s == "auto") out.kind = KindHint::Auto;
      else if (s == "prices") out.kind = KindHint::Prices;
      else if (s == "returns") out.kind = KindHint::Returns;
      else return bad_argument("options.kind", "expected 'auto', 'prices' or 'returns', got '" + s + "'");
    } else if (key == "maxBytes" || key == "maxFfillDays") {
      const double d = v.isNumber() ? v.as<double>() : -1.0;
      const double hi = key == "maxBytes" ? 4294967295.0 : 100000.0;
      if (!(d >= 0 && d <= hi) || std::floor(d) != d)
        return bad_argument("options." + key, "expected a whole number between 0 and " +
                                                  std::to_string(static_cast<long long>(hi)));
      if (key == "maxBytes") out.max_bytes = static_cast<std::size_t>(d);
      else out.max_ffill_days = static_cast<int>(d);
    } else {
      return bad_argument("options." + key, "unknown import option '" + key +
                                                "' (known: layout, dateOrder, kind, maxBytes, maxFfillDays)");
    }
  }
  return out;
}

val import_options_to_js(const ImportOptions& o) {
  val out = val::object();
  const char* layouts[] = {"auto", "wide", "long"};
  const char* orders[] = {"auto", "ymd", "mdy", "dmy"};
  const char* kinds[] = {"auto", "prices", "returns"};
  out.set("layout", std::string(layouts[static_cast<int>(o.layout)]));
  out.set("dateOrder", std::string(orders[static_cast<int>(o.date_order)]));
  out.set("kind", std::string(kinds[static_cast<int>(o.kind)]));
  out.set("maxBytes", static_cast<double>(o.max_bytes));
  out.set("maxFfillDays", o.max_ffill_days);
  return out;
}

val panel_to_js(const Panel& p) {
  val out = val::object();
  const auto rows = static_cast<std::size_t>(p.values.rows());
  const auto cols = static_cast<std::size_t>(p.values.cols());
  out.set("dates", val::global("Int32Array").new_(typed_memory_view(p.dates.size(), p.dates.data())));
  val names = val::array();
  for (const auto& n : p.names) names.call<void>("push", n);
  out.set("names", names);
  out.set("values", val::global("Float64Array").new_(typed_memory_view(rows * cols, p.values.data())));
  out.set("rows", static_cast<double>(rows));
  out.set("cols", static_cast<double>(cols));
  out.set("kind", std::string(kind_name(p.kind)));
  out.set("frequency", std::string(frequency_name(p.frequency)));
  return out;
}

Result<Panel> panel_from_js(const val& v) {
  if (v.typeOf().as<std::string>() != "object" || v.isNull()) return bad_argument("panel", "expected an object");
  Panel p;
  val dates = v["dates"], names = v["names"], values = v["values"];
  if (!is_instance(dates, "Int32Array")) return bad_argument("panel.dates", "expected an Int32Array");
  if (!names.isArray()) return bad_argument("panel.names", "expected an array of strings");
  if (!is_instance(values, "Float64Array")) return bad_argument("panel.values", "expected a Float64Array");
  p.dates = emscripten::convertJSArrayToNumberVector<Date>(dates);
  const auto cols = names["length"].as<std::size_t>();
  for (std::size_t j = 0; j < cols; ++j) {
    if (!names[j].isString()) return bad_argument("panel.names", "expected an array of strings");
    p.names.push_back(names[j].as<std::string>());
  }
  const auto rows = p.dates.size();
  const auto n = values["length"].as<std::size_t>();
  if (n != rows * cols)
    return bad_argument("panel.values", "expected " + std::to_string(rows) + " × " + std::to_string(cols) +
                                            " = " + std::to_string(rows * cols) + " values, got " +
                                            std::to_string(n));
  for (std::size_t i = 1; i < rows; ++i)
    if (p.dates[i] <= p.dates[i - 1]) return bad_argument("panel.dates", "expected strictly increasing dates");
  p.values.resize(static_cast<Index>(rows), static_cast<Index>(cols));
  if (n > 0) {
    val view(typed_memory_view(n, p.values.data()));
    view.call<void>("set", values);
  }
  const std::string kind = v["kind"].isString() ? v["kind"].as<std::string>() : "";
  if (kind == "prices") p.kind = ValueKind::Prices;
  else if (kind == "returns") p.kind = ValueKind::Returns;
  else return bad_argument("panel.kind", "expected 'prices' or 'returns'");
  const std::string freq = v["frequency"].isString() ? v["frequency"].as<std::string>() : "";
  bool found = false;
  for (auto f : {Frequency::Daily, Frequency::Weekly, Frequency::Monthly, Frequency::Quarterly, Frequency::Annual,
                 Frequency::Irregular}) {
    if (freq == frequency_name(f)) {
      p.frequency = f;
      found = true;
    }
  }
  if (!found) return bad_argument("panel.frequency", "expected daily, weekly, monthly, quarterly, annual or irregular");
  return p;
}

Result<val> json_to_js(const std::string& json) {
  if (!nlohmann::json::accept(json))
    return make_error(ErrorCode::Internal, "engine produced invalid JSON (" + std::to_string(json.size()) + " bytes)");
  return val::global("JSON").call<val>("parse", json);
}

Result<std::string> json_from_js(const val& document, const char* what) {
  if (document.isString()) return document.as<std::string>();
  if (document.typeOf().as<std::string>() == "object" && !document.isNull())
    return val::global("JSON").call<std::string>("stringify", document);
  return bad_argument(what, "expected a JSON document (object or string)");
}

}  // namespace riskdial::wasm
