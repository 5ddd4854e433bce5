// Metrics suite: closed forms, hand-computed series, edge cases (each asserting its flag), properties, and
// the O(n) rolling sums against direct window computations. The PA-data cross-check is tests/py.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "riskdial/metrics.hpp"

using namespace riskdial;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

std::vector<Date> month_ends(int n, int y = 2010, int m = 1) {
  std::vector<Date> d;
  for (int i = 0; i < n; ++i) {
    const int t = (y * 12 + m - 1) + i;
    const int yy = t / 12, mm = t % 12 + 1;
    d.push_back(date_from_ymd(yy, mm, days_in_month(yy, mm)));
  }
  return d;
}

std::vector<Date> weekdays(int n, Date start = date_from_ymd(2001, 1, 1)) {
  std::vector<Date> d;
  for (Date x = start; static_cast<int>(d.size()) < n; ++x)
    if (iso_weekday(x) <= 5) d.push_back(x);
  return d;
}

Vec vec(std::vector<double> v) { return Eigen::Map<Vec>(v.data(), static_cast<Index>(v.size())); }

MetricsReport report(const Vec& r, const std::vector<Date>& dates, const Vec& b = Vec(),
                     MetricsOptions o = MetricsOptions()) {
  SeriesInput in{dates, r, b, Vec(), std::nullopt};
  auto res = compute_metrics(in, o);
  REQUIRE(res.ok());
  return std::move(res).value();
}

Vec random_returns(int n, unsigned seed, double mu, double sigma) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> nd(mu, sigma);
  Vec r(n);
  for (int i = 0; i < n; ++i) r[i] = nd(rng);
  return r;
}

const DatedSeries* rolling(const MetricsReport& rep, const std::string& key) {
  for (const auto& s : rep.rolling)
    if (s.key == key) return &s;
  return nullptr;
}

}  // namespace

TEST_CASE("normal quantile to full precision", "[metrics][closed_form]") {
  CHECK_THAT(normal_quantile(0.05), WithinRel(-1.6448536269514729, 1e-15));
  CHECK_THAT(normal_quantile(0.01), WithinRel(-2.3263478740408408, 1e-15));
  CHECK_THAT(normal_quantile(0.975), WithinRel(1.959963984540054, 1e-15));
  CHECK(normal_quantile(0.5) == 0.0);
  CHECK(tail_probability(0.95) == Approx(0.05).epsilon(1e-15));
  CHECK(tail_probability(0.05) == 0.05);
}

