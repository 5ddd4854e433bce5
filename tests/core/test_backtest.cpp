// Engine tests: static mixes vs an independent units-based computation, fee/cost arithmetic to 1e-12
// (prorated first and last months), drift vs manual compounding, execution lag, delisting, benchmark
// composite, invariants, and the out-of-sample perturbation test.
#include <catch2/catch.hpp>

#include <cmath>

#include "backtest_fixtures.hpp"
#include "riskdial/estimators.hpp"
#include "riskdial/backtest.hpp"

using namespace riskdial;
using namespace riskdial::testing;

namespace {

BenchmarkSpec bench_of(std::vector<Index> cols, std::vector<double> w,
                       BenchmarkRebalance rb = BenchmarkRebalance::MonthEnd) {
  BenchmarkSpec b;
  b.name = "bench";
  b.columns = std::move(cols);
  b.weights = std::move(w);
  b.rebalance = rb;
  return b;
}

bool month_end_of(const std::vector<Date>& d, size_t r) {
  if (r + 1 >= d.size()) return true;
  return ymd_from_date(d[r]).month != ymd_from_date(d[r + 1]).month;
}

void check_invariants(const BacktestResult& r, int lag) {
  CHECK(r.max_weight_sum_error < 1e-12);
  CHECK(r.min_nav > 0.0);
  for (Index t = 0; t < r.weights.rows(); ++t) {
    CHECK(std::abs(r.weights.row(t).sum() - 1.0) < 1e-12);
  }
  // Trades happen only on execution dates of decisions (or delistings).
  for (const auto& tr : r.trades) {
    if (tr.cause != "rebalance") continue;
    bool found = false;
    for (const auto& d : r.decisions)
      if (d.executed && d.execution_date == tr.date && d.date == tr.decision_date) found = true;
    CHECK(found);
  }
  for (const auto& d : r.decisions)
    if (d.executed) {
      // execution row = decision row + lag
      auto it = std::find(r.dates.begin(), r.dates.end(), d.execution_date);
      REQUIRE(it != r.dates.end());
      if (d.row >= 0 && lag == 0) CHECK(d.execution_date == d.date);
    }
}

}  // namespace

TEST_CASE("static 60/40 equals an independent units-based computation", "[backtest][static]") {
  const auto dates = business_days(date_from_ymd(2020, 1, 6), 400);
  Panel p = random_prices(dates, {"EQ", "BD"}, 7);
  const MarketData md = market(p);
  StaticMixStrategy s(weights({0.6, 0.4, 0.0}));
  EngineOptions o;
  o.fee_ann = 0.0;
  auto res = run_backtest(md, s, bench_of({0, 1}, {0.6, 0.4}), o, "6040");
  REQUIRE(res.ok());
  const BacktestResult& r = *res;
  check_invariants(r, 0);
  // Independent: hold units; at each month-end close, re-set units to 60/40 of NAV.
  size_t start = 0;
  while (!month_end_of(dates, start)) ++start;
  REQUIRE(r.dates.front() == dates[start]);
  double nav = 1.0;
  double u0 = 0.6 * nav / p.values(Index(start), 0), u1 = 0.4 * nav / p.values(Index(start), 1);
  for (size_t t = start; t < dates.size(); ++t) {
    nav = u0 * p.values(Index(t), 0) + u1 * p.values(Index(t), 1);
    const size_t k = t - start;
    CHECK(r.nav_gross(Index(k)) == Approx(nav).epsilon(1e-12));
    CHECK(r.nav_net(Index(k)) == Approx(nav).epsilon(1e-12));
    // The benchmark is the same 60/40 rebalanced at month-ends.
    CHECK(r.nav_benchmark(Index(k)) == Approx(nav).epsilon(1e-12));
    if (month_end_of(dates, t)) {
      u0 = 0.6 * nav / p.values(Index(t), 0);
      u1 = 0.4 * nav / p.values(Index(t), 1);
    }
    const double w0 = u0 * p.values(Index(t), 0) / nav;  // end-of-day, after any rebalance
    CHECK(r.weights(Index(k), 0) == Approx(w0).epsilon(1e-12));
  }
  // One decision per month-end from the start, each executed at the decision close (lag 0).
  int month_ends = 0;
  for (size_t t = start; t < dates.size(); ++t) month_ends += month_end_of(dates, t);
  CHECK(static_cast<int>(r.decisions.size()) == month_ends);
  CHECK(r.trades.front().turnover == Approx(1.0).margin(1e-15));  // first execution from 100 % cash
}

