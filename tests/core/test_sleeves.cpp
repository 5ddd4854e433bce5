// Sleeve rebalancing (spec §6.5 sleeve_rebalance) and the long-format weights output (spec §5.6):
// - a hand-built two-sleeve case whose drifted shares are exact fractions computed by hand;
// - TrendFolios Moderate with month_end: shares used at every execution equal an independent value-based
//   simulation of the three sleeves, combined weights = Σ_s share_s·sleeve weights, shares sum to 1 and equal
//   the sleeve weights exactly at month-end executions and resets; decisions identical to with_sleeves;
// - scenario field validation; long CSV rows equal the wide matrices exactly, zero weights included.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <sstream>

#include "backtest_fixtures.hpp"
#include "riskdial/scenario.hpp"
#include "riskdial/signals.hpp"

using namespace riskdial;
using namespace riskdial::testing;

namespace {

/// Decisions on fixed rows; each decision is a sleeve split with the given sleeve weights.
class SplitStrategy : public Strategy {
 public:
  struct Step {
    Index row;
    std::vector<Vec> sleeve_weights;
  };
  SplitStrategy(std::vector<double> shares, std::vector<Step> steps, std::vector<Date> dates)
      : shares_(std::move(shares)), steps_(std::move(steps)), dates_(std::move(dates)) {}
  std::string type() const override { return "split"; }
  Schedule schedule() const override {
    Schedule s;
    s.kind = ScheduleKind::Dates;
    for (const auto& st : steps_) s.dates.push_back(dates_[size_t(st.row)]);
    return s;
  }
  int execution_lag() const override { return 0; }
  bool ready(const AsOfView&) override { return true; }
  Result<Decision> decide(const DecisionInput& in) override {
    for (const auto& st : steps_)
      if (st.row == in.view.last()) {
        auto sp = std::make_shared<SleeveSplit>();
        sp->shares = shares_;
        sp->weights = st.sleeve_weights;
        Decision d;
        d.weights = Vec::Zero(st.sleeve_weights[0].size());
        for (size_t s = 0; s < shares_.size(); ++s) {
          sp->names.push_back("S" + std::to_string(s + 1));
          d.weights += shares_[s] * st.sleeve_weights[s];
        }
        d.sleeves = std::move(sp);
        return d;
      }
    return make_error(ErrorCode::Internal, "unexpected decision row");
  }

 private:
  std::vector<double> shares_;
  std::vector<Step> steps_;
  std::vector<Date> dates_;
};

/// Columns A, B, C (prices 100) on business days from Mon 2021-01-04; A = 110 from row 2 (Jan 6),
/// C = 120 from row 7 (Jan 13). Row 19 = Fri 2021-01-29 (January's last business day).
Panel hand_panel() {
  Panel p;
  p.dates = business_days(date_from_ymd(2021, 1, 4), 40);  // to Fri 2021-02-26 (a month-end)
  p.names = {"A", "B", "C"};
  p.kind = ValueKind::Prices;
  p.values = Mat::Constant(40, 3, 100.0);
  for (Index r = 2; r < 40; ++r) p.values(r, 0) = 110.0;
  for (Index r = 7; r < 40; ++r) p.values(r, 2) = 120.0;
  return p;
}

EngineOptions no_fee(SleeveRebalance mode, double tc = 0.0) {
  EngineOptions o;
  o.fee_ann = 0.0;
  o.sleeve_rebalance = mode;
  o.tc_bps = Vec::Constant(3, tc);
  return o;
}

BenchmarkSpec cash_bench() {
  BenchmarkSpec b;
  b.columns = {-1};
  b.weights = {1.0};
  return b;
}

}  // namespace