TEST_CASE("hand-computed five-month series", "[metrics][hand]") {
  // r = 10 %, −5 %, 2 %, −3 %, 4 %; mean 0.016; Σ(r − mean)² = 0.01412.
  const Vec r = vec({0.10, -0.05, 0.02, -0.03, 0.04});
  const auto rep = report(r, month_ends(5));
  CHECK_THAT(rep.get("return_cumulative"), WithinRel(1.1 * 0.95 * 1.02 * 0.97 * 1.04 - 1.0, 1e-14));
  CHECK_THAT(rep.get("return_annualized"), WithinRel(std::pow(1.07527992, 12.0 / 5.0) - 1.0, 1e-12));
  CHECK_THAT(rep.get("return_annualized_arithmetic"), WithinRel(12 * 0.016, 1e-14));
  CHECK_THAT(rep.get("volatility"), WithinRel(std::sqrt(0.01412 / 4.0), 1e-13));
  CHECK_THAT(rep.get("volatility_annualized"), WithinRel(std::sqrt(0.01412 / 4.0 * 12.0), 1e-13));
  CHECK_THAT(rep.get("pct_positive_periods"), WithinRel(0.6, 1e-15));
  CHECK(rep.get("best_period") == 0.10);
  CHECK(rep.get("worst_period") == -0.05);
  // Drawdowns: peak 1.1 after month 1; trough after month 4 at 1.1·0.95·1.02·0.97 = 1.033923.
  CHECK_THAT(rep.get("max_drawdown"), WithinRel(1.033923 / 1.1 - 1.0, 1e-13));
  REQUIRE(rep.drawdowns.size() == 1);
  const auto& e = rep.drawdowns[0];
  CHECK(e.from == 1);
  CHECK(e.trough == 3);
  CHECK_FALSE(e.recovered);
  CHECK(e.to == 5);
  CHECK(e.length == 5);     // To − From + 1 with To = n + 1 (1-based) for an open episode
  CHECK(e.to_trough == 3);
  CHECK(e.recovery == 2);
  // Historical VaR 95 %: sorted −0.05, −0.03, 0.02, 0.04, 0.10; h = 4·0.05 = 0.2 → −0.05 + 0.2·0.02.
  CHECK_THAT(rep.get("var_historical_95"), WithinRel(0.046, 1e-13));
  CHECK_THAT(rep.get("es_historical_95"), WithinRel(0.05, 1e-15));
  // Downside at MAR 0: losses 0.05 and 0.03.
  CHECK_THAT(rep.get("downside_deviation"), WithinRel(std::sqrt(0.0034 / 5.0), 1e-13));
  CHECK_THAT(rep.get("downside_deviation_subset"), WithinRel(std::sqrt(0.0034 / 2.0), 1e-13));
  CHECK_THAT(rep.get("downside_potential"), WithinRel(0.08 / 5.0, 1e-13));
  CHECK_THAT(rep.get("omega_ratio"), WithinRel(2.0, 1e-13));  // 0.16 / 0.08
  CHECK_THAT(rep.get("sortino_ratio"), WithinRel(0.016 / std::sqrt(0.0034 / 5.0), 1e-13));
  CHECK_THAT(rep.get("upside_potential_ratio"), WithinRel((0.16 / 3.0) / std::sqrt(0.0034 / 2.0), 1e-13));
  // Burke (exact): runs [−5 %], [−3 %].
  CHECK_THAT(burke_denominator(r, false), WithinRel(std::sqrt(0.0034), 1e-13));
  // PA compat: the scan starts at the 2nd observation; D = 100·((1 − 0.0005) − 1) = −0.05 for −5 %.
  CHECK_THAT(burke_denominator(r, true), WithinRel(std::sqrt(0.0034), 1e-12));
  CHECK_THAT(burke_denominator(vec({-0.05, 0.01}), true), WithinAbs(0.0, 1e-18));
  // Gaussian VaR: −μ − z·σ_pop with σ_pop² = 0.01412/5.
  CHECK_THAT(rep.get("var_gaussian_95"),
             WithinRel(-0.016 + 1.6448536269514729 * std::sqrt(0.01412 / 5.0), 1e-13));
  // Only "not enough history" flags (trailing windows, rolling) and the partial YTD — no value flags.
  for (const auto& [k, fl] : rep.flags)
    for (const auto& f : fl) {
      CAPTURE(k, f);
      CHECK((f == "insufficient_data" || (k == "return_ytd" && f == "partial_period")));
    }
}

TEST_CASE("closed forms: constant growth, exact linear benchmark relation", "[metrics][closed_form]") {
  const auto d = month_ends(36);
  const Vec b = random_returns(36, 7, 0.005, 0.04);
  const Vec r = (2.0 * b.array() + 0.001).matrix();
  const auto rep = report(r, d, b);
  CHECK_THAT(rep.get("beta"), WithinRel(2.0, 1e-12));
  CHECK_THAT(rep.get("alpha"), WithinRel(0.001, 1e-10));
  CHECK_THAT(rep.get("alpha_annualized_ols_compound"), WithinRel(std::pow(1.001, 12) - 1.0, 1e-9));
  CHECK_THAT(rep.get("alpha_annualized_ols_linear"), WithinRel(0.012, 1e-10));
  CHECK_THAT(rep.get("correlation"), WithinRel(1.0, 1e-13));
  CHECK_THAT(rep.get("tracking_error"), WithinRel(annualized_volatility(b, 12), 1e-12));
  CHECK_THAT(rep.get("beta_3y"), WithinRel(2.0, 1e-12));
  CHECK(std::isnan(rep.get("beta_5y")));
  CHECK(rep.has_flag("beta_5y", "insufficient_data"));
  // Constant monthly return c: annualized (1 + c)^12 − 1, trailing 1y cumulative (1 + c)^12 − 1.
  const auto c = report(Vec::Constant(24, 0.01), month_ends(24));
  CHECK_THAT(c.get("return_annualized"), WithinRel(std::pow(1.01, 12) - 1.0, 1e-13));
  CHECK_THAT(c.get("return_cumulative_1y"), WithinRel(std::pow(1.01, 12) - 1.0, 1e-13));
  CHECK_THAT(c.get("return_ytd"), WithinRel(std::pow(1.01, 12) - 1.0, 1e-13));
  // Modified VaR of a constant loss: m2 = 0 → S = K = 0 → VaR = −μ for every method.
  const auto l = report(Vec::Constant(24, -0.01), month_ends(24));
  CHECK_THAT(l.get("var_modified_95"), WithinRel(0.01, 1e-13));
  CHECK_THAT(l.get("var_gaussian_99"), WithinRel(0.01, 1e-13));
  CHECK_THAT(l.get("es_modified_95"), WithinRel(0.01, 1e-13));
  CHECK_THAT(l.get("var_historical_95"), WithinRel(0.01, 1e-13));
}