TEST_CASE("buy and hold drifts like manual compounding", "[backtest][drift]") {
  const auto dates = business_days(date_from_ymd(2021, 3, 1), 120);
  Panel p = random_prices(dates, {"A", "B", "C"}, 11);
  const MarketData md = market(p);
  const Schedule once = once_only();
  StaticMixStrategy s(weights({0.5, 0.3, 0.1, 0.1}), once);
  EngineOptions o;
  o.fee_ann = 0.0;
  auto res = run_backtest(md, s, bench_of({0}, {1.0}), o);
  REQUIRE(res.ok());
  check_invariants(*res, 0);
  const double w0[3] = {0.5, 0.3, 0.1};
  for (Index t = 0; t < p.rows(); ++t) {
    double g[3], nav = 0.1;  // cash earns 0
    for (int i = 0; i < 3; ++i) {
      g[i] = w0[i] * p.values(t, i) / p.values(0, i);
      nav += g[i];
    }
    CHECK(res->nav_gross(t) == Approx(nav).epsilon(1e-12));
    for (int i = 0; i < 3; ++i) CHECK(res->weights(t, i) == Approx(g[i] / nav).epsilon(1e-12));
    CHECK(res->weights(t, 3) == Approx(0.1 / nav).epsilon(1e-12));
    CHECK(res->nav_benchmark(t) == Approx(p.values(t, 0) / p.values(0, 0)).epsilon(1e-12));
  }
  CHECK(res->decisions.size() == 1);
  CHECK(res->trades.size() == 1);
}

// The benchmark's rebalancing rules against their closed forms (the daily rule runs in the engine's quiet-day
// loop on every row that is not a month end).
TEST_CASE("benchmark rebalanced daily, at month ends or never", "[backtest][benchmark]") {
  const auto dates = business_days(date_from_ymd(2021, 3, 1), 90);
  Panel p = random_prices(dates, {"A", "B", "C"}, 23);
  const MarketData md = market(p);
  const Schedule once = once_only();
  EngineOptions o;
  o.fee_ann = 0.0;
  auto run = [&](BenchmarkRebalance rb) {
    StaticMixStrategy s(weights({0.2, 0.3, 0.5, 0.0}), once);
    return run_backtest(md, s, bench_of({0, 1}, {0.6, 0.4}, rb), o);
  };
  auto daily = run(BenchmarkRebalance::Daily);
  auto month_end = run(BenchmarkRebalance::MonthEnd);
  auto none = run(BenchmarkRebalance::None);
  REQUIRE(daily.ok());
  REQUIRE(month_end.ok());
  REQUIRE(none.ok());
  REQUIRE(daily->nav_benchmark.size() == p.rows());
  double nav_d = 1.0;
  Index last_me = 0;  // the start row, then each month's last date
  for (Index t = 0; t < p.rows(); ++t) {
    if (t > 0) {
      const double r0 = p.values(t, 0) / p.values(t - 1, 0) - 1.0, r1 = p.values(t, 1) / p.values(t - 1, 1) - 1.0;
      nav_d *= 1.0 + 0.6 * r0 + 0.4 * r1;
    }
    const double hold = 0.6 * p.values(t, 0) / p.values(0, 0) + 0.4 * p.values(t, 1) / p.values(0, 1);
    const double me = month_end->nav_benchmark(last_me) *
                      (0.6 * p.values(t, 0) / p.values(last_me, 0) + 0.4 * p.values(t, 1) / p.values(last_me, 1));
    CHECK(daily->nav_benchmark(t) == Approx(nav_d).epsilon(1e-12));
    CHECK(none->nav_benchmark(t) == Approx(hold).epsilon(1e-12));
    CHECK(month_end->nav_benchmark(t) == Approx(me).epsilon(1e-12));
    if (month_end_of(dates, size_t(t))) last_me = t;
  }
  // The portfolio itself does not depend on the benchmark rule.
  CHECK(daily->nav_net(p.rows() - 1) == none->nav_net(p.rows() - 1));
  CHECK(month_end->nav_net(p.rows() - 1) == none->nav_net(p.rows() - 1));
}