TEST_CASE("sleeve_rebalance month_end: hand-computed drifted shares and month-end reset", "[sleeves]") {
  const Panel p = hand_panel();
  const MarketData md = market(p);
  REQUIRE(md.dates[19] == date_from_ymd(2021, 1, 29));
  REQUIRE(md.is_month_end(19));
  // Sleeve weights (A, B, C, CASH). Decision 0 (row 0): S1 = A, S2 = B. Decision 1 (row 5, Mon Jan 11, not a
  // month-end): S1 = ½A + ½C, S2 = B.
  const std::vector<SplitStrategy::Step> steps{{0, {weights({1, 0, 0, 0}), weights({0, 1, 0, 0})}},
                                               {5, {weights({0.5, 0, 0.5, 0}), weights({0, 1, 0, 0})}}};
  SplitStrategy me({0.5, 0.5}, steps, md.dates);
  auto r = run_backtest(md, me, cash_bench(), no_fee(SleeveRebalance::MonthEnd, 10.0), "me");
  REQUIRE(r.ok());
  // By hand: row 2 A +10 % → NAV 1.05, S1 = 0.55, S2 = 0.5 → shares 11/21, 10/21 at row 5.
  // Target at row 5: A = C = (11/21)·½ = 11/42, B = 10/21 (with_sleeves would use ¼, ¼, ½).
  // Row 7 C +20 %: S1 = 1.05·(11/42)(1 + 1.2) = 1.05·24.2/42, S2 = 1.05·20/42 → shares 121/221, 100/221;
  // weights A = 55/221, C = 66/221, B = 100/221. Month-end row 19 resets to ½/½ keeping S1's drifted
  // composition (A 5/11, C 6/11): A = 5/22, C = 3/11, B = 1/2.
  REQUIRE(r->decisions.size() == 2);
  const auto& d1 = r->decisions[1];
  REQUIRE(d1.executed);
  REQUIRE(d1.sleeve_shares.size() == 2);
  CHECK(d1.sleeve_shares[0] == Approx(11.0 / 21).epsilon(1e-14));
  CHECK(d1.sleeve_shares[1] == Approx(10.0 / 21).epsilon(1e-14));
  CHECK(r->decisions[0].sleeve_shares == std::vector<double>{0.5, 0.5});  // first execution: targets
  // Nominal target (decision record) vs executed weights (trade).
  CHECK(d1.target(0) == 0.25);
  REQUIRE(r->trades.size() == 4);  // first execution, decision 1, January reset, February (final) reset
  const TradeRecord& t1 = r->trades[1];
  CHECK(t1.cause == "rebalance");
  CHECK(t1.post(0) == Approx(11.0 / 42).epsilon(1e-14));
  CHECK(t1.post(2) == Approx(11.0 / 42).epsilon(1e-14));
  CHECK(t1.post(1) == Approx(10.0 / 21).epsilon(1e-14));
  CHECK(std::abs(t1.post(3)) < 1e-16);
  // Pre-trade at row 5: A = 11/21, B = 10/21 → one-way turnover = 11/42; cost 10 bps·2·11/42.
  CHECK(t1.turnover == Approx(11.0 / 42).epsilon(1e-14));
  CHECK(t1.cost == Approx(0.001 * 22.0 / 42).epsilon(1e-12));
  const TradeRecord& t2 = r->trades[2];
  CHECK(t2.cause == "sleeve_rebalance");
  CHECK(t2.date == date_from_ymd(2021, 1, 29));
  CHECK(t2.sleeve_shares == std::vector<double>{0.5, 0.5});
  CHECK(t2.pre(0) == Approx(55.0 / 221).epsilon(1e-13));
  CHECK(t2.pre(2) == Approx(66.0 / 221).epsilon(1e-13));
  CHECK(t2.pre(1) == Approx(100.0 / 221).epsilon(1e-13));
  CHECK(t2.post(0) == Approx(5.0 / 22).epsilon(1e-13));
  CHECK(t2.post(2) == Approx(3.0 / 11).epsilon(1e-13));
  CHECK(t2.post(1) == Approx(0.5).epsilon(1e-13));
  const double to2 = 0.5 * (std::abs(5.0 / 22 - 55.0 / 221) + std::abs(3.0 / 11 - 66.0 / 221) +
                            std::abs(0.5 - 100.0 / 221));
  CHECK(t2.turnover == Approx(to2).epsilon(1e-12));
  CHECK(t2.cost == Approx(0.001 * 2 * to2).epsilon(1e-12));
  // February reset on the final date (a month-end, §5.7): prices flat since January, so it restores ½/½
  // with turnover at rounding level.
  CHECK(r->trades[3].cause == "sleeve_rebalance");
  CHECK(r->trades[3].date == md.dates.back());
  CHECK(r->trades[3].turnover < 1e-15);
  // Gross NAV: costs of the three trades; returns 1.05 and then 1 + (11/42)(0.2) on row 7.
  const double c0 = 0.001 * 1.0, c1 = 0.001 * 22.0 / 42, c2 = 0.001 * 2 * to2;
  CHECK(r->nav_gross(r->nav_gross.size() - 1) ==
        Approx((1 - c0) * 1.05 * (1 - c1) * (1 + 0.2 * 11.0 / 42) * (1 - c2) * (1 - r->trades[3].cost))
            .epsilon(1e-13));

  // JSON: shares appear in month_end mode only.
  const nlohmann::json j = backtest_result_to_json(*r);
  CHECK(j["decisions"][1]["sleeve_shares"][0].get<double>() == d1.sleeve_shares[0]);
  CHECK(j["trades"][2]["sleeve_shares"] == nlohmann::json::array({0.5, 0.5}));

  // with_sleeves: the target combination at every execution, no resets, no sleeve_shares.
  SplitStrategy ws({0.5, 0.5}, steps, md.dates);
  auto rw = run_backtest(md, ws, cash_bench(), no_fee(SleeveRebalance::WithDecisions, 10.0), "ws");
  REQUIRE(rw.ok());
  REQUIRE(rw->trades.size() == 2);
  CHECK(rw->trades[1].post == weights({0.25, 0.5, 0.25, 0}));
  CHECK(rw->decisions[1].sleeve_shares.empty());
  const nlohmann::json jw = backtest_result_to_json(*rw);
  CHECK_FALSE(jw["decisions"][1].contains("sleeve_shares"));
  CHECK_FALSE(jw["trades"][1].contains("sleeve_shares"));
}