TEST_CASE("edge: constant series", "[metrics][edge]") {
  const auto rep = report(Vec::Constant(24, 0.01), month_ends(24));
  CHECK(rep.get("volatility") == 0.0);
  CHECK_FALSE(std::isfinite(rep.get("sharpe_annualized_geometric")));  // IEEE x/0 = +Inf → null
  CHECK(rep.has_flag("sharpe_annualized_geometric", "zero_variance"));
  CHECK(rep.has_flag("sharpe_per_period", "zero_variance"));
  CHECK(rep.has_flag("skewness", "zero_variance"));
  CHECK(rep.has_flag("kurtosis_excess", "zero_variance"));
  CHECK(rep.has_flag("var_historical_95", "inverse_risk"));  // the 5 % quantile is a gain
  CHECK(rep.has_flag("var_modified_99", "inverse_risk"));
  CHECK(rep.has_flag("sortino_ratio", "no_downside"));
  CHECK(rep.get("max_drawdown") == 0.0);
  CHECK(rep.has_flag("max_drawdown", "no_drawdown"));
  CHECK(rep.has_flag("calmar_ratio", "no_drawdown"));
  CHECK(rep.has_flag("martin_ratio", "no_drawdown"));
  CHECK(rep.get("average_drawdown") == 0.0);
  CHECK(rep.has_flag("average_drawdown", "no_drawdown"));
  const DatedSeries* v = rolling(rep, "rolling_volatility_12m");
  REQUIRE(v);
  CHECK(v->values.size() == 13);
  CHECK(v->values.maxCoeff() == 0.0);
  CHECK(rep.has_flag("rolling_sharpe_12m", "zero_variance"));
}

TEST_CASE("edge: no negative returns", "[metrics][edge]") {
  const Vec r = vec({0.01, 0.02, 0.005, 0.03, 0.0, 0.015, 0.01, 0.02});
  const auto rep = report(r, month_ends(8));
  CHECK(rep.get("downside_deviation") == 0.0);
  CHECK(rep.has_flag("downside_deviation", "no_downside"));
  CHECK(rep.get("sortino_ratio") == kInf);  // IEEE division (spec §2.0 iv) → null + flag in JSON
  CHECK(rep.has_flag("sortino_ratio", "no_downside"));
  CHECK(rep.has_flag("omega_ratio", "no_downside"));
  CHECK(rep.has_flag("burke_ratio", "no_downside"));
  CHECK(rep.has_flag("upside_potential_ratio", "no_downside"));
  CHECK(rep.get("max_drawdown") == 0.0);
  CHECK(rep.has_flag("calmar_ratio", "no_drawdown"));
  CHECK(rep.has_flag("pain_ratio", "no_drawdown"));
  CHECK_THAT(rep.get("sterling_ratio"), WithinRel(rep.get("return_annualized") / 0.1, 1e-14));
  CHECK(rep.has_flag("var_historical_95", "inverse_risk"));
}

