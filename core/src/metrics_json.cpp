// JSON serializers of the metrics suite (shared by the CLI and the WASM bindings).
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "riskdial/metrics.hpp"
#include "metrics_json.hpp"

namespace riskdial {

namespace {

using Json = nlohmann::ordered_json;

template <class J>
J num(double v) {
  return std::isfinite(v) ? J(v) : J(nullptr);
}

// Arrays are filled as a reserved array_t (J::push_back checks the type and may reallocate per element).
template <class J>
J values_array(const Vec& v) {
  typename J::array_t a;
  a.reserve(static_cast<size_t>(v.size()));
  for (Index i = 0; i < v.size(); ++i) a.emplace_back(num<J>(v[i]));
  return a;
}

// ISO strings of a report's dates, each formatted once: the rolling series repeat (suffixes of) the report's
// dates, so a document would otherwise format every date up to eight times.
class DateText {
 public:
  explicit DateText(const std::vector<Date>& sorted) : dates_(sorted), text_(sorted.size()) {}
  const std::string& operator()(Date d) {
    const auto it = std::lower_bound(dates_.begin(), dates_.end(), d);
    if (it == dates_.end() || *it != d) return other_ = format_iso(d);
    std::string& t = text_[static_cast<size_t>(it - dates_.begin())];
    if (t.empty()) t = format_iso(d);
    return t;
  }

 private:
  const std::vector<Date>& dates_;
  std::vector<std::string> text_;
  std::string other_;
};

template <class J>
J dates_array(const std::vector<Date>& d, DateText& text) {
  typename J::array_t a;
  a.reserve(d.size());
  for (Date x : d) a.emplace_back(text(x));
  return a;
}

// The report document in key insertion order (ordered_json: the CLI's `metrics`) or sorted (json: embedded in
// result documents, which are sorted anyway; built directly instead of converting an ordered_json copy).
template <class J>
J report_json(const MetricsReport& r) {
  J j;
  j["periods_per_year"] = r.periods_per_year;
  j["n_periods"] = r.n_periods;
  j["n_relative"] = r.n_relative;
  j["first_date"] = r.n_periods > 0 ? J(format_iso(r.first_date)) : J(nullptr);
  j["last_date"] = r.n_periods > 0 ? J(format_iso(r.last_date)) : J(nullptr);
  // Non-default options that change what keys mean (docs/metrics.md "Output document").
  if (r.year_basis != YearBasis::Periods) j["year_basis"] = year_basis_name(r.year_basis);
  if (r.var_horizon_periods != 1) j["var_horizon_periods"] = r.var_horizon_periods;
  if (r.trailing_display != TrailingDisplay::Both) j["trailing_display"] = trailing_display_name(r.trailing_display);
  if (r.inception_date) j["inception_date"] = format_iso(*r.inception_date);
  J m = J::object();
  for (const auto& [k, v] : r.metrics) m[k] = num<J>(v);
  j["metrics"] = std::move(m);
  std::set<std::string> all;
  J by = J::object();
  for (const auto& [k, fl] : r.flags) {
    for (const auto& f : fl) all.insert(f);
    by[k.empty() ? "series" : k] = fl;
  }
  j["flags"] = J(std::vector<std::string>(all.begin(), all.end()));
  j["flags_by_metric"] = std::move(by);
  J dd = J::array();
  const auto& dates = r.used_dates;
  DateText text(dates);
  for (const auto& e : r.drawdowns) {
    J o;
    o["from"] = text(dates[static_cast<size_t>(e.from)]);
    o["trough"] = text(dates[static_cast<size_t>(e.trough)]);
    o["to"] = e.recovered ? J(text(dates[static_cast<size_t>(e.to)])) : J(nullptr);
    o["depth"] = e.depth;
    o["length"] = e.length;
    o["to_trough"] = e.to_trough;
    o["recovery"] = e.recovery;
    o["recovered"] = e.recovered;
    dd.push_back(std::move(o));
  }
  j["drawdowns"] = std::move(dd);
  J cal = J::object();
  for (const auto& y : r.calendar) {
    J o;
    J ms = J::array();
    for (double v : y.months) ms.push_back(num<J>(v));
    o["months"] = std::move(ms);
    o["year"] = num<J>(y.total);
    o["partial"] = y.partial;
    cal[std::to_string(y.year)] = std::move(o);
  }
  j["calendar_returns"] = std::move(cal);
  J roll = J::object();
  for (const auto& s : r.rolling) {
    J o;
    o["window"] = s.window;
    o["dates"] = dates_array<J>(s.dates, text);
    o["values"] = values_array<J>(s.values);
    roll[s.key] = std::move(o);
  }
  j["rolling"] = std::move(roll);
  if (!r.series.empty()) {
    J s;
    s["dates"] = dates_array<J>(r.series.front().dates, text);
    for (const auto& x : r.series) s[x.key] = values_array<J>(x.values);
    j["series"] = std::move(s);
  }
  return j;
}

}  // namespace

std::string metrics_to_json(const MetricsReport& report) { return report_json<Json>(report).dump(); }

nlohmann::json detail::metrics_report_json(const MetricsReport& report) {
  return report_json<nlohmann::json>(report);
}

std::string panel_metrics_to_json(const PanelMetricsResult& res) {
  Json j;
  j["periods_per_year"] = res.periods_per_year;
  j["frequency"] = res.frequency;
  if (res.benchmark) {
    Json b = report_json<Json>(*res.benchmark);
    b["name"] = res.benchmark_name;
    j["benchmark"] = std::move(b);
  } else {
    j["benchmark"] = nullptr;
  }
  Json cols = Json::object();
  for (const auto& c : res.columns) {
    Json o = report_json<Json>(c.gross);
    if (c.net) o["net"] = report_json<Json>(*c.net);
    cols[c.name] = std::move(o);
  }
  j["columns"] = std::move(cols);
  return j.dump();
}

}  // namespace riskdial
