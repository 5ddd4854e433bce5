// Backtest report: the seed-000 fact-sheet block and the seed-004 annualized table, checked by hand on
// monthly rows built directly.
#include <catch2/catch.hpp>

#include <cmath>

#include "riskdial/report.hpp"

using namespace riskdial;
using Catch::Matchers::WithinRel;
using Catch::Matchers::WithinAbs;

namespace {
BacktestResult monthly_result(int months) {
  BacktestResult r;
  for (int i = 0; i < months; ++i) {
    MonthRow m;
    const Date first = date_from_ymd(2018 + (i + 1) / 12, (i + 1) % 12 + 1, 1);
    m.date = first - 1;  // last day of month i (from 2018-01)
    m.gross = 0.01 + 0.02 * std::sin(1.3 * i);
    m.net = m.gross - 0.0055 / 12;
    m.benchmark = 0.006 + 0.015 * std::cos(0.7 * i);
    r.monthly.push_back(m);
  }
  return r;
}
double compound(const BacktestResult& r, int from, int to, double MonthRow::*f) {
  double w = 1;
  for (int i = from; i < to; ++i) w *= 1 + r.monthly[static_cast<size_t>(i)].*f;
  return w - 1;
}
}  // namespace

TEST_CASE("fact sheet and annualized table by hand", "[report]") {
  const BacktestResult r = monthly_result(30);  // 2018-01 … 2020-06
  auto rep = backtest_report(r, MetricsOptions{});
  REQUIRE(rep.ok());
  const auto& j = *rep;
  CHECK(j["periods_per_year"] == 12);
  CHECK(j["first_month"] == "2018-01-31");
  CHECK(j["last_month"] == "2020-06-30");
  const auto& fs = j["fact_sheet"]["rows"];
  REQUIRE(fs.size() == 4);
  const auto& g = fs[0]["values"];
  const auto& n = fs[1]["values"];
  const auto& b = fs[2]["values"];
  CHECK_THAT(g["last_month_return"].get<double>(), WithinRel(r.monthly.back().gross, 1e-12));  // (1 + r) − 1 rounding
  CHECK_THAT(g["return_cumulative_1y"].get<double>(), WithinRel(compound(r, 18, 30, &MonthRow::gross), 1e-12));
  CHECK_THAT(n["return_cumulative"].get<double>(), WithinRel(compound(r, 0, 30, &MonthRow::net), 1e-12));
  CHECK_THAT(n["return_ytd"].get<double>(), WithinRel(compound(r, 24, 30, &MonthRow::net), 1e-12));
  CHECK(g["return_cumulative_3y"].is_null());  // 30 months < 3 years: never partial
  int pos = 0;
  for (const auto& m : r.monthly) pos += m.net > 0;
  CHECK_THAT(n["pct_positive_months"].get<double>(), WithinRel(pos / 30.0, 1e-14));
  CHECK(b["beta_1y"].get<double>() == 1.0);
  CHECK(b["alpha_1y"].get<double>() == 0.0);
  // 12-month beta of net vs benchmark by hand (OLS slope over the last 12 months)
  double mx = 0, my = 0;
  for (int i = 18; i < 30; ++i) mx += r.monthly[i].net / 12, my += r.monthly[i].benchmark / 12;
  double sxy = 0, syy = 0;
  for (int i = 18; i < 30; ++i) {
    sxy += (r.monthly[i].net - mx) * (r.monthly[i].benchmark - my);
    syy += (r.monthly[i].benchmark - my) * (r.monthly[i].benchmark - my);
  }
  CHECK_THAT(n["beta_1y"].get<double>(), WithinRel(sxy / syy, 1e-10));
  const auto& d = fs[3]["values"];
  CHECK(fs[3]["name"] == "net_minus_benchmark");
  CHECK_THAT(d["return_cumulative_1y"].get<double>(),
             WithinAbs(compound(r, 18, 30, &MonthRow::net) - compound(r, 18, 30, &MonthRow::benchmark), 1e-14));

  const auto& at = j["annualized_table"];
  CHECK(at["windows"] == nlohmann::json({"1y", "3y", "5y", "10y", "since_inception"}));
  const auto find = [&](const std::string& name) -> const nlohmann::json& {
    for (const auto& row : at["rows"])
      if (row["name"] == name) return row["values"];
    FAIL("no row " << name);
    return at;
  };
  const double rn = std::pow(1 + compound(r, 0, 30, &MonthRow::net), 12.0 / 30) - 1;
  const double rb = std::pow(1 + compound(r, 0, 30, &MonthRow::benchmark), 12.0 / 30) - 1;
  CHECK_THAT(find("return_net")["since_inception"].get<double>(), WithinRel(rn, 1e-12));
  CHECK_THAT(find("excess_net")["since_inception"].get<double>(), WithinRel(rn - rb, 1e-10));
  CHECK_THAT(find("return_gross")["1y"].get<double>(), WithinRel(compound(r, 18, 30, &MonthRow::gross), 1e-12));
  CHECK(find("return_net")["5y"].is_null());
  // Sharpe ignoring Rf = annualized return / annualized volatility
  double m = 0;
  for (const auto& x : r.monthly) m += x.net / 30;
  double ss = 0;
  for (const auto& x : r.monthly) ss += (x.net - m) * (x.net - m);
  const double vol = std::sqrt(ss / 29 * 12);
  CHECK_THAT(find("volatility_net")["since_inception"].get<double>(), WithinRel(vol, 1e-12));
  CHECK_THAT(find("sharpe_net")["since_inception"].get<double>(), WithinRel(rn / vol, 1e-10));
  // full reports are present for all three series
  CHECK(j["gross"]["metrics"].contains("sharpe_annualized_geometric"));
  CHECK(j["benchmark"]["metrics"].contains("max_drawdown"));
}
