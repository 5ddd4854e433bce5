#include "riskdial/report.hpp"

#include <cmath>

#include "metrics_json.hpp"

namespace riskdial {

namespace {

nlohmann::json num(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

const char* const kFactSheetKeys[] = {"last_month_return", "return_ytd",        "return_cumulative_1y",
                                      "return_cumulative_3y", "return_cumulative_5y", "return_cumulative",
                                      "pct_positive_months", "alpha_annualized",  "alpha_1y",
                                      "beta_1y",             "correlation_1y",    "ret_to_vol_1y",
                                      "max_drawdown"};

// Window suffixes of the annualized table: K-year keys end in "_Ky"; since inception has no suffix.
std::vector<std::pair<std::string, std::string>> windows(const MetricsOptions& o) {
  std::vector<std::pair<std::string, std::string>> w;
  for (int k : o.trailing_years) w.emplace_back(std::to_string(k) + "y", "_" + std::to_string(k) + "y");
  w.emplace_back("since_inception", "");
  return w;
}

}  // namespace

Result<nlohmann::json> backtest_report(const BacktestResult& r, MetricsOptions options) {
  options.periods_per_year = 12;
  if (auto e = validate_metrics_options(options)) return *e;
  // The fact sheet (cumulative) and the annualized table need both trailing displays; the embedded
  // reports get the requested one afterwards.
  const TrailingDisplay display = options.trailing_display;
  options.trailing_display = TrailingDisplay::Both;
  const Index n = static_cast<Index>(r.monthly.size());
  SeriesInput gross, net, bench;
  gross.returns.resize(n);
  net.returns.resize(n);
  bench.returns.resize(n);
  for (Index i = 0; i < n; ++i) {
    const MonthRow& m = r.monthly[static_cast<size_t>(i)];
    gross.dates.push_back(m.date);
    gross.returns(i) = m.gross;
    net.returns(i) = m.net;
    bench.returns(i) = m.benchmark;
  }
  net.dates = bench.dates = gross.dates;
  // The NAV starts at the first engine date (spec §1.5 calendar years count from it).
  if (!r.dates.empty() && n > 0 && r.dates.front() < gross.dates.front())
    gross.start_date = net.start_date = bench.start_date = r.dates.front();
  gross.benchmark = net.benchmark = bench.returns;

  auto rg = compute_metrics(gross, options);
  if (!rg) return rg.error();
  auto rn = compute_metrics(net, options);
  if (!rn) return rn.error();
  auto rb = compute_metrics(bench, options);
  if (!rb) return rb.error();

  nlohmann::json out;
  out["frequency"] = "monthly";
  out["periods_per_year"] = 12;
  out["first_month"] = n ? nlohmann::json(format_iso(gross.dates.front())) : nlohmann::json(nullptr);
  out["last_month"] = n ? nlohmann::json(format_iso(gross.dates.back())) : nlohmann::json(nullptr);
  auto shown = [&](const MetricsReport& m) {
    if (display == TrailingDisplay::Both) return detail::metrics_report_json(m);
    MetricsReport c = m;
    detail::apply_trailing_display(c, options.trailing_years, display);
    return detail::metrics_report_json(c);
  };
  out["gross"] = shown(*rg);
  out["net"] = shown(*rn);
  out["benchmark"] = shown(*rb);

  // Seed-000 fact-sheet block. The benchmark row has no relative keys (alpha/beta/correlation of the
  // benchmark against itself are 0/1/1 by definition and shown as such).
  nlohmann::json fs;
  fs["columns"] = nlohmann::json::array();
  for (const char* k : kFactSheetKeys) fs["columns"].push_back(k);
  auto row = [&](const std::string& name, const MetricsReport& m, bool is_benchmark) {
    nlohmann::json v = nlohmann::json::object();
    for (const char* k : kFactSheetKeys) {
      const std::string key = k;
      double x = m.get(key);
      if (is_benchmark) {
        if (key == "alpha_annualized" || key == "alpha_1y") x = 0.0;
        if (key == "beta_1y" || key == "correlation_1y") x = rg->n_relative >= 12 ? 1.0 : kNaN;
      }
      v[key] = num(x);
    }
    return nlohmann::json{{"name", name}, {"values", v}};
  };
  fs["rows"] = nlohmann::json::array({row("gross", *rg, false), row("net", *rn, false), row("benchmark", *rb, true)});
  nlohmann::json diff = nlohmann::json::object();
  for (const char* k : kFactSheetKeys) {
    const auto& a = fs["rows"][1]["values"][k];
    const auto& b = fs["rows"][2]["values"][k];
    diff[k] = a.is_number() && b.is_number() ? nlohmann::json(a.get<double>() - b.get<double>()) : nlohmann::json(nullptr);
  }
  fs["rows"].push_back({{"name", "net_minus_benchmark"}, {"values", diff}});
  out["fact_sheet"] = fs;

  // Seed-004 annualized table.
  nlohmann::json at;
  const auto w = windows(options);
  at["windows"] = nlohmann::json::array();
  for (const auto& x : w) at["windows"].push_back(x.first);
  auto table_row = [&](const std::string& name, const MetricsReport& m, const std::string& base) {
    nlohmann::json v = nlohmann::json::object();
    for (const auto& [label, suffix] : w) v[label] = num(m.get(base + suffix));
    return nlohmann::json{{"name", name}, {"values", v}};
  };
  at["rows"] = nlohmann::json::array({
      table_row("return_gross", *rg, "return_annualized"),
      table_row("return_net", *rn, "return_annualized"),
      table_row("return_benchmark", *rb, "return_annualized"),
      table_row("excess_net", *rn, "excess_return_annualized"),
      table_row("volatility_net", *rn, "volatility_annualized"),
      table_row("sharpe_net", *rn, "ret_to_vol"),
      table_row("tracking_error_net", *rn, "tracking_error"),
      table_row("information_ratio_net", *rn, "information_ratio"),
  });
  out["annualized_table"] = at;
  return out;
}

}  // namespace riskdial