TEST_CASE("edge: shorter than a window / too few observations", "[metrics][edge]") {
  const Vec r = vec({0.01, -0.02, 0.03, 0.0, 0.01, -0.01, 0.02, 0.01, -0.03, 0.02});
  const auto rep = report(r, month_ends(10), r * 0.5);
  for (const char* k : {"return_cumulative_1y", "return_annualized_1y", "volatility_annualized_1y", "beta_1y",
                        "tracking_error_1y", "alpha_1y"}) {
    CAPTURE(k);
    CHECK(std::isnan(rep.get(k)));
    CHECK(rep.has_flag(k, "insufficient_data"));
  }
  for (const char* k : {"rolling_volatility_12m", "rolling_beta_12m", "rolling_excess_return_1y"}) {
    CAPTURE(k);
    REQUIRE(rolling(rep, k));
    CHECK(rolling(rep, k)->values.size() == 0);
    CHECK(rep.has_flag(k, "insufficient_data"));
  }
  const auto three = report(vec({0.01, -0.02, 0.03}), month_ends(3));
  CHECK(std::isfinite(three.get("skewness")));
  CHECK(three.has_flag("kurtosis_excess", "insufficient_data"));
  CHECK(three.has_flag("var_modified_95", "insufficient_data"));
  CHECK(std::isfinite(three.get("var_gaussian_95")));
  const auto one = report(vec({0.01}), month_ends(1));
  CHECK(one.has_flag("volatility", "insufficient_data"));
  CHECK(one.has_flag("sharpe_per_period", "insufficient_data"));
  const auto none = report(vec({kNaN, kNaN}), month_ends(2));
  CHECK(none.n_periods == 0);
  CHECK(none.has_flag("", "insufficient_data"));
  CHECK(none.has_flag("return_annualized", "insufficient_data"));
}

TEST_CASE("edge: NaN gaps are dropped (complete cases)", "[metrics][edge]") {
  const Vec full = random_returns(40, 3, 0.004, 0.03);
  const Vec b = random_returns(40, 4, 0.003, 0.04);
  Vec gappy = full;
  gappy[5] = kNaN;
  gappy[17] = kNaN;
  std::vector<double> kept, kept_b;
  std::vector<Date> kd;
  const auto d = month_ends(40);
  for (int i = 0; i < 40; ++i)
    if (!std::isnan(gappy[i])) {
      kept.push_back(gappy[i]);
      kept_b.push_back(b[i]);
      kd.push_back(d[static_cast<size_t>(i)]);
    }
  const auto a = report(gappy, d, b), c = report(vec(kept), kd, vec(kept_b));
  CHECK(a.n_periods == 38);
  for (const char* k : {"volatility", "return_annualized", "beta", "var_modified_95", "max_drawdown",
                        "information_ratio", "sharpe_annualized_geometric"}) {
    CAPTURE(k);
    CHECK(a.get(k) == c.get(k));
  }
  CHECK_FALSE(a.has_flag("", "partial_overlap"));
  // Benchmark missing where the series is present → relative metrics on the overlap, flagged.
  Vec bg = b;
  bg[0] = kNaN;
  const auto p = report(full, d, bg);
  CHECK(p.n_periods == 40);
  CHECK(p.n_relative == 39);
  CHECK(p.has_flag("", "partial_overlap"));
  CHECK_THAT(p.get("beta"), WithinRel(beta(full.tail(39), b.tail(39)), 1e-12));
}

TEST_CASE("edge: zero-variance benchmark", "[metrics][edge]") {
  const Vec r = random_returns(30, 9, 0.004, 0.03);
  const auto rep = report(r, month_ends(30), Vec::Constant(30, 0.002));
  for (const char* k : {"beta", "alpha", "correlation", "treynor_ratio", "jensen_alpha", "beta_1y", "correlation_1y"}) {
    CAPTURE(k);
    CHECK(std::isnan(rep.get(k)));
    CHECK(rep.has_flag(k, "zero_variance"));
  }
  CHECK(std::isfinite(rep.get("tracking_error")));
  CHECK(rep.has_flag("rolling_beta_12m", "zero_variance"));
  CHECK(rep.has_flag("rolling_correlation_12m", "zero_variance"));
  CHECK(rep.has_flag("down_capture", "no_down_periods"));
}