TEST_CASE("monthly fee with prorated first and last months, to 1e-12", "[backtest][fee]") {
  // Constant prices: only the fee moves the net NAV. Start Fri 2021-01-15, end Wed 2021-04-14.
  const auto dates = business_days_between(date_from_ymd(2021, 1, 15), date_from_ymd(2021, 4, 14));
  Panel p;
  p.dates = dates;
  p.names = {"A"};
  p.values = Mat::Constant(Index(dates.size()), 1, 50.0);
  const MarketData md = market(p);
  const Schedule once = once_only();
  StaticMixStrategy s(weights({1.0, 0.0}), once);
  EngineOptions o;
  o.fee_ann = 0.012;
  auto res = run_backtest(md, s, bench_of({0}, {1.0}), o);
  REQUIRE(res.ok());
  check_invariants(*res, 0);
  REQUIRE(res->fees.size() == 4);
  const double f = 0.012 / 12.0;
  // Jan: days 16..31 = 16 of 31; Feb full; Mar full; Apr 1..14 = 14 of 30 (charged at the final date).
  const double pr[4] = {16.0 / 31.0, 1.0, 1.0, 14.0 / 30.0};
  const int days[4] = {16, 28, 31, 14};
  double nav = 1.0;
  for (int k = 0; k < 4; ++k) {
    const double fee = f * pr[k] * nav;
    CHECK(res->fees[size_t(k)].days_invested == days[k]);
    CHECK(res->fees[size_t(k)].amount == Approx(fee).margin(1e-15));
    CHECK(std::abs(res->fees[size_t(k)].base - nav) < 1e-12);
    nav -= fee;
  }
  CHECK(std::abs(res->nav_net(res->nav_net.size() - 1) - nav) < 1e-12);
  CHECK(res->fees.back().date == date_from_ymd(2021, 4, 14));
  CHECK(res->nav_gross(res->nav_gross.size() - 1) == 1.0);
  // Gross-net identity per month: r_net = r_gross − fee/12·prorate.
  REQUIRE(res->monthly.size() == 4);
  for (int k = 0; k < 4; ++k)
    CHECK(std::abs(res->monthly[size_t(k)].net - (res->monthly[size_t(k)].gross - f * pr[k])) < 1e-12);
}

TEST_CASE("gross-net identity holds every month with moving prices", "[backtest][fee]") {
  const auto dates = business_days(date_from_ymd(2019, 5, 20), 700);
  Panel p = random_prices(dates, {"A", "B"}, 3);
  const MarketData md = market(p);
  StaticMixStrategy s(weights({0.7, 0.3, 0.0}));
  EngineOptions o;  // default fee 0.55 %
  auto res = run_backtest(md, s, bench_of({0, 1}, {0.5, 0.5}), o);
  REQUIRE(res.ok());
  check_invariants(*res, 0);
  REQUIRE(res->monthly.size() == res->fees.size());
  for (size_t k = 0; k < res->monthly.size(); ++k) {
    const double expect = res->monthly[k].gross - 0.0055 / 12.0 * res->fees[k].prorate;
    CHECK(std::abs(res->monthly[k].net - expect) < 1e-12);
  }
  // Start on a month-end Friday (2019-05-31): May is charged for 0 days → first fee is June, full month.
  CHECK(res->dates.front() == date_from_ymd(2019, 5, 31));
  CHECK(res->fees.front().month == 6);
  CHECK(res->fees.front().prorate == 1.0);
}

