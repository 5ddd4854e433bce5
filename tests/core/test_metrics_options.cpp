// Metrics options of spec §6.1/§6.2 added to the suite: year_basis, var_horizon_periods, trailing_display,
// inception_anchor. Expected values are hand/numpy computations written out as literals (numpy 1.24,
// statistics.NormalDist for z; the scripts are in the comments), tolerance 1e-12 relative.
#include <catch2/catch.hpp>
#include <cmath>
#include <optional>
#include <nlohmann/json.hpp>

#include "riskdial/metrics.hpp"
#include "riskdial/scenario.hpp"

using namespace riskdial;
using Catch::Matchers::WithinRel;

namespace {

Date d(const char* s) { return *parse_iso(s); }

Vec vec(std::vector<double> v) { return Eigen::Map<Vec>(v.data(), static_cast<Index>(v.size())); }

// 14 month-ends 2023-01-31 .. 2024-02-29, a series and a benchmark.
std::vector<Date> dates14() {
  std::vector<Date> out;
  for (int i = 0; i < 14; ++i) {
    const int t = 2023 * 12 + i, y = t / 12, m = t % 12 + 1;
    out.push_back(date_from_ymd(y, m, days_in_month(y, m)));
  }
  return out;
}
const Vec r14 = vec({0.012, -0.004, 0.021, 0.007, -0.013, 0.018, 0.003, 0.009, -0.006, 0.015, 0.011, -0.002,
                     0.008, 0.004});
const Vec b14 = vec({0.010, 0.002, 0.015, -0.003, -0.008, 0.012, 0.006, 0.004, -0.010, 0.013, 0.007, 0.001,
                     0.005, -0.002});

/// The 14 month-ends of 2023–Feb 2024 with r14 against b14; `start` = the NAV date before the first return.
SeriesInput series14(std::optional<Date> start = std::nullopt) {
  SeriesInput in;
  in.dates = dates14();
  in.returns = r14;
  in.benchmark = b14;
  in.start_date = start;
  return in;
}

MetricsReport run(SeriesInput in, const MetricsOptions& o) {
  auto res = compute_metrics(in, o);
  INFO((res.ok() ? std::string() : res.error().message));
  REQUIRE(res.ok());
  return std::move(res).value();
}

bool has_key(const MetricsReport& r, const std::string& k) {
  for (const auto& kv : r.metrics)
    if (kv.first == k) return true;
  return false;
}

const DatedSeries* rolling(const MetricsReport& rep, const std::string& key) {
  for (const auto& s : rep.rolling)
    if (s.key == key) return &s;
  return nullptr;
}

const double kTol = 1e-12;

}  // namespace

TEST_CASE("year_basis calendar: three monthly returns with known dates", "[metrics][options]") {
  SeriesInput in;
  in.dates = {d("2024-01-31"), d("2024-02-29"), d("2024-03-31")};
  in.returns = vec({0.01, 0.02, -0.005});
  in.start_date = d("2023-12-31");
  MetricsOptions o;
  o.year_basis = YearBasis::Calendar;
  const auto rep = run(in, o);
  // 91 days from 2023-12-31 to 2024-03-31: years = 91/365.25; W = 1.01·1.02·0.995 = 1.025049.
  CHECK_THAT(rep.get("years"), WithinRel(91.0 / 365.25, kTol));
  CHECK_THAT(rep.get("return_annualized"), WithinRel(0.10439923256700667, kTol));  // W^(365.25/91) − 1
  CHECK_THAT(rep.get("return_annualized_arithmetic"), WithinRel(0.10034340659340658, kTol));  // Σr/years
  CHECK_THAT(rep.get("return_cumulative"), WithinRel(0.025049, kTol));  // not annualized: unchanged
  // Volatility keeps √P.
  const auto per = run(in, MetricsOptions());
  CHECK(rep.get("volatility_annualized") == per.get("volatility_annualized"));
  CHECK_THAT(per.get("return_annualized"), WithinRel(0.10402397632328664, kTol));  // W^(12/3) − 1
  CHECK(per.get("years") == 0.25);

  // Unknown first NAV date (returns input): first date − median spacing; spacings 29, 31 → 30 days,
  // NAV date 2024-01-01, 90 days.
  in.start_date.reset();
  const auto est = run(in, o);
  CHECK_THAT(est.get("years"), WithinRel(90.0 / 365.25, kTol));
  CHECK_THAT(est.get("return_annualized"), WithinRel(0.10561844402101217, kTol));

  // A start date on or after the first return date is an input error.
  in.start_date = d("2024-01-31");
  CHECK_FALSE(compute_metrics(in, o).ok());
}

