// riskdial metrics FILE [options] — the metrics suite for every column of a CSV (docs/metrics.md).
#include <cmath>
#include <cstdio>
#include <sstream>

#include "cli_util.hpp"
#include "commands.hpp"
#include "riskdial/metrics.hpp"
#include "riskdial/transform.hpp"

namespace riskdial::cli {

namespace {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, ','))
    if (!cur.empty()) out.push_back(cur);
  return out;
}

Result<bool> parse_bool(const std::string& key, const std::string& v) {
  if (v == "true" || v == "1" || v.empty()) return true;
  if (v == "false" || v == "0") return false;
  return make_error(ErrorCode::InvalidArgument, "--" + key + ": expected true or false, got '" + v + "'");
}

}  // namespace

int cmd_metrics(int argc, char** argv) {
  const std::vector<std::string> flags = {"burke-pa-compat", "ulcer-pa208-compat", "no-rolling", "no-series"};
  const Args args = parse_args(argc, argv, 2, flags);
  if (auto e = check_known(args, {"kind", "benchmark", "rf", "rf-column", "periods-per-year", "mar", "fee",
                                  "columns", "p", "omega-threshold", "es-operational", "modified-sharpe-p",
                                  "starr-p", "starr-method", "sterling-excess", "calmar-window-months",
                                  "burke-pa-compat", "ulcer-pa208-compat", "pa-version", "alpha-convention",
                                  "capture-method", "rf-deannualize", "trailing-years", "rolling-excess-years",
                                  "rolling-months", "drawdown-count", "no-rolling", "no-series", "year-basis",
                                  "var-horizon-periods", "trailing-display", "inception-anchor"}))
    return fail(*e);
  if (args.positional.size() != 1)
    return fail(make_error(ErrorCode::InvalidArgument, "usage: riskdial metrics FILE [options]"));
  if (args.has("rf") && args.has("rf-column"))
    return fail(make_error(ErrorCode::InvalidArgument, "--rf and --rf-column are mutually exclusive"));

  PanelMetricsRequest req;
  MetricsOptions& o = req.options;
  auto num = [&](const char* key, double& dst) -> std::optional<Error> {
    if (auto v = args.get(key)) {
      auto d = parse_double_option(key, *v);
      if (!d) return d.error();
      dst = *d;
    }
    return std::nullopt;
  };
  auto integer = [&](const char* key, int& dst) -> std::optional<Error> {
    double d = dst;
    if (auto e = num(key, d)) return e;
    if (d != std::floor(d) || std::fabs(d) > 1e6)
      return make_error(ErrorCode::InvalidArgument, std::string("--") + key + ": expected an integer");
    dst = static_cast<int>(d);
    return std::nullopt;
  };
  auto int_list = [&](const char* key, std::vector<int>& dst) -> std::optional<Error> {
    if (auto v = args.get(key)) {
      dst.clear();
      for (const auto& s : split_list(*v)) {
        auto d = parse_double_option(key, s);
        if (!d || *d != std::floor(*d))
          return make_error(ErrorCode::InvalidArgument, std::string("--") + key + ": expected integers, got '" + s + "'");
        dst.push_back(static_cast<int>(*d));
      }
    }
    return std::nullopt;
  };
  auto method = [&](const char* key, TailMethod& dst) -> std::optional<Error> {
    if (auto v = args.get(key)) {
      if (*v == "historical") dst = TailMethod::Historical;
      else if (*v == "gaussian") dst = TailMethod::Gaussian;
      else if (*v == "modified") dst = TailMethod::Modified;
      else
        return make_error(ErrorCode::InvalidArgument,
                          std::string("--") + key + ": expected historical|gaussian|modified, got '" + *v + "'");
    }
    return std::nullopt;
  };
  std::optional<Error> err;
  double fee = 0.0;
  if (!err) err = num("rf", o.rf_annual);
  if (!err) err = num("mar", o.mar_annual);
  if (!err) err = num("omega-threshold", o.omega_threshold_annual);
  if (!err) err = num("modified-sharpe-p", o.modified_sharpe_p);
  if (!err) err = num("starr-p", o.starr_p);
  if (!err) err = num("sterling-excess", o.sterling_excess);
  if (!err) err = num("fee", fee);
  if (!err) err = integer("periods-per-year", o.periods_per_year);
  if (!err) err = integer("calmar-window-months", o.calmar_window_months);
  if (!err) err = integer("rolling-months", o.rolling_months);
  if (!err) err = integer("drawdown-count", o.drawdown_count);
  if (!err) err = integer("var-horizon-periods", o.var_horizon_periods);
  if (!err) err = int_list("trailing-years", o.trailing_years);
  if (!err) err = int_list("rolling-excess-years", o.rolling_excess_years);
  if (!err) err = method("starr-method", o.starr_method);
  if (err) return fail(*err);
  if (args.has("periods-per-year") && o.periods_per_year == 0)
    return fail(make_error(ErrorCode::InvalidArgument, "--periods-per-year: expected 1..366"));
  if (args.has("fee")) req.fee_annual = fee;
  if (auto v = args.get("p")) {
    o.tail_levels.clear();
    for (const auto& s : split_list(*v)) {
      auto d = parse_double_option("p", s);
      if (!d) return fail(d.error());
      o.tail_levels.push_back(*d);
    }
  }
  if (auto v = args.get("es-operational")) {
    auto b = parse_bool("es-operational", *v);
    if (!b) return fail(b.error());
    o.es_operational = *b;
  }
  o.burke_pa_compat = args.has("burke-pa-compat");
  o.ulcer_pa208_compat = args.has("ulcer-pa208-compat");
  o.compute_rolling = !args.has("no-rolling");
  o.compute_series = !args.has("no-series");
  if (auto v = args.get("pa-version")) {
    if (*v == "2.1.0") o.pa_version = PaVersion::V2_1_0;
    else if (*v == "2.0.8") o.pa_version = PaVersion::V2_0_8;
    else return fail(make_error(ErrorCode::InvalidArgument, "--pa-version: expected 2.1.0 or 2.0.8, got '" + *v + "'"));
  }
  if (auto v = args.get("alpha-convention")) {
    if (*v == "ols_compound") o.alpha_convention = AlphaConvention::OlsCompound;
    else if (*v == "ols_linear") o.alpha_convention = AlphaConvention::OlsLinear;
    else if (*v == "return_minus_beta") o.alpha_convention = AlphaConvention::ReturnMinusBeta;
    else
      return fail(make_error(ErrorCode::InvalidArgument,
                             "--alpha-convention: expected ols_compound|ols_linear|return_minus_beta, got '" + *v + "'"));
  }
  if (auto v = args.get("capture-method")) {
    if (*v == "pa_arithmetic") o.capture_method = CaptureMethod::PaArithmetic;
    else if (*v == "pa_geometric") o.capture_method = CaptureMethod::PaGeometric;
    else if (*v == "morningstar_geometric") o.capture_method = CaptureMethod::MorningstarGeometric;
    else
      return fail(make_error(ErrorCode::InvalidArgument,
                             "--capture-method: expected pa_arithmetic|pa_geometric|morningstar_geometric, got '" + *v + "'"));
  }
  if (auto v = args.get("rf-deannualize")) {
    if (*v == "geometric") o.rf_deannualize = Deannualize::Geometric;
    else if (*v == "simple") o.rf_deannualize = Deannualize::Simple;
    else return fail(make_error(ErrorCode::InvalidArgument, "--rf-deannualize: expected geometric|simple, got '" + *v + "'"));
  }
  if (auto v = args.get("year-basis")) {
    const auto b = year_basis_from_name(*v);
    if (!b) return fail(make_error(ErrorCode::InvalidArgument, "--year-basis: expected periods|calendar, got '" + *v + "'"));
    o.year_basis = *b;
  }
  if (auto v = args.get("trailing-display")) {
    const auto d = trailing_display_from_name(*v);
    if (!d)
      return fail(make_error(ErrorCode::InvalidArgument,
                             "--trailing-display: expected cumulative|annualised|annualized|both, got '" + *v + "'"));
    o.trailing_display = *d;
  }
  if (auto v = args.get("inception-anchor")) {
    const auto d = parse_iso(*v);
    if (!d) return fail(make_error(ErrorCode::InvalidArgument, "--inception-anchor: expected a date YYYY-MM-DD, got '" + *v + "'"));
    o.inception_anchor = *d;
  }
  KindHint kind = KindHint::Auto;
  if (auto v = args.get("kind")) {
    if (*v == "returns") kind = KindHint::Returns;
    else if (*v == "prices") kind = KindHint::Prices;
    else if (*v != "auto")
      return fail(make_error(ErrorCode::InvalidArgument, "--kind: expected returns|prices|auto, got '" + *v + "'"));
  }
  if (auto v = args.get("benchmark")) req.benchmark = *v;
  if (auto v = args.get("rf-column")) req.rf_column = *v;
  if (auto v = args.get("columns")) req.columns = split_list(*v);
  if (auto e = validate_metrics_options(o)) return fail(*e);

  auto src = read_source(args.positional[0]);
  if (!src) return fail(src.error());
  ImportOptions iopt;
  iopt.kind = kind;
  auto imported = import_files({*src}, iopt);
  if (!imported) return fail(imported.error());
  Panel panel = std::move(imported->panel);
  if (kind == KindHint::Returns) panel.kind = ValueKind::Returns;
  if (kind == KindHint::Prices) panel.kind = ValueKind::Prices;
  if (panel.kind == ValueKind::Prices) panel = prices_to_returns(panel);

  auto res = compute_panel_metrics(panel, req);
  if (!res) {
    Error e = res.error();
    if (e.source.empty()) e.source = src->name;
    return fail(e);
  }
  const std::string out = panel_metrics_to_json(*res);
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}

}  // namespace riskdial::cli