TEST_CASE("negative beta: Treynor keeps its value and is flagged", "[metrics][edge]") {
  const Vec b = random_returns(24, 11, 0.004, 0.03);
  const Vec r = (-0.5 * b.array() + 0.003).matrix();
  const auto rep = report(r, month_ends(24), b);
  CHECK(rep.get("beta") < 0.0);
  CHECK(std::isfinite(rep.get("treynor_ratio")));
  CHECK(rep.has_flag("treynor_ratio", "negative_beta"));
}

TEST_CASE("properties: scaling, identical benchmark, reversal", "[metrics][property]") {
  const auto d = month_ends(60);
  const Vec b = random_returns(60, 21, 0.006, 0.045);
  const Vec r = random_returns(60, 22, 0.004, 0.03);
  const auto base = report(r, d, b);
  // Ratios whose numerator is linear in r keep their sign for any c > 0.
  const char* linear[] = {"sharpe_per_period", "sharpe_annualized_arithmetic", "sortino_ratio",
                          "sortino_ratio_annualized", "skewness", "starr_95", "sharpe_modified_var_95",
                          "sharpe_modified_es_95", "alpha", "alpha_annualized_ols_linear"};
  for (double c : {0.25, 0.5, 2.0, 3.0, 10.0}) {
    const auto s = report((r * c).eval(), d, b);
    for (const char* k : linear) {
      CAPTURE(c, k);
      REQUIRE(std::isfinite(base.get(k)));
      CHECK(std::signbit(s.get(k)) == std::signbit(base.get(k)));
    }
    CHECK_THAT(s.get("volatility"), WithinRel(c * base.get("volatility"), 1e-12));
    CHECK_THAT(s.get("beta"), WithinRel(c * base.get("beta"), 1e-12));
  }
  // Geometric numerators (compounded returns) keep their sign as long as the volatility drag does not
  // exceed the drift: a series with a clear positive drift, scaled by 0.5..2.
  const Vec up = random_returns(60, 23, 0.01, 0.02), down = (-up).eval();
  const char* geometric[] = {"sharpe_annualized_geometric", "ret_to_vol", "calmar_ratio", "sterling_ratio",
                             "burke_ratio", "martin_ratio", "pain_ratio", "treynor_ratio",
                             "sharpe_seed003"};
  for (const Vec* series : {&up, &down}) {
    const auto g0 = report(*series, d, b);
    for (double c : {0.5, 0.8, 1.5, 2.0}) {
      const auto s = report((*series * c).eval(), d, b);
      for (const char* k : geometric) {
        CAPTURE(c, k);
        REQUIRE(std::isfinite(g0.get(k)));
        CHECK(std::signbit(s.get(k)) == std::signbit(g0.get(k)));
      }
    }
  }
  // A series identical to its benchmark: beta 1, correlation 1, tracking error 0.
  const auto same = report(b, d, b);
  CHECK_THAT(same.get("beta"), WithinRel(1.0, 1e-14));
  CHECK_THAT(same.get("correlation"), WithinRel(1.0, 1e-14));
  CHECK(same.get("tracking_error") == 0.0);
  CHECK(same.has_flag("information_ratio", "zero_variance"));
  CHECK(same.get("active_premium") == 0.0);
  // Benchmark plus a constant: beta 1, tracking error 0 up to rounding.
  const auto shifted = report((b.array() + 0.001).matrix(), d, b);
  CHECK_THAT(shifted.get("beta"), WithinRel(1.0, 1e-12));
  CHECK(shifted.get("tracking_error") == 0.0);  // rounding noise of r − b is not dispersion
  CHECK(std::isnan(shifted.get("information_ratio")));
  CHECK(shifted.has_flag("information_ratio", "zero_variance"));
  // A NAV path equal to the benchmark's minus a constant monthly fee, its returns taken from NAV ratios as
  // the backtest engine does (noise ~ ulps of 1, not of r): still no tracking error and no IR of 1e12.
  {
    Vec nav_b(b.size() + 1), nav_s(b.size() + 1);
    nav_b(0) = nav_s(0) = 1.0;
    for (Index i = 0; i < b.size(); ++i) {
      nav_b(i + 1) = nav_b(i) * (1.0 + b(i));
      nav_s(i + 1) = nav_s(i) * (1.0 + b(i) - 0.0005);
    }
    Vec rb(b.size()), rs(b.size());
    for (Index i = 0; i < b.size(); ++i) {
      rb(i) = nav_b(i + 1) / nav_b(i) - 1.0;
      rs(i) = nav_s(i + 1) / nav_s(i) - 1.0;
    }
    const auto fee = report(rs, d, rb);
    CHECK(fee.get("tracking_error") == 0.0);
    CHECK(fee.has_flag("information_ratio", "zero_variance"));
    CHECK(fee.get("active_premium") < 0.0);  // the fee is still there
  }
  // Reversal keeps dispersion.
  const Vec rev = r.reverse();
  const auto rv = report(rev, d, b.reverse());
  for (const char* k : {"volatility", "volatility_annualized", "skewness", "kurtosis_excess", "var_gaussian_95",
                        "var_historical_99", "es_historical_95", "tracking_error", "beta", "correlation"}) {
    CAPTURE(k);
    CHECK_THAT(rv.get(k), WithinRel(base.get(k), 1e-12));
  }
}