TEST_CASE("year_basis calendar: trailing, relative, Calmar and rolling excess use calendar years",
          "[metrics][options]") {
  SeriesInput in = series14(d("2022-12-31"));
  MetricsOptions o;
  o.year_basis = YearBasis::Calendar;
  o.trailing_years = {1};
  o.rolling_excess_years = {1};
  const auto rep = run(in, o);
  // Since inception: 2022-12-31 → 2024-02-29 = 425 days.
  CHECK_THAT(rep.get("years"), WithinRel(425.0 / 365.25, kTol));
  CHECK_THAT(rep.get("return_annualized"), WithinRel(0.07315933766381844, kTol));
  CHECK_THAT(rep.get("benchmark_return_annualized"), WithinRel(0.04528025281500514, kTol));
  CHECK_THAT(rep.get("active_premium"), WithinRel(0.07315933766381844 - 0.04528025281500514, 1e-11));
  CHECK_THAT(rep.get("calmar_ratio"), WithinRel(5.627641358755307, 1e-11));  // r_ann / 1.3 %
  // Trailing 1 year: anchor 2023-02-28 (the row before the last 12) → 2024-02-29 = 366 days.
  CHECK_THAT(rep.get("return_annualized_1y"), WithinRel(0.07689793500685349, kTol));
  CHECK_THAT(rep.get("benchmark_return_annualized_1y"), WithinRel(0.04029052907658426, kTol));
  CHECK_THAT(rep.get("excess_return_annualized_1y"), WithinRel(0.03660740593026923, 1e-11));
  CHECK_THAT(rep.get("return_cumulative_1y"), WithinRel(0.07706177001554115, kTol));  // unchanged
  // Rolling 1-year excess: first point (2023-12-31) anchors on the start date (365 days), last on
  // 2023-02-28 (366 days).
  const DatedSeries* ex = rolling(rep, "rolling_excess_return_1y");
  REQUIRE(ex);
  REQUIRE(ex->values.size() == 3);
  CHECK_THAT(ex->values[0], WithinRel(0.02299478838959379, 1e-11));
  CHECK_THAT(ex->values[2], WithinRel(0.03660740593026923, 1e-11));
  // Per-period scalings are not year counts: unchanged.
  const auto per = run(in, [&] {
    MetricsOptions p = o;
    p.year_basis = YearBasis::Periods;
    return p;
  }());
  for (const char* k : {"volatility_annualized", "alpha_annualized", "tracking_error", "sharpe_annualized_arithmetic",
                        "sortino_ratio_annualized", "volatility_annualized_1y", "beta_1y"})
    CHECK(rep.get(k) == per.get(k));
  CHECK(rep.get("return_annualized") != per.get("return_annualized"));
}