TEST_CASE("transaction costs: first trade from cash and rebalances, to 1e-12", "[backtest][costs]") {
  const auto dates = business_days(date_from_ymd(2022, 1, 3), 70);
  Panel p = random_prices(dates, {"A", "B"}, 5);
  const MarketData md = market(p);
  StaticMixStrategy s(weights({0.6, 0.4, 0.0}));
  EngineOptions o;
  o.fee_ann = 0.0;
  o.tc_bps = weights({10.0, 5.0});
  auto res = run_backtest(md, s, bench_of({0}, {1.0}), o);
  REQUIRE(res.ok());
  check_invariants(*res, 0);
  const auto& tr = res->trades;
  REQUIRE(tr.size() >= 3);
  CHECK(std::abs(tr[0].cost - (0.001 * 0.6 + 0.0005 * 0.4)) < 1e-15);
  CHECK(std::abs(tr[0].turnover - 1.0) < 1e-15);
  CHECK(std::abs(res->nav_gross(0) - (1.0 - tr[0].cost)) < 1e-15);
  // Second trade: drifted pre-trade weights from manual compounding since the first month-end.
  const Index s0 = std::find(dates.begin(), dates.end(), tr[0].date) - dates.begin();
  const Index s1 = std::find(dates.begin(), dates.end(), tr[1].date) - dates.begin();
  const double g0 = 0.6 * p.values(s1, 0) / p.values(s0, 0), g1 = 0.4 * p.values(s1, 1) / p.values(s0, 1);
  const double w0 = g0 / (g0 + g1), w1 = g1 / (g0 + g1);
  CHECK(std::abs(tr[1].pre(0) - w0) < 1e-12);
  const double cost = 0.001 * std::abs(0.6 - w0) + 0.0005 * std::abs(0.4 - w1);
  CHECK(std::abs(tr[1].cost - cost) < 1e-12);
  CHECK(std::abs(tr[1].turnover - 0.5 * (std::abs(0.6 - w0) + std::abs(0.4 - w1))) < 1e-12);
  const Index k1 = s1 - s0;
  const double nav_pre = (1.0 - tr[0].cost) * (g0 + g1);
  CHECK(res->nav_gross(k1) == Approx(nav_pre * (1.0 - cost)).epsilon(1e-12));
}

TEST_CASE("execution lag 1 trades at the next close; final-date decision is reported only",
          "[backtest][lag]") {
  const auto dates = business_days(date_from_ymd(2022, 1, 3), 63);  // ends 2022-03-31 (a month-end)
  Panel p = random_prices(dates, {"A", "B"}, 9);
  const MarketData md = market(p);
  StaticMixStrategy s(weights({0.5, 0.5, 0.0}), Schedule{}, 1);
  EngineOptions o;
  auto res = run_backtest(md, s, bench_of({0}, {1.0}), o);
  REQUIRE(res.ok());
  check_invariants(*res, 1);
  REQUIRE(res->decisions.size() == 3);
  CHECK(res->decisions[0].date == date_from_ymd(2022, 1, 31));
  CHECK(res->decisions[0].execution_date == date_from_ymd(2022, 2, 1));
  CHECK(res->dates.front() == date_from_ymd(2022, 2, 1));
  CHECK_FALSE(res->decisions[2].executed);
  CHECK(res->decisions[2].not_executed_reason == "after_final_date");
  // No trade on any other day: weights on day k+1 equal drifted weights of day k unless it is an execution.
  CHECK(res->trades.size() == 2);
}

TEST_CASE("delisted asset is sold into cash at its last close", "[backtest][delisting]") {
  const auto dates = business_days(date_from_ymd(2022, 1, 3), 80);
  Panel p = random_prices(dates, {"A", "B"}, 13);
  for (Index r = 30; r < 80; ++r) p.values(r, 1) = kNaN;  // B stops trading after row 29
  const MarketData md = market(p);
  const Schedule once = once_only();
  StaticMixStrategy s(weights({0.5, 0.5, 0.0}), once);
  EngineOptions o;
  o.fee_ann = 0.0;
  auto res = run_backtest(md, s, bench_of({0}, {1.0}), o);
  REQUIRE(res.ok());
  check_invariants(*res, 0);
  // Weight of B moved to cash on row 30; NAV thereafter = A-part + frozen B value.
  const double b_final = 0.5 * p.values(29, 1) / p.values(0, 1);
  for (Index r = 30; r < 80; ++r) {
    CHECK(res->weights(r, 1) == 0.0);
    CHECK(res->nav_gross(r) == Approx(0.5 * p.values(r, 0) / p.values(0, 0) + b_final).epsilon(1e-12));
  }
  CHECK(res->trades.size() == 2);
  CHECK(res->trades[1].cause == "delisting:B");
}