namespace {

SleeveWorld world(int n = 1000) { return sleeve_world(n, true); }

}  // namespace

TEST_CASE("sleeve_rebalance month_end on Moderate: shares vs an independent sleeve simulation", "[sleeves]") {
  const SleeveWorld w = world();
  const MarketData md = market(w.p);
  const Index m = md.cols();
  const BenchmarkSpec b = b6040();
  EngineOptions eo;
  eo.sleeve_rebalance = SleeveRebalance::MonthEnd;
  TrendStrategy ts(w.sleeves, TrendParams{});
  auto r = run_backtest(md, ts, b, eo, "me");
  REQUIRE(r.ok());
  TrendStrategy tw(w.sleeves, TrendParams{});
  auto rw = run_backtest(md, tw, b, EngineOptions{}, "ws");
  REQUIRE(rw.ok());
  const std::vector<double> target{0.6, 0.3, 0.1};

  // Decisions do not depend on the holdings: same dates and targets as with_sleeves.
  REQUIRE(r->decisions.size() == rw->decisions.size());
  for (size_t k = 0; k < r->decisions.size(); ++k) {
    CHECK(r->decisions[k].date == rw->decisions[k].date);
    CHECK(r->decisions[k].target == rw->decisions[k].target);
  }
  std::map<Date, const DecisionRecord*> by_date;
  for (const auto& d : r->decisions) by_date[d.date] = &d;
  std::map<Date, Index> row_of;
  for (Index i = 0; i < md.rows(); ++i) row_of[md.dates[size_t(i)]] = i;

  // Independent simulation: per-sleeve values per asset, compounded with price ratios between trades.
  std::vector<Vec> val;
  Index last = -1;
  int executions = 0, drifted_execs = 0, month_end_execs = 0, resets = 0;
  double max_share_gap = 0.0;
  for (const TradeRecord& t : r->trades) {
    REQUIRE(t.sleeve_shares.size() == 3);
    const Index row = row_of.at(t.date);
    double tot = 0.0;
    std::vector<double> sim(3, 0.0);
    if (!val.empty()) {
      for (auto& v : val) {
        for (Index i = 0; i < m; ++i)
          if (v(i) != 0.0) v(i) *= md.prices(row, i) / md.prices(last, i);
        // CASH earns 0 (rf 0).
      }
      for (size_t s = 0; s < 3; ++s) tot += (sim[s] = val[s].sum());
      for (double& x : sim) x /= tot;
      // The drifted pre-trade weights equal the simulation.
      Vec pre = Vec::Zero(m + 1);
      for (const auto& v : val) pre += v / tot;
      CHECK((pre - t.pre).cwiseAbs().maxCoeff() < 1e-12);
    }
    double ssum = 0.0;
    for (double x : t.sleeve_shares) ssum += x;
    CHECK(std::abs(ssum - 1.0) < 1e-14);
    std::vector<Vec> internal(3);
    if (t.cause == "rebalance") {
      ++executions;
      const DecisionRecord& d = *by_date.at(t.decision_date);
      REQUIRE(d.sleeves);
      REQUIRE(d.sleeve_shares == t.sleeve_shares);
      // Combined weights = Σ_s share_s · sleeve weights (the engine's summation order: exact).
      Vec comb = Vec::Zero(m + 1);
      for (size_t s = 0; s < 3; ++s) comb += t.sleeve_shares[s] * d.sleeves->weights[s];
      CHECK((comb - t.post).cwiseAbs().maxCoeff() == 0.0);
      for (size_t s = 0; s < 3; ++s) internal[s] = d.sleeves->weights[s];
      if (md.is_month_end(row) || val.empty()) {
        ++month_end_execs;
        CHECK(t.sleeve_shares == target);  // exactly the sleeve weights
      } else {
        ++drifted_execs;
        for (size_t s = 0; s < 3; ++s) {
          CHECK(t.sleeve_shares[s] == Approx(sim[s]).epsilon(1e-12));
          max_share_gap = std::max(max_share_gap, std::abs(t.sleeve_shares[s] - target[s]));
        }
      }
    } else {
      REQUIRE(t.cause == "sleeve_rebalance");
      ++resets;
      CHECK(md.is_month_end(row));
      CHECK(t.sleeve_shares == target);
      for (size_t s = 0; s < 3; ++s) internal[s] = val[s] / val[s].sum();  // drifted composition kept
      Vec comb = Vec::Zero(m + 1);
      for (size_t s = 0; s < 3; ++s) comb += target[s] * internal[s];
      CHECK((comb - t.post).cwiseAbs().maxCoeff() < 1e-13);
    }
    val.assign(3, Vec());
    for (size_t s = 0; s < 3; ++s) val[s] = t.sleeve_shares[s] * internal[s];
    last = row;
  }
  CHECK(executions == static_cast<int>(std::count_if(r->decisions.begin(), r->decisions.end(),
                                                     [](const DecisionRecord& d) { return d.executed; })));
  CHECK(drifted_execs > 20);
  CHECK(resets > 10);
  CHECK(max_share_gap > 1e-4);  // the drift is visible
  CHECK(r->max_weight_sum_error < 1e-12);
  // with_sleeves: no resets, no shares.
  for (const auto& t : rw->trades) {
    CHECK(t.cause == "rebalance");
    CHECK(t.sleeve_shares.empty());
  }
}