TEST_CASE("var_horizon_periods: closed-form Gaussian / Cornish-Fisher and end-anchored blocks",
          "[metrics][options]") {
  // 22 monthly returns; numpy: μh, σ_pop·√h, S/√h, K/h; historical on compounded blocks of h rows
  // anchored at the last row (h = 3: rows 1..21, row 0 dropped; h = 5: rows 2..21).
  const Vec r = vec({0.031, -0.042, 0.015, -0.027, 0.008, -0.061, 0.022, 0.012, -0.019, 0.044, -0.035, 0.006,
                     -0.011, 0.027, -0.048, 0.018, 0.003, -0.024, 0.036, -0.009, 0.014, -0.031});
  SeriesInput in;
  for (int i = 0; i < 22; ++i) {
    const int t = 2015 * 12 + i, y = t / 12, m = t % 12 + 1;
    in.dates.push_back(date_from_ymd(y, m, days_in_month(y, m)));
  }
  in.returns = r;
  struct Case {
    int h;
    double p;
    double v[6];  // var hist, gauss, modified; es hist, gauss, modified
  };
  const Case cases[] = {
      {1, 0.95, {0.047700000000000034, 0.05029980525959671, 0.05310441483807768, 0.05449999999999999,
                 0.06225812759804442, 0.059969167125493876}},
      {3, 0.95, {0.049685400000000164, 0.09121383616874217, 0.09380106900890096, 0.053883990000000215,
                 0.11192625803221948, 0.11311720192247489}},
      {3, 0.99, {0.053044272000000205, 0.12499410713100145, 0.1267007970654302, 0.053883990000000215,
                 0.14179101634492672, 0.141733073827881}},
      {5, 0.95, {0.040279907815249684, 0.12139374625171037, 0.12391404734295142, 0.044664529949920095,
                 0.1481333678973337, 0.15021374049259542}},
      {5, 0.99, {0.043787605522986016, 0.16500388854077844, 0.16766129068722632, 0.044664529949920095,
                 0.18668860509187526, 0.18824061895518124}},
  };
  const auto base = run(in, MetricsOptions());
  for (const auto& c : cases) {
    MetricsOptions o;
    o.var_horizon_periods = c.h;
    o.tail_levels = {c.p};
    const auto rep = run(in, o);
    const std::string s = c.p == 0.95 ? "95" : "99";
    INFO("h = " << c.h << ", p = " << c.p);
    const char* keys[] = {"var_historical_", "var_gaussian_", "var_modified_",
                          "es_historical_",  "es_gaussian_",  "es_modified_"};
    for (int i = 0; i < 6; ++i) CHECK_THAT(rep.get(keys[i] + s), WithinRel(c.v[i], 1e-11));
    // Modified Sharpe / STARR stay one-period ratios (spec §2.3/§2.5).
    for (const char* k : {"sharpe_modified_var_95", "sharpe_modified_es_95", "starr_95"})
      CHECK(rep.get(k) == base.get(k));
  }
  // Too few blocks for the historical estimate: n = 5, h = 3 → one block → null + insufficient_data;
  // Gaussian only needs n ≥ 2 observations.
  SeriesInput s5 = in;
  s5.dates.resize(5);
  s5.returns = r.head(5);
  MetricsOptions o;
  o.var_horizon_periods = 3;
  const auto rep = run(s5, o);
  CHECK(std::isnan(rep.get("var_historical_95")));
  CHECK(rep.has_flag("var_historical_95", "insufficient_data"));
  CHECK(std::isnan(rep.get("es_historical_95")));
  CHECK(std::isfinite(rep.get("var_gaussian_95")));
  // Range 1..252.
  o.var_horizon_periods = 0;
  CHECK(validate_metrics_options(o).has_value());
  o.var_horizon_periods = 253;
  CHECK(validate_metrics_options(o).has_value());
  o.var_horizon_periods = 252;
  CHECK_FALSE(validate_metrics_options(o).has_value());
}