TEST_CASE("volatility-target overlay scales risky weights by min(target/sigma, 1)", "[backtest][overlay]") {
  const auto dates = business_days(date_from_ymd(2021, 1, 4), 200);
  Panel p = random_prices(dates, {"A", "B"}, 21, 0.0, 0.02);
  const MarketData md = market(p);
  auto inner = std::make_unique<StaticMixStrategy>(weights({0.5, 0.5, 0.0}));
  VolTargetOverlay vt(std::move(inner), 0.10, 63, 1.0);
  EngineOptions o;
  auto res = run_backtest(md, vt, bench_of({0}, {1.0}), o);
  REQUIRE(res.ok());
  check_invariants(*res, 0);
  for (const auto& d : res->decisions) {
    const Index r = d.row;
    if (d.audit["vt_sigma_ex_ante"].is_null()) continue;
    // Direct: sample covariance of the two assets over the last 63 returns.
    Mat X(63, 2);
    for (Index k = 0; k < 63; ++k)
      for (Index c = 0; c < 2; ++c) X(k, c) = md.returns(r - 62 + k, c);
    const Mat Xc = X.rowwise() - X.colwise().mean();
    const Mat S = Xc.transpose() * Xc / 62.0;
    const Vec w = weights({0.5, 0.5});
    const double sig = std::sqrt(w.dot(S * w) * 252.0);
    CHECK(d.audit["vt_sigma_ex_ante"].get<double>() == Approx(sig).epsilon(1e-10));
    const double e = std::min(0.10 / sig, 1.0);
    CHECK(d.target(0) == Approx(0.5 * e).epsilon(1e-12));
    CHECK(d.target(2) == Approx(1.0 - e).epsilon(1e-12));
  }
}

TEST_CASE("volatility-target overlay with the EWMA estimator equals wᵀ ewma_cov w", "[backtest][overlay]") {
  const auto dates = business_days(date_from_ymd(2021, 1, 4), 200);
  Panel p = random_prices(dates, {"A", "B"}, 22, 0.0, 0.02);
  const MarketData md = market(p);
  auto inner = std::make_unique<StaticMixStrategy>(weights({0.7, 0.3, 0.0}));
  VolTargetOverlay vt(std::move(inner), 0.08, 63, 1.0, 0.94);
  auto res = run_backtest(md, vt, bench_of({0}, {1.0}), EngineOptions{});
  REQUIRE(res.ok());
  check_invariants(*res, 0);
  int checked = 0;
  for (const auto& d : res->decisions) {
    const Index r = d.row;
    if (d.audit["vt_sigma_ex_ante"].is_null()) continue;
    Mat X(63, 2);
    for (Index k = 0; k < 63; ++k)
      for (Index c = 0; c < 2; ++c) X(k, c) = md.returns(r - 62 + k, c);
    const Vec w = weights({0.7, 0.3});
    const double sig = std::sqrt(w.dot(ewma_cov(X, 0.94, false, 252) * w));  // estimators.hpp, matrix form
    CHECK(d.audit["vt_sigma_ex_ante"].get<double>() == Approx(sig).epsilon(1e-12));
    const double e = std::min(0.08 / sig, 1.0);
    CHECK(d.target(0) == Approx(0.7 * e).epsilon(1e-12));
    CHECK(d.target(2) == Approx(1.0 - e).epsilon(1e-12));
    ++checked;
  }
  CHECK(checked >= 5);
}

TEST_CASE("fee methods multiply_nav and geometric", "[backtest][fee]") {
  const auto dates = business_days_between(date_from_ymd(2021, 2, 1), date_from_ymd(2021, 3, 31));
  Panel p;
  p.dates = dates;
  p.names = {"A"};
  p.values = Mat::Constant(Index(dates.size()), 1, 10.0);
  const MarketData md = market(p);
  const Schedule once = once_only();
  for (FeeMethod fm : {FeeMethod::MultiplyNav, FeeMethod::Geometric}) {
    StaticMixStrategy s(weights({1.0, 0.0}), once);
    EngineOptions o;
    o.fee_ann = 0.02;
    o.fee_method = fm;
    auto res = run_backtest(md, s, bench_of({0}, {1.0}), o);
    REQUIRE(res.ok());
    // Start Mon 2021-02-01: Feb days 2..28 = 27/28; March full.
    double nav = 1.0;
    const double pr[2] = {27.0 / 28.0, 1.0};
    for (double x : pr) nav *= fm == FeeMethod::MultiplyNav ? 1.0 - 0.02 / 12.0 * x : std::pow(0.98, x / 12.0);
    CHECK(std::abs(res->nav_net(res->nav_net.size() - 1) - nav) < 1e-12);
  }
}