TEST_CASE("rolling running sums equal direct window computations (daily)", "[metrics][rolling]") {
  const int n = 3000;
  const auto d = weekdays(n);
  const Vec b = random_returns(n, 31, 0.0003, 0.011);
  const Vec r = (0.8 * b + random_returns(n, 32, 0.0001, 0.006)).eval();
  MetricsOptions o;
  o.rf_annual = 0.03;
  const auto rep = report(r, d, b, o);
  CHECK(rep.periods_per_year == 252);
  const double f = std::pow(1.03, 1.0 / 252) - 1.0;
  const Vec x = (r.array() - f).matrix(), y = (b.array() - f).matrix();
  const DatedSeries* vol = rolling(rep, "rolling_volatility_12m");
  const DatedSeries* shp = rolling(rep, "rolling_sharpe_12m");
  const DatedSeries* bt = rolling(rep, "rolling_beta_12m");
  const DatedSeries* cr = rolling(rep, "rolling_correlation_12m");
  REQUIRE((vol && shp && bt && cr));
  REQUIRE(vol->window == 252);
  REQUIRE(vol->values.size() == n - 251);
  for (Index t = 251; t < n; t += 97) {
    CAPTURE(t);
    const Index s = t - 251;
    CHECK_THAT(vol->values[s], WithinRel(annualized_volatility(r.segment(s, 252), 252), 1e-10));
    CHECK_THAT(shp->values[s], WithinRel(sharpe_ratio_annualized(x.segment(s, 252), 252, false), 1e-10));
    CHECK_THAT(bt->values[s], WithinRel(beta(x.segment(s, 252), y.segment(s, 252)), 1e-10));
    CHECK_THAT(cr->values[s], WithinRel(correlation(r.segment(s, 252), b.segment(s, 252)), 1e-10));
    CHECK(vol->dates[static_cast<size_t>(s)] == d[static_cast<size_t>(t)]);
  }
  // Rolling 1-year excess on daily data: at month-ends, anchored on the month-end 12 months earlier.
  const DatedSeries* ex = rolling(rep, "rolling_excess_return_1y");
  REQUIRE(ex);
  REQUIRE(ex->values.size() > 0);
  const Date first = ex->dates.front();
  const Ymd fy = ymd_from_date(first), d0 = ymd_from_date(d.front());
  CHECK(fy.year * 12 + fy.month == d0.year * 12 + d0.month + 12);
  // first point: from the first month-end (exclusive) to 12 months later (inclusive)
  Index a = 0;
  while (ymd_from_date(d[static_cast<size_t>(a + 1)]).month == d0.month) ++a;
  Index e = 0;
  while (d[static_cast<size_t>(e)] != first) ++e;
  const Index len = e - a;
  const double want = cumulative_return(r.segment(a + 1, len)) - cumulative_return(b.segment(a + 1, len));
  CHECK_THAT(ex->values[0], WithinRel(want, 1e-10));
}