TEST_CASE("scenario field sleeve_rebalance: values, errors, and the engine option", "[sleeves][scenario]") {
  auto bad = [](const std::string& text) {
    auto r = parse_scenario(text);
    REQUIRE_FALSE(r.ok());
    return r.error();
  };
  Error e = bad(R"({"version": 1, "strategies": [{"type": "trend", "sleeve_rebalance": "weekly"}]})");
  CHECK(e.source == "strategies[0].sleeve_rebalance");
  CHECK(e.message == "expected one of with_sleeves, month_end, got \"weekly\"");
  e = bad(R"({"version": 1, "strategies": [{"type": "trend", "sleeve_rebalance": "month_end",
              "vol_target": {"vt_target": 0.1}}]})");
  CHECK(e.source == "strategies[0].sleeve_rebalance");
  e = bad(R"({"version": 1, "strategies": [{"type": "faber", "sleeve_rebalance": "month_end"}]})");
  CHECK(e.source == "strategies[0].sleeve_rebalance");  // trend only (unknown field elsewhere)
  auto ok = parse_scenario(R"({"version": 1, "strategies": [{"type": "trend", "sleeve_rebalance": "month_end"},
                              {"name": "d", "type": "trend"}]})");
  REQUIRE(ok.ok());
  CHECK(ok->strategies[0].sleeve_rebalance == SleeveRebalance::MonthEnd);
  CHECK(ok->strategies[1].sleeve_rebalance == SleeveRebalance::WithDecisions);
}