namespace {

/// Static mix that also requests an unscheduled decision when asset 0 falls more than 1.5 % in a day.
class DropTrigger : public StaticMixStrategy {
 public:
  using StaticMixStrategy::StaticMixStrategy;
  bool uses_triggers() const override { return true; }  // StaticMixStrategy has none
  std::optional<std::string> check_trigger(const AsOfView& v) override {
    ++calls;
    if (v.ret(v.last(), 0) < -0.015) return std::string("drop");
    return std::nullopt;
  }
  Result<Decision> decide(const DecisionInput& in) override {
    causes.push_back(in.cause);
    // The current weights handed over are the drifted weights of that close.
    current.push_back(in.current_weights);
    return StaticMixStrategy::decide(in);
  }
  int calls = 0;
  std::vector<std::string> causes;
  std::vector<Vec> current;
};

}  // namespace

TEST_CASE("per-day triggers request unscheduled decisions", "[backtest][trigger]") {
  const auto dates = business_days(date_from_ymd(2020, 1, 6), 300);
  Panel p = random_prices(dates, {"A", "B"}, 19, 0.0, 0.012);
  const MarketData md = market(p);
  for (int lag : {0, 1}) {
    DropTrigger s(weights({0.5, 0.5, 0.0}), Schedule{}, lag);
    EngineOptions o;
    auto r = run_backtest(md, s, bench_of({0}, {1.0}), o);
    REQUIRE(r.ok());
    check_invariants(*r, lag);
    int trig = 0;
    for (const auto& d : r->decisions) {
      const bool me = md.is_month_end(d.row);
      if (d.cause == "drop") {
        ++trig;
        CHECK_FALSE(me);
        CHECK(md.returns(d.row, 0) < -0.015);
        CHECK(d.row > r->decisions.front().row);
      } else {
        CHECK(d.cause == "scheduled");
        CHECK(me);
      }
    }
    CHECK(trig > 3);
    // Triggers are checked on every non-scheduled date after the first decision, and only then.
    int non_sched = 0;
    for (Index t = r->decisions.front().row + 1; t < md.rows(); ++t) non_sched += !md.is_month_end(t);
    CHECK(s.calls == non_sched);
    // Trades happen only on execution dates; with lag 1 a decision is executed on the next row.
    for (const auto& d : r->decisions)
      if (d.executed) {
        const Index er = std::find(md.dates.begin(), md.dates.end(), d.execution_date) - md.dates.begin();
        CHECK(er == d.row + lag);
      }
    // Weights between executions are pure drift: no change other than by returns.
    for (size_t k = 1; k < r->dates.size(); ++k) {
      const bool exec = std::any_of(r->trades.begin(), r->trades.end(),
                                    [&](const TradeRecord& t) { return t.date == r->dates[k]; });
      if (exec) continue;
      const Index row = std::find(md.dates.begin(), md.dates.end(), r->dates[k]) - md.dates.begin();
      const double a = r->weights(Index(k) - 1, 0) * (1 + md.returns(row, 0));
      const double b = r->weights(Index(k) - 1, 1) * (1 + md.returns(row, 1));
      CHECK(r->weights(Index(k), 0) == Approx(a / (a + b)).epsilon(1e-12));
    }
    // The current weights passed to decide() equal the recorded end-of-previous-day drifted weights.
    for (size_t k = 1; k < r->decisions.size(); ++k) {
      const Index row = r->decisions[k].row;
      const Index t = std::find(r->dates.begin(), r->dates.end(), md.dates[size_t(row)]) - r->dates.begin();
      const Vec pre = r->weights.row(t - 1).transpose();
      const double a = pre(0) * (1 + md.returns(row, 0)), b = pre(1) * (1 + md.returns(row, 1));
      CHECK(s.current[k](0) == Approx(a / (a + b)).epsilon(1e-12));
    }
  }
}