TEST_CASE("trailing windows on daily data use the calendar anchor", "[metrics][trailing]") {
  const int n = 800;
  const auto d = weekdays(n, date_from_ymd(2019, 3, 4));
  const Vec r = random_returns(n, 41, 0.0004, 0.01);
  const auto rep = report(r, d);
  const Date anchor = add_months(d.back(), -12);
  Index s = 0;
  while (d[static_cast<size_t>(s)] <= anchor) ++s;
  CHECK_THAT(rep.get("return_cumulative_1y"), WithinRel(cumulative_return(r.tail(n - s)), 1e-12));
  CHECK_THAT(rep.get("volatility_annualized_1y"), WithinRel(annualized_volatility(r.tail(n - s), 252), 1e-12));
  CHECK(rep.has_flag("return_cumulative_5y", "insufficient_data"));
  // YTD: rows of the last calendar year only.
  const int y = ymd_from_date(d.back()).year;
  Index ys = 0;
  while (ymd_from_date(d[static_cast<size_t>(ys)]).year < y) ++ys;
  CHECK_THAT(rep.get("return_ytd"), WithinRel(cumulative_return(r.tail(n - ys)), 1e-12));
  CHECK_FALSE(rep.has_flag("return_ytd", "partial_period"));
}

TEST_CASE("management fee: subtract fee/12 of the previous month-end NAV", "[metrics][fee]") {
  const auto m = month_ends(12);
  const Vec g = random_returns(12, 51, 0.005, 0.02);
  const Vec net = apply_management_fee(m, g, 0.0055);
  for (int i = 0; i < 12; ++i) CHECK_THAT(net[i], WithinAbs(g[i] - 0.0055 / 12.0, 2e-16));
  // Daily: only the last day of each month is charged, (fee/12)·NAV_net(previous month-end).
  const auto d = weekdays(60, date_from_ymd(2024, 1, 1));
  const Vec gd = random_returns(60, 52, 0.0003, 0.01);
  const Vec nd = apply_management_fee(d, gd, 0.012);
  double nav = 1.0, nav_me = 1.0;
  for (int i = 0; i < 60; ++i) {
    const bool me = i == 59 || ymd_from_date(d[static_cast<size_t>(i + 1)]).month != ymd_from_date(d[static_cast<size_t>(i)]).month;
    const double next = nav * (1.0 + gd[i]) - (me ? 0.001 * nav_me : 0.0);
    CHECK_THAT(nd[i], WithinAbs(next / nav - 1.0, 1e-15));
    nav = next;
    if (me) nav_me = nav;
  }
}