TEST_CASE("trailing_display selects the trailing return keys", "[metrics][options]") {
  SeriesInput in = series14();
  MetricsOptions o;
  o.trailing_years = {1};
  const auto both = run(in, o);
  const char* cumulative[] = {"return_cumulative_1y"};
  const char* annualized[] = {"return_annualized_1y", "benchmark_return_annualized_1y", "excess_return_annualized_1y"};
  const char* always[] = {"volatility_annualized_1y", "ret_to_vol_1y", "tracking_error_1y", "information_ratio_1y",
                          "beta_1y", "correlation_1y", "alpha_1y", "return_cumulative", "return_annualized"};
  for (const char* k : cumulative) CHECK(has_key(both, k));
  for (const char* k : annualized) CHECK(has_key(both, k));
  REQUIRE(trailing_display_from_name("annualised") == TrailingDisplay::Annualized);
  REQUIRE(trailing_display_from_name("annualized") == TrailingDisplay::Annualized);
  REQUIRE(trailing_display_from_name("cumulative") == TrailingDisplay::Cumulative);
  REQUIRE(trailing_display_from_name("both") == TrailingDisplay::Both);
  CHECK_FALSE(trailing_display_from_name("annual").has_value());

  o.trailing_display = TrailingDisplay::Cumulative;
  const auto cum = run(in, o);
  for (const char* k : cumulative) CHECK(cum.get(k) == both.get(k));
  for (const char* k : annualized) CHECK_FALSE(has_key(cum, k));
  for (const char* k : always) CHECK(cum.get(k) == both.get(k));
  CHECK(cum.metrics.size() == both.metrics.size() - 3);

  o.trailing_display = TrailingDisplay::Annualized;
  const auto ann = run(in, o);
  for (const char* k : cumulative) CHECK_FALSE(has_key(ann, k));
  for (const char* k : annualized) CHECK(ann.get(k) == both.get(k));
  for (const char* k : always) CHECK(ann.get(k) == both.get(k));
  CHECK(ann.metrics.size() == both.metrics.size() - 1);

  // Dropped keys take their flags with them (history shorter than 3 years: insufficient_data).
  o.trailing_years = {3};
  o.trailing_display = TrailingDisplay::Cumulative;
  const auto short_hist = run(in, o);
  CHECK(short_hist.flags.count("return_annualized_3y") == 0);
  CHECK(short_hist.has_flag("return_cumulative_3y", "insufficient_data"));
  const auto j = nlohmann::json::parse(metrics_to_json(short_hist));
  CHECK(j["trailing_display"] == "cumulative");
  CHECK_FALSE(j["metrics"].contains("return_annualized_3y"));
}

TEST_CASE("inception_anchor: since-inception keys from the first period after the anchor",
          "[metrics][options]") {
  SeriesInput in = series14(d("2022-12-31"));
  MetricsOptions o;
  o.trailing_years = {1};
  const auto full = run(in, o);
  o.inception_anchor = d("2023-06-30");  // periods from July 2023: 8 rows
  const auto rep = run(in, o);
  // numpy on r14[6:], b14[6:].
  CHECK(rep.get("n_periods") == 8);
  CHECK_THAT(rep.get("return_cumulative"), WithinRel(0.042606594939161635, kTol));
  CHECK_THAT(rep.get("return_annualized"), WithinRel(0.06458587972068663, kTol));  // W^(12/8) − 1
  CHECK(rep.get("pct_positive_periods") == 0.75);
  CHECK(rep.get("pct_positive_months") == 0.75);
  CHECK_THAT(rep.get("max_drawdown"), WithinRel(-0.005999999999999894, 1e-12));
  CHECK_THAT(rep.get("volatility_annualized"), WithinRel(0.02398213620891302, 1e-12));
  CHECK_THAT(rep.get("beta"), WithinRel(0.8841463414634142, 1e-12));  // numpy.polyfit(b, r, 1)
  CHECK_THAT(rep.get("alpha"), WithinRel(0.002597560975609755, 1e-11));
  CHECK_THAT(rep.get("alpha_annualized"), WithinRel(0.031619933504519526, 1e-11));
  // Window keys are computed on all rows: unchanged.
  for (const char* k : {"return_cumulative_1y", "return_annualized_1y", "beta_1y", "return_ytd",
                        "last_month_return", "last_period_return"})
    CHECK(rep.get(k) == full.get(k));
  CHECK_THAT(rep.get("return_cumulative_1y"), WithinRel(0.07706177001554115, kTol));
  CHECK_THAT(rep.get("return_ytd"), WithinRel(0.012032000000000043, 1e-12));
  // Report header describes the data; the growth series and drawdown table start at the anchor.
  CHECK(rep.n_periods == 14);
  REQUIRE(rep.inception_date.has_value());
  CHECK(*rep.inception_date == d("2023-06-30"));
  REQUIRE(!rep.series.empty());
  CHECK(rep.series.front().values.size() == 8);
  CHECK(rep.used_dates.front() == d("2023-07-31"));
  CHECK(rep.calendar.size() == full.calendar.size());
  const auto j = nlohmann::json::parse(metrics_to_json(rep));
  CHECK(j["inception_date"] == "2023-06-30");
  for (auto it = j["metrics"].begin(); it != j["metrics"].end(); ++it)  // null always comes with a flag
    if (it.value().is_null()) CHECK(j["flags_by_metric"].contains(it.key()));

  // With calendar years the since-inception span is 2023-06-30 → 2024-02-29 (244 days).
  o.year_basis = YearBasis::Calendar;
  CHECK_THAT(run(in, o).get("return_annualized"), WithinRel(0.06444935560208287, kTol));
  o.year_basis = YearBasis::Periods;

  // Anchor between rows: the NAV date is the last row on or before it (same periods).
  o.inception_anchor = d("2023-07-15");
  const auto mid = run(in, o);
  CHECK(mid.get("n_periods") == 8);
  CHECK(*mid.inception_date == d("2023-06-30"));
  // Anchor = first NAV date: the same report as without an anchor.
  o.inception_anchor = d("2022-12-31");
  const auto same = run(in, o);
  REQUIRE(same.metrics.size() == full.metrics.size());
  for (size_t i = 0; i < same.metrics.size(); ++i) {
    INFO(same.metrics[i].first);
    CHECK((same.metrics[i].second == full.metrics[i].second ||
           (std::isnan(same.metrics[i].second) && std::isnan(full.metrics[i].second))));
  }
  // Before the first NAV date, or with no period after it: errors naming the option.
  o.inception_anchor = d("2022-12-30");
  auto e1 = compute_metrics(in, o);
  REQUIRE_FALSE(e1.ok());
  CHECK(e1.error().message.find("inception_anchor") != std::string::npos);
  o.inception_anchor = d("2024-02-29");
  auto e2 = compute_metrics(in, o);
  REQUIRE_FALSE(e2.ok());
  CHECK(e2.error().message.find("inception_anchor") != std::string::npos);
  // Unknown start date: the first NAV date is the first date minus the median spacing (2022-12-31 here).
  in.start_date.reset();
  o.inception_anchor = d("2022-12-31");
  CHECK(compute_metrics(in, o).ok());
  o.inception_anchor = d("2022-12-30");
  CHECK_FALSE(compute_metrics(in, o).ok());
}