namespace {

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string f;
  bool q = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (q) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        f += '"';
        ++i;
      } else if (c == '"') {
        q = false;
      } else {
        f += c;
      }
    } else if (c == '"') {
      q = true;
    } else if (c == ',') {
      row.push_back(f);
      f.clear();
    } else if (c == '\n') {
      row.push_back(f);
      f.clear();
      rows.push_back(row);
      row.clear();
    } else {
      f += c;
    }
  }
  return rows;
}

}  // namespace

TEST_CASE("long-format weights CSV equals the wide matrices exactly, zero weights included", "[sleeves][csv]") {
  const SleeveWorld w = world(700);
  const MarketData md = market(w.p);
  const BenchmarkSpec b = b6040();
  EngineOptions eo;
  eo.sleeve_rebalance = SleeveRebalance::MonthEnd;
  TrendStrategy ts(w.sleeves, TrendParams{});
  auto r1 = run_backtest(md, ts, b, eo, "Mod, \"month end\"");  // a name that needs quoting
  REQUIRE(r1.ok());
  StaticMixStrategy st(weights({0.6, 0.4, 0, 0, 0, 0, 0, 0, 0, 0}));
  auto r2 = run_backtest(md, st, b, EngineOptions{}, "static");
  REQUIRE(r2.ok());
  const std::vector<BacktestResult> res{*r1, *r2};
  const auto rows = parse_csv(weights_long_csv(res));
  REQUIRE(rows.front() == std::vector<std::string>{"date", "strategy", "asset", "kind", "weight"});
  size_t k = 1, zeros = 0;
  for (const auto& r : res) {
    const size_t W = r.weight_names.size();
    auto expect = [&](Date d, const std::string& kind, const Vec& wv) {
      for (size_t i = 0; i < W; ++i, ++k) {
        REQUIRE(k < rows.size());
        const auto& row = rows[k];
        REQUIRE(row.size() == 5);
        CHECK(row[0] == format_iso(d));
        CHECK(row[1] == r.name);
        CHECK(row[2] == r.weight_names[i]);
        CHECK(row[3] == kind);
        const double x = std::strtod(row[4].c_str(), nullptr);
        CHECK(x == wv(Index(i)));  // bit-exact round trip
        zeros += x == 0.0;
      }
    };
    for (const auto& d : r.decisions) expect(d.date, "target", d.target);
    for (const auto& t : r.trades) expect(t.date, "executed", t.post);
    for (size_t t = 0; t < r.dates.size(); ++t)
      expect(r.dates[t], "drifted", r.weights.row(Index(t)).transpose());
  }
  CHECK(k == rows.size());  // nothing skipped, nothing extra
  CHECK(zeros > 0);
  // Row count: (decisions + trades + dates) × assets per strategy, plus the header.
  size_t expected = 1;
  for (const auto& r : res)
    expected += (r.decisions.size() + r.trades.size() + r.dates.size()) * r.weight_names.size();
  CHECK(rows.size() == expected);
}