TEST_CASE("building blocks agree with the report", "[metrics][api]") {
  const Vec r = random_returns(120, 61, 0.006, 0.04);
  const auto rep = report(r, month_ends(120));
  CHECK_THAT(value_at_risk(r, 0.95, TailMethod::Modified), WithinRel(rep.get("var_modified_95"), 1e-13));
  CHECK_THAT(value_at_risk(r, 0.99, TailMethod::Historical), WithinRel(rep.get("var_historical_99"), 1e-13));
  CHECK_THAT(expected_shortfall(r, 0.95, TailMethod::Historical), WithinRel(rep.get("es_historical_95"), 1e-13));
  CHECK_THAT(expected_shortfall(r, 0.99, TailMethod::Modified), WithinRel(rep.get("es_modified_99"), 1e-13));
  CHECK_THAT(expected_shortfall(r, 0.95, TailMethod::Gaussian), WithinRel(rep.get("es_gaussian_95"), 1e-13));
  CHECK_THAT(skewness(r), WithinRel(rep.get("skewness"), 1e-12));
  CHECK_THAT(skewness(r, SkewnessMethod::Fisher), WithinRel(rep.get("skewness_fisher"), 1e-12));
  CHECK_THAT(kurtosis(r, KurtosisMethod::SampleExcess), WithinRel(rep.get("kurtosis_sample_excess"), 1e-12));
  CHECK_THAT(kurtosis(r, KurtosisMethod::Moment), WithinRel(rep.get("kurtosis_excess") + 3.0, 1e-12));
  CHECK_THAT(max_drawdown(r), WithinRel(rep.get("max_drawdown"), 1e-14));
  CHECK_THAT(ulcer_index(r), WithinRel(rep.get("ulcer_index"), 1e-13));
  CHECK_THAT(pain_index(r), WithinRel(rep.get("pain_index"), 1e-13));
  CHECK_THAT(sortino_ratio(r, 0.0), WithinRel(rep.get("sortino_ratio"), 1e-12));
  CHECK_THAT(omega_ratio(r, 0.0), WithinRel(rep.get("omega_ratio"), 1e-12));
  CHECK_THAT(semi_deviation(r), WithinRel(rep.get("semi_deviation"), 1e-12));
  CHECK_THAT(upside_potential_ratio(r, 0.0), WithinRel(rep.get("upside_potential_ratio"), 1e-12));
  CHECK_THAT(sharpe_ratio(r), WithinRel(rep.get("sharpe_per_period"), 1e-12));
  CHECK_THAT(sharpe_ratio_annualized(r, 12, true), WithinRel(rep.get("sharpe_annualized_geometric"), 1e-12));
  CHECK_THAT(central_moment(r, 2), WithinRel(std::pow(volatility(r), 2) * 119.0 / 120.0, 1e-12));
  CHECK(drawdown_episodes(r).size() == static_cast<size_t>(rep.get("drawdown_episodes")));
  CHECK_THAT(quantile_type7(vec({1, 2, 3, 4}), 0.5), WithinRel(2.5, 1e-15));
}

TEST_CASE("JSON: null always with a flag, never NaN/Inf", "[metrics][json]") {
  const auto rep = report(Vec::Constant(24, 0.01), month_ends(24), Vec::Constant(24, 0.0));
  const std::string js = metrics_to_json(rep);
  const auto j = nlohmann::json::parse(js);  // parse fails on NaN/Infinity tokens
  CHECK(js.find("NaN") == std::string::npos);
  int nulls = 0;
  for (const auto& [k, v] : j["metrics"].items())
    if (v.is_null()) {
      ++nulls;
      CAPTURE(k);
      CHECK(j["flags_by_metric"].contains(k));
    }
  CHECK(nulls > 10);
  CHECK(j["metrics"]["volatility"].get<double>() == 0.0);
  CHECK(j["calendar_returns"]["2010"]["months"].size() == 12);
  CHECK(j["series"]["growth_of_1"].size() == 24);
}

TEST_CASE("errors: bad inputs and options", "[metrics][errors]") {
  SeriesInput in{month_ends(3), vec({0.01, 0.02}), Vec(), Vec(), std::nullopt};
  auto r = compute_metrics(in, MetricsOptions());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  in.returns = vec({0.01, 0.02, 0.03});
  in.dates = {3, 2, 1};
  CHECK_FALSE(compute_metrics(in, MetricsOptions()).ok());
  MetricsOptions o;
  o.tail_levels = {1.5};
  CHECK(validate_metrics_options(o).has_value());
  o = MetricsOptions();
  o.trailing_years = {0};
  CHECK(validate_metrics_options(o).has_value());

  Panel p;
  p.dates = month_ends(3);
  p.names = {"A", "B"};
  p.values = Mat::Constant(3, 2, 0.01);
  p.kind = ValueKind::Returns;
  PanelMetricsRequest req;
  req.benchmark = "Z";
  auto pr = compute_panel_metrics(p, req);
  REQUIRE_FALSE(pr.ok());
  CHECK(pr.error().code == ErrorCode::UnknownColumn);
  req.benchmark = "B";
  pr = compute_panel_metrics(p, req);
  REQUIRE(pr.ok());
  REQUIRE(pr->columns.size() == 1);
  CHECK(pr->columns[0].name == "A");
  CHECK(pr->benchmark.has_value());
  p.kind = ValueKind::Prices;
  CHECK_FALSE(compute_panel_metrics(p, req).ok());
}