TEST_CASE("scenario metrics block: fields, allowed values, effect on the report", "[metrics][options][scenario]") {
  auto parse = [](const std::string& block) {
    return parse_scenario(R"({"version": 1, "metrics": )" + block +
                          R"(, "strategy": {"type": "static", "weights": {"A": 1}}})");
  };
  auto ok = parse(R"({"year_basis": "calendar", "var_horizon_periods": 5, "trailing_display": "annualised",
                       "inception_anchor": "2016-01-31"})");
  REQUIRE(ok.ok());
  CHECK(ok->metrics.year_basis == YearBasis::Calendar);
  CHECK(ok->metrics.var_horizon_periods == 5);
  CHECK(ok->metrics.trailing_display == TrailingDisplay::Annualized);
  CHECK(ok->metrics.inception_anchor == d("2016-01-31"));
  struct Bad {
    const char* block;
    const char* field;
    const char* words;
  };
  const Bad bad[] = {
      {R"({"year_basis": "days"})", "metrics.year_basis", "periods"},
      {R"({"var_horizon_periods": 0})", "metrics.var_horizon_periods", "1..252"},
      {R"({"var_horizon_periods": 2.5})", "metrics.var_horizon_periods", "integer"},
      {R"({"trailing_display": "annual"})", "metrics.trailing_display", "annualised"},
      {R"({"inception_anchor": "2016-13-01"})", "metrics.inception_anchor", "YYYY-MM-DD"},
      {R"({"var_p": 0.99})", "metrics.var_p", "allowed here"},
      {R"([1])", "metrics", "object"},
  };
  for (const auto& b : bad) {
    auto r = parse(b.block);
    INFO(b.block);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().source == b.field);
    CHECK(r.error().message.find(b.words) != std::string::npos);
  }
}