TEST_CASE("turnover threshold skips small rebalances", "[backtest][threshold]") {
  const auto dates = business_days(date_from_ymd(2020, 1, 6), 400);
  Panel p = random_prices(dates, {"A", "B"}, 29, 0.0, 0.004);
  const MarketData md = market(p);
  StaticMixStrategy s(weights({0.5, 0.5, 0.0}));
  EngineOptions o;
  o.turnover_threshold = 0.01;
  auto r = run_backtest(md, s, bench_of({0}, {1.0}), o);
  REQUIRE(r.ok());
  int skipped = 0;
  for (const auto& d : r->decisions)
    if (d.not_executed_reason == "below_turnover_threshold") ++skipped;
  for (const auto& t : r->trades) CHECK((t.turnover >= 0.01 || t.date == r->dates.front()));
  CHECK(skipped > 0);
  CHECK(r->trades.size() + size_t(skipped) == r->decisions.size());
}

TEST_CASE("as-of view: eligibility and truncation", "[backtest][view]") {
  const auto dates = business_days(date_from_ymd(2020, 1, 6), 40);
  Panel p = random_prices(dates, {"A", "B", "C"}, 2);
  for (Index r = 0; r < 10; ++r) p.values(r, 1) = kNaN;  // B starts at row 10
  p.values(20, 2) = kNaN;                                  // C has a one-day hole (filled)
  for (Index r = 30; r < 37; ++r) p.values(r, 2) = kNaN;   // and a 7-day gap (not filled, max 5)
  const MarketData md = market(p);
  AsOfView v(md, 26);  // rows 0..25
  CHECK(v.last() == 25);
  CHECK(v.eligible(0, 25));
  CHECK_FALSE(v.eligible(0, 26));
  CHECK(v.eligible(1, 15));  // rows 10..25 = 16 prices
  CHECK_FALSE(v.eligible(1, 16));
  CHECK(v.eligible(0, 10, 1));
  CHECK_FALSE(v.eligible(0, 16, 1));  // the benchmark B lacks history
  CHECK(v.eligible_columns({0, 1, 2}, 20) == std::vector<Index>{0, 2});  // the filled hole counts as valid
  // Reads past the truncation are clamped to the decision row.
  CHECK(v.price(39, 0) == md.prices(25, 0));
  CHECK(v.prices().rows() == 26);
  AsOfView w(md, 38);
  CHECK(w.valid_run(37, 2) == 1);
  CHECK_FALSE(w.eligible(2, 1));
}

TEST_CASE("quarter-end, every-N-weeks and explicit-date schedules", "[backtest][schedule]") {
  const auto dates = business_days(date_from_ymd(2021, 1, 4), 300);  // ends 2022-02-25
  Panel p = random_prices(dates, {"A"}, 1);
  const MarketData md = market(p);
  auto run_with = [&](Schedule s) {
    StaticMixStrategy st(weights({1.0, 0.0}), std::move(s));
    auto r = run_backtest(md, st, bench_of({0}, {1.0}), EngineOptions{});
    REQUIRE(r.ok());
    std::vector<Date> out;
    for (const auto& d : r->decisions) out.push_back(d.date);
    return out;
  };
  Schedule q;
  q.kind = ScheduleKind::QuarterEnd;
  CHECK(run_with(q) == std::vector<Date>{date_from_ymd(2021, 3, 31), date_from_ymd(2021, 6, 30),
                                         date_from_ymd(2021, 9, 30), date_from_ymd(2021, 12, 31),
                                         date_from_ymd(2022, 2, 25)});
  Schedule w;
  w.kind = ScheduleKind::EveryNWeeks;
  w.weeks = 3;
  const auto wd = run_with(w);
  CHECK(wd.front() == date_from_ymd(2021, 1, 8));  // Friday of the first (anchor) week
  for (size_t k = 1; k < wd.size(); ++k) CHECK(wd[k] - wd[k - 1] == 21);
  Schedule d;
  d.kind = ScheduleKind::Dates;
  d.dates = {date_from_ymd(2021, 5, 16), date_from_ymd(2021, 5, 17), date_from_ymd(2021, 12, 25)};
  CHECK(run_with(d) == std::vector<Date>{date_from_ymd(2021, 5, 14), date_from_ymd(2021, 5, 17),
                                         date_from_ymd(2021, 12, 24)});
}
