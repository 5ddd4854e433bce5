#include "riskdial/backtest.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>

#include "riskdial/transform.hpp"
#include "backtest_step.hpp"

namespace riskdial {

namespace {

constexpr double kSumTol = detail::kWeightSumTol;

int week_index(Date d) noexcept {
  const int x = d - 4;  // 1970-01-05 (Monday) is day 4
  return x >= 0 ? x / 7 : -((-x + 6) / 7);
}

int month_key(Date d) noexcept {
  const Ymd v = ymd_from_date(d);
  return v.year * 12 + v.month - 1;
}

int quarter_key(Date d) noexcept {
  const Ymd v = ymd_from_date(d);
  return v.year * 4 + (v.month - 1) / 3;
}

nlohmann::json num(double x) {
  if (std::isfinite(x)) return x;
  return nullptr;
}

// Filled as a reserved array_t (json::push_back checks the type and may reallocate per element).
nlohmann::json vec_json(const Vec& v) {
  nlohmann::json::array_t a;
  a.reserve(static_cast<size_t>(v.size()));
  for (Index i = 0; i < v.size(); ++i) a.emplace_back(num(v(i)));
  return a;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// MarketData
// ---------------------------------------------------------------------------------------------------------

Index MarketData::find(const std::string& name) const noexcept {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Index>(i);
  return -1;
}

bool MarketData::is_month_end(Index r) const noexcept {
  if (r + 1 >= rows()) return true;
  if (month_keys.size() == dates.size()) return month_keys[size_t(r)] != month_keys[size_t(r + 1)];
  return month_key(dates[static_cast<size_t>(r)]) != month_key(dates[static_cast<size_t>(r + 1)]);
}

std::shared_ptr<const std::vector<std::string>> SharedNames::get(const AsOfView& v) {
  if (!names_ || source_ != &v.names() || names_->size() != v.names().size()) {
    names_ = std::make_shared<const std::vector<std::string>>(v.names());
    source_ = &v.names();
  }
  return names_;
}

namespace {
nlohmann::json merged_audit(const nlohmann::json& audit, const AuditPayload* payload) {
  nlohmann::json a = audit.is_object() ? audit : nlohmann::json::object();
  if (payload) payload->write(a);
  return a;
}
}  // namespace

nlohmann::json Decision::full_audit() const { return merged_audit(audit, payload.get()); }
nlohmann::json DecisionRecord::full_audit() const { return merged_audit(audit, payload.get()); }

Result<MarketData> prepare_market_data(const Panel& in, const MarketDataOptions& opt) {
  if (in.kind != ValueKind::Prices)
    return make_error(ErrorCode::InvalidArgument, "expected a price panel, got returns", "data");
  if (in.rows() < 2)
    return make_error(ErrorCode::InsufficientData,
                      "expected at least 2 dates, got " + std::to_string(in.rows()), "data");
  if (opt.max_ffill_days < 0 || opt.max_ffill_days > 20)
    return make_error(ErrorCode::InvalidArgument,
                      "expected max_ffill_days in 0..20, got " + std::to_string(opt.max_ffill_days),
                      "data.max_ffill_days");
  for (size_t i = 1; i < in.dates.size(); ++i)
    if (in.dates[i] <= in.dates[i - 1])
      return make_error(ErrorCode::InvalidArgument, "expected strictly increasing dates", "data",
                        static_cast<int>(i) + 1);
  for (Index c = 0; c < in.cols(); ++c)
    for (Index r = 0; r < in.rows(); ++r) {
      const double v = in.values(r, c);
      if (!std::isnan(v) && !(v > 0.0) && !(opt.cash_source == CashSource::YieldSeries &&
                                            in.names[static_cast<size_t>(c)] == opt.cash_column))
        return make_error(ErrorCode::NonPositivePrice,
                          "expected prices > 0, got " + std::to_string(v) + " for " +
                              in.names[static_cast<size_t>(c)] + " on " + format_iso(in.dates[size_t(r)]),
                          "data");
    }

  // Span end: last date on which any span column has a price (§5.7).
  Index last = -1;
  std::vector<Index> span_cols;
  if (opt.span_columns.empty()) {
    for (Index c = 0; c < in.cols(); ++c) span_cols.push_back(c);
  } else {
    for (const auto& n : opt.span_columns) {
      const Index c = in.find(n);
      if (c < 0) return make_error(ErrorCode::UnknownColumn, "no column named \"" + n + "\"", "data");
      span_cols.push_back(c);
    }
  }
  for (Index c : span_cols)
    for (Index r = in.rows() - 1; r >= 0; --r)
      if (!std::isnan(in.values(r, c))) {
        last = std::max(last, r);
        break;
      }
  if (last < 1) return make_error(ErrorCode::InsufficientData, "expected at least 2 priced dates", "data");

  Panel p;
  p.dates.assign(in.dates.begin(), in.dates.begin() + last + 1);
  p.names = in.names;
  p.values = in.values.topRows(last + 1);
  p.kind = ValueKind::Prices;
  MarketData md;
  md.filled_cells = forward_fill(p, opt.max_ffill_days);
  md.dates = std::move(p.dates);
  md.names = std::move(p.names);
  md.prices = std::move(p.values);
  md.periods_per_year = opt.periods_per_year;
  // Month keys: the calendar is converted only when a date reaches the next month's first day (dates
  // increase), not once per date.
  md.month_keys.reserve(md.dates.size());
  {
    int key = 0;
    Date next_month = md.dates.front();  // first day of the month after `key`'s month
    for (Date d : md.dates) {
      if (d >= next_month) {
        const Ymd v = ymd_from_date(d);
        key = v.year * 12 + v.month - 1;
        next_month = v.month == 12 ? date_from_ymd(v.year + 1, 1, 1) : date_from_ymd(v.year, v.month + 1, 1);
      }
      md.month_keys.push_back(key);
    }
  }
  // Returns (row 0 NaN) and valid-run lengths in one pass per column; every cell is written.
  const Index n = md.rows(), m = md.cols();
  md.returns.resize(n, m);
  md.valid_run.resize(n, m);
  for (Index c = 0; c < m; ++c) {
    const double* px = md.prices.col(c).data();
    double* ret = md.returns.col(c).data();
    int* run = md.valid_run.col(c).data();
    ret[0] = kNaN;
    run[0] = std::isnan(px[0]) ? 0 : 1;
    for (Index r = 1; r < n; ++r) {
      ret[r] = px[r] / px[r - 1] - 1.0;
      run[r] = std::isnan(px[r]) ? 0 : run[r - 1] + 1;
    }
  }
  md.cash_returns.setZero(n);
  const double P = opt.periods_per_year;
  switch (opt.cash_source) {
    case CashSource::Constant: {
      const double f = opt.deannualize == Deannualize::Geometric ? std::pow(1.0 + opt.rf_ann, 1.0 / P) - 1.0
                                                                 : opt.rf_ann / P;
      for (Index r = 1; r < n; ++r) md.cash_returns(r) = f;
      break;
    }
    case CashSource::IndexSeries:
    case CashSource::YieldSeries: {
      const Index c = md.find(opt.cash_column);
      if (c < 0)
        return make_error(ErrorCode::UnknownColumn, "no column named \"" + opt.cash_column + "\"",
                          "data.rf.column");
      for (Index r = 1; r < n; ++r) {
        double f = 0.0;
        if (opt.cash_source == CashSource::IndexSeries) {
          f = md.returns(r, c);
        } else {
          const double y = md.prices(r - 1, c);  // yield known at the start of the period
          f = opt.deannualize == Deannualize::Geometric ? std::pow(1.0 + y, 1.0 / P) - 1.0 : y / P;
        }
        md.cash_returns(r) = std::isnan(f) ? 0.0 : f;
      }
      break;
    }
  }
  return md;
}

// ---------------------------------------------------------------------------------------------------------
// AsOfView
// ---------------------------------------------------------------------------------------------------------

bool AsOfView::eligible(Index c, int min_history, Index benchmark) const noexcept {
  if (c < 0) return false;
  if (valid_run(last(), c) < min_history + 1) return false;
  if (benchmark >= 0 && valid_run(last(), benchmark) < min_history + 1) return false;
  return true;
}

std::vector<Index> AsOfView::eligible_columns(const std::vector<Index>& candidates, int min_history,
                                              Index benchmark) const {
  std::vector<Index> out;
  for (Index c : candidates)
    if (eligible(c, min_history, benchmark)) out.push_back(c);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------------------------------------

namespace {

std::vector<char> scheduled_rows(const MarketData& md, const Schedule& s, Index first_ready) {
  const Index n = md.rows();
  std::vector<char> out(static_cast<size_t>(n), 0);
  switch (s.kind) {
    case ScheduleKind::MonthEnd:
      for (Index r = first_ready; r < n; ++r) out[size_t(r)] = md.is_month_end(r);
      break;
    case ScheduleKind::QuarterEnd:
      for (Index r = first_ready; r < n; ++r)
        out[size_t(r)] = r + 1 >= n || quarter_key(md.dates[size_t(r)]) != quarter_key(md.dates[size_t(r + 1)]);
      break;
    case ScheduleKind::EveryNWeeks: {
      const int anchor = week_index(md.dates[size_t(first_ready)]);
      const int k = std::max(1, s.weeks);
      for (Index r = first_ready; r < n; ++r) {
        const int w = week_index(md.dates[size_t(r)]);
        const bool week_end = r + 1 >= n || week_index(md.dates[size_t(r + 1)]) != w;
        out[size_t(r)] = week_end && (w - anchor) % k == 0;
      }
      break;
    }
    case ScheduleKind::Dates:
      for (Date d : s.dates) {
        auto it = std::upper_bound(md.dates.begin(), md.dates.end(), d);
        if (it == md.dates.begin()) continue;
        const Index r = static_cast<Index>(it - md.dates.begin()) - 1;
        if (r >= first_ready) out[size_t(r)] = 1;
      }
      break;
    case ScheduleKind::Once:
      for (Index r = first_ready; r < n; ++r) out[size_t(r)] = 1;  // only the first is used (see loop)
      break;
  }
  return out;
}

struct Pending {
  Index exec_row;
  size_t decision;  // index into decisions
};

}  // namespace

Result<BacktestResult> run_backtest(const MarketData& md, Strategy& strategy, const BenchmarkSpec& bench,
                                    const EngineOptions& opt, const std::string& name) {
  const Index n = md.rows(), m = md.cols(), W = m + 1;
  if (opt.tc_bps.size() != 0 && opt.tc_bps.size() != m)
    return make_error(ErrorCode::InvalidArgument, "expected one tc_bps per column", "costs.tc_bps");
  if (!(opt.initial_nav > 0.0))
    return make_error(ErrorCode::InvalidArgument, "expected initial_nav > 0", "initial_nav");
  if (bench.columns.size() != bench.weights.size())
    return make_error(ErrorCode::InvalidArgument, "benchmark columns and weights differ in size", "benchmark");
  Vec tc = Vec::Zero(W);
  if (opt.tc_bps.size() == m) tc.head(m) = opt.tc_bps / 1e4;
  const int lag = strategy.execution_lag();
  if (lag < 0 || lag > 5)
    return make_error(ErrorCode::InvalidArgument, "expected execution_lag in 0..5", "execution_lag");

  BacktestResult res;
  res.name = name;
  res.type = strategy.type();
  res.weight_names = md.names;
  res.weight_names.push_back("CASH");

  // First row at which the strategy is ready (§5.2).
  Index first_ready = -1;
  for (Index r = 0; r < n; ++r) {
    AsOfView v(md, r + 1);
    if (strategy.ready(v)) {
      first_ready = r;
      break;
    }
  }
  if (first_ready < 0)
    return make_error(ErrorCode::InsufficientData,
                      "strategy \"" + name + "\" never has enough eligible assets in the data", name);
  const Schedule sched = strategy.schedule();
  const std::vector<char> is_sched = scheduled_rows(md, sched, first_ready);

  // The state carried from row to row lives in `st` (the quiet-day loop advances it out of line, see below);
  // the references give its members their local names.
  detail::LoopState st;
  Vec& w = st.w;
  w = Vec::Zero(W);
  w(m) = 1.0;  // 100 % cash before the first execution
  double& nav_g = st.nav_g;
  double& nav_n = st.nav_n;
  nav_g = opt.initial_nav;
  nav_n = opt.initial_nav;
  Index start_row = -1;
  bool decided_once = false;
  std::deque<Pending> pending;

  // Benchmark state.
  Vec bw_target = Vec::Zero(static_cast<Index>(bench.columns.size()));
  for (size_t j = 0; j < bench.weights.size(); ++j) bw_target(Index(j)) = bench.weights[j];
  Vec& bw = st.bw;
  bw = bw_target;
  double& nav_b = st.nav_b;
  nav_b = opt.initial_nav;
  int& bench_missing = st.bench_missing;

  // Fee state.
  double fee_base = 0.0;
  const Date final_date = md.dates[size_t(n - 1)];
  int delistings = 0;
  st.max_err = 0.0;
  st.min_nav = kInf;

  // Recorded series (detail::record_day): reserved for every row, so that recording never reallocates.
  st.weights_eod.resize(W, n - first_ready);  // column per recorded date (contiguous writes)
  st.dates.reserve(size_t(n));
  st.vg.reserve(size_t(n));
  st.vn.reserve(size_t(n));
  st.vb.reserve(size_t(n));
  st.vc.reserve(size_t(n));
  Vec& brs = st.brs;
  brs.resize(static_cast<Index>(bench.columns.size()));
  // Held assets (columns with w ≠ 0, ascending), rebuilt after every trade: the daily loops visit only these
  // (the same terms in the same order as a loop over all columns that skips zero weights).
  std::vector<Index>& held = st.held;
  held.reserve(size_t(m));
  auto rebuild_held = [&] {
    held.clear();
    for (Index i = 0; i < m; ++i)
      if (w(i) != 0.0) held.push_back(i);
  };
  // A trade to `target` at the close of row r (one-way turnover `to`, cost tc·|Δw| taken from both NAVs):
  // returns its record; w becomes the target and the held list is rebuilt.
  auto trade_to = [&](Index r, Date decision_date, const char* cause, const Vec& target, double to) {
    TradeRecord t;
    t.date = md.dates[size_t(r)];
    t.decision_date = decision_date;
    t.cause = cause;
    t.pre = w;
    t.post = target;
    t.turnover = to;
    t.cost = tc.dot((target - w).cwiseAbs());
    nav_g *= 1.0 - t.cost;
    nav_n *= 1.0 - t.cost;
    w = target;
    rebuild_held();
    return t;
  };
  // Asked once per run (virtual calls per day are costly in WASM, where each goes through a JS trampoline).
  const bool allow_short = strategy.allow_short();
  const bool uses_triggers = strategy.uses_triggers();
  detail::QuietDayRules quiet;
  quiet.bench_daily = bench.rebalance == BenchmarkRebalance::Daily;
  quiet.bw_target = &bw_target;
  quiet.allow_short = allow_short;
  // SleeveRebalance::MonthEnd: per-sleeve holdings (fractions of the whole NAV, Σ_s hs[s] = w) of the last
  // executed sleeved decision, drifted like w; empty when no sleeved decision is held.
  const bool sleeve_month_end = opt.sleeve_rebalance == SleeveRebalance::MonthEnd;
  std::vector<Vec>& hs = st.hs;
  std::vector<double> split_target;  // target shares of the held split

  // Invariants (§5.3): detail::invariants_hold runs every day; the error text is built only on failure.
  auto invariant_error = [&](Index r) -> Error {
    const std::string on = " on " + format_iso(md.dates[size_t(r)]);
    if (!(std::abs(w.sum() - 1.0) < kSumTol))
      return make_error(ErrorCode::Internal,
                        "invariant failed: weights sum to 1 + " + std::to_string(w.sum() - 1.0) + on, name);
    if (!(nav_g > 0.0) || !(nav_n > 0.0))
      return make_error(ErrorCode::Internal, "invariant failed: NAV <= 0" + on, name);
    return make_error(ErrorCode::Internal, "invariant failed: negative weight" + on, name);
  };

  // Scratch vectors of the executions below (size W; assigned, not allocated, per execution).
  Vec exec_target(W), exec_diff(W);

  for (Index r = first_ready; r < n; ++r) {
    const bool holding = start_row >= 0 && r > start_row;
    if (holding) {
      // Delisting: a held asset without a price past the fill limit is sold at its last close into CASH.
      bool delisted = false;
      for (Index i : held) {
        if (w(i) != 0.0 && std::isnan(md.prices(r, i))) {
          delisted = true;
          TradeRecord t;
          t.date = md.dates[size_t(r)];
          t.decision_date = md.dates[size_t(r - 1)];
          t.cause = "delisting:" + md.names[size_t(i)];
          t.pre = w;
          const double c = tc(i) * std::abs(w(i));
          w(m) += w(i);
          w(i) = 0.0;
          for (Vec& h : hs) {
            h(m) += h(i);
            h(i) = 0.0;
          }
          t.post = w;
          t.turnover = std::abs(t.pre(i));
          t.cost = c;
          nav_g *= 1.0 - c;
          nav_n *= 1.0 - c;
          res.trades.push_back(std::move(t));
          ++delistings;
        }
      }
      if (delisted) rebuild_held();
      const double rp = detail::drift_portfolio(md, r, held, w, hs);
      nav_g *= 1.0 + rp;
      nav_n *= 1.0 + rp;
      nav_b *= 1.0 + detail::drift_benchmark(md, r, bench.columns, bw, brs, bench_missing);
    }

    // Decision (scheduled, or triggered on a non-scheduled date after the first decision).
    std::string cause;
    const bool sched_today = is_sched[size_t(r)] && !(sched.kind == ScheduleKind::Once && decided_once);
    if (!decided_once) {
      if (sched_today) {
        AsOfView v(md, r + 1);
        if (strategy.ready(v)) cause = "scheduled";
      }
    } else if (sched_today) {
      cause = "scheduled";
    } else if (uses_triggers) {
      AsOfView v(md, r + 1);
      if (auto t = strategy.check_trigger(v)) cause = *t;
    }
    if (!cause.empty()) {
      AsOfView v(md, r + 1);
      DecisionInput in{v, w, cause, static_cast<int>(res.decisions.size())};
      auto dec = strategy.decide(in);
      if (!dec) return std::move(dec).error();
      Decision& d = dec.value();
      if (d.weights.size() != W)
        return make_error(ErrorCode::Internal, "decision has the wrong number of weights", name);
      if (!(std::abs(d.weights.sum() - 1.0) < kSumTol))
        return make_error(ErrorCode::Internal,
                          "decision weights sum to 1 + " + std::to_string(d.weights.sum() - 1.0) + " on " +
                              format_iso(md.dates[size_t(r)]),
                          name);
      for (Index i = 0; i < W; ++i) {
        if (!std::isfinite(d.weights(i)))
          return make_error(ErrorCode::Internal, "decision has a non-finite weight", name);
        if (!allow_short && d.weights(i) < 0.0)
          return make_error(ErrorCode::Internal, "decision has a negative weight", name);
        if (i < m && d.weights(i) != 0.0 && std::isnan(md.prices(r, i)))
          return make_error(ErrorCode::Internal,
                            "decision puts weight on " + md.names[size_t(i)] + " which has no price on " +
                                format_iso(md.dates[size_t(r)]),
                            name);
      }
      if (sleeve_month_end && d.sleeves) {
        const SleeveSplit& sp = *d.sleeves;
        if (sp.shares.size() != sp.weights.size() || sp.names.size() != sp.shares.size())
          return make_error(ErrorCode::Internal, "decision has an inconsistent sleeve split", name);
        Vec comb = Vec::Zero(W);
        for (size_t s = 0; s < sp.shares.size(); ++s) {
          if (sp.weights[s].size() != W || !(std::abs(sp.weights[s].sum() - 1.0) < kSumTol))
            return make_error(ErrorCode::Internal, "sleeve weights must have one entry per column and sum to 1",
                              name);
          comb += sp.shares[s] * sp.weights[s];
        }
        if (!((comb - d.weights).cwiseAbs().maxCoeff() < kSumTol))
          return make_error(ErrorCode::Internal, "decision weights differ from the sleeve combination", name);
      }
      DecisionRecord rec;
      rec.date = md.dates[size_t(r)];
      rec.row = r;
      rec.cause = cause;
      rec.target = std::move(d.weights);  // not read after this (checked above)
      rec.audit = std::move(d.audit);
      rec.payload = std::move(d.payload);
      rec.sleeves = std::move(d.sleeves);
      res.decisions.push_back(std::move(rec));
      decided_once = true;
      if (r + lag < n) {
        pending.push_back({r + lag, res.decisions.size() - 1});
      } else {
        res.decisions.back().not_executed_reason = "after_final_date";
      }
    }

    // Executions due today (with lag ≥ 1 a newer decision supersedes an older pending one for the same day).
    bool sleeved_execution = false;
    while (!pending.empty() && pending.front().exec_row == r) {
      const Pending p = pending.front();
      pending.pop_front();
      if (!pending.empty() && pending.front().exec_row == r) {
        res.decisions[p.decision].not_executed_reason = "superseded";
        continue;
      }
      DecisionRecord& rec = res.decisions[p.decision];
      Vec& target = exec_target;
      target = rec.target;
      // An asset that lost its price between decision and execution goes to CASH.
      for (Index i = 0; i < m; ++i)
        if (target(i) != 0.0 && std::isnan(md.prices(r, i))) {
          target(m) += target(i);
          target(i) = 0.0;
          rec.audit["flags"].push_back("no_price_at_execution:" + md.names[size_t(i)]);
        }
      // SleeveRebalance::MonthEnd: the sleeves' new weights within their current drifted shares (target shares
      // at a month-end close, at the first sleeved execution, or when the number of sleeves changes).
      std::vector<Vec> new_hs;
      std::vector<double> shares;
      const bool sleeved = sleeve_month_end && rec.sleeves && rec.sleeves->shares.size() >= 2;
      if (sleeved) {
        const SleeveSplit& sp = *rec.sleeves;
        const size_t S = sp.shares.size();
        if (md.is_month_end(r) || hs.size() != S) {
          shares = sp.shares;
        } else {
          double tot = 0.0;
          shares.resize(S);
          for (size_t s = 0; s < S; ++s) {
            shares[s] = hs[s].sum();
            tot += shares[s];
          }
          if (!(tot > 0.0))
            return make_error(ErrorCode::Internal, "invariant failed: sleeve values sum to <= 0", name);
          for (double& x : shares) x /= tot;
        }
        target.setZero(W);
        new_hs.resize(S);
        for (size_t s = 0; s < S; ++s) {
          Vec ws = sp.weights[s];
          for (Index i = 0; i < m; ++i)
            if (ws(i) != 0.0 && std::isnan(md.prices(r, i))) {
              ws(m) += ws(i);
              ws(i) = 0.0;
            }
          new_hs[s] = shares[s] * ws;
          target += new_hs[s];
        }
      }
      Vec& diff = exec_diff;
      diff = target - w;
      const double to = 0.5 * diff.cwiseAbs().sum();
      if (start_row >= 0 && opt.turnover_threshold > 0.0 && to < opt.turnover_threshold) {
        rec.not_executed_reason = "below_turnover_threshold";
        continue;
      }
      TradeRecord t = trade_to(r, rec.date, "rebalance", target, to);
      rec.executed = true;
      rec.execution_date = t.date;
      if (sleeved) {
        hs = std::move(new_hs);
        split_target = rec.sleeves->shares;
        rec.sleeve_shares = shares;
        t.sleeve_shares = std::move(shares);
        sleeved_execution = true;
      } else if (!hs.empty()) {
        hs.clear();  // a decision without sleeves replaces the sleeved holdings
        split_target.clear();
      }
      res.trades.push_back(std::move(t));
      if (start_row < 0) {
        start_row = r;
        fee_base = nav_n;
        nav_b = opt.initial_nav;
        bw = bw_target;
      }
    }

    if (start_row < 0) continue;

    // SleeveRebalance::MonthEnd: reset the sleeve split at a month-end close without a sleeved execution; each
    // sleeve is rescaled to its target share and keeps its drifted internal weights.
    if (!hs.empty() && !sleeved_execution && md.is_month_end(r)) {
      const size_t S = hs.size();
      Vec target = Vec::Zero(W);
      std::vector<Vec> new_hs(S);
      for (size_t s = 0; s < S; ++s) {
        const double v = hs[s].sum();
        if (!(v > 0.0))
          return make_error(ErrorCode::Internal, "invariant failed: sleeve value <= 0 on " + format_iso(md.dates[size_t(r)]),
                            name);
        new_hs[s] = (split_target[s] / v) * hs[s];
        target += new_hs[s];
      }
      const Vec diff = target - w;
      const double to = 0.5 * diff.cwiseAbs().sum();
      if (!(opt.turnover_threshold > 0.0 && to < opt.turnover_threshold)) {
        TradeRecord t = trade_to(r, md.dates[size_t(r)], "sleeve_rebalance", target, to);
        t.sleeve_shares = split_target;
        hs = std::move(new_hs);
        res.trades.push_back(std::move(t));
      }
    }

    // Monthly fee (§1.8, §5.7) at the month's last master date, after any execution, net NAV only.
    if (md.is_month_end(r)) {
      const Date d = md.dates[size_t(r)];
      const Ymd y = ymd_from_date(d);
      const int dim = days_in_month(y.year, y.month);
      const Date som = date_from_ymd(y.year, y.month, 1);
      const Date eom = som + dim - 1;
      const Date lo = std::max(md.dates[size_t(start_row)], Date(som - 1));
      const Date hi = std::min(eom, final_date);
      // The start row never carries a fee: a strategy starting on its month's last master date is not
      // charged for the start month (§5.7), even when calendar days of that month remain after the start.
      const int days = r == start_row ? 0 : std::max(0, hi - lo);
      if (days > 0 && opt.fee_ann != 0.0) {
        FeeRecord f;
        f.date = d;
        f.year = y.year;
        f.month = y.month;
        f.days_invested = days;
        f.days_in_month = dim;
        f.prorate = static_cast<double>(days) / dim;
        double amount = 0.0;
        switch (opt.fee_method) {
          case FeeMethod::SubtractMonthly:
            f.base = fee_base;
            f.rate = opt.fee_ann / 12.0 * f.prorate;
            amount = f.rate * fee_base;
            break;
          case FeeMethod::MultiplyNav:
            f.base = nav_n;
            f.rate = opt.fee_ann / 12.0 * f.prorate;
            amount = f.rate * nav_n;
            break;
          case FeeMethod::Geometric:
            f.base = nav_n;
            f.rate = 1.0 - std::pow(1.0 - opt.fee_ann, f.prorate / 12.0);
            amount = f.rate * nav_n;
            break;
        }
        f.amount = amount;
        nav_n -= amount;
        res.fees.push_back(f);
      }
      fee_base = nav_n;
    }

    // Benchmark rebalance.
    if (r > start_row || r == start_row) {
      if (bench.rebalance == BenchmarkRebalance::Daily ||
          (bench.rebalance == BenchmarkRebalance::MonthEnd && md.is_month_end(r)))
        bw = bw_target;
    }

    if (!detail::invariants_hold(st, allow_short)) return invariant_error(r);
    detail::record_day(st, md, r);

    // Quiet days: the rows up to the next scheduled date, month end, execution or delisting need only the
    // holding-day step, which detail::run_quiet_days runs out of line (in WASM, V8 compiles this function's
    // very large loop markedly slower than a small one, and backtest_step.cpp is built without exception
    // support there). Strategies with triggers are asked every day and take the full body.
    if (start_row >= 0 && !uses_triggers && r + 1 < n) {
      const Index end = pending.empty() ? n : std::min(n, pending.front().exec_row);
      // A ScheduleKind::Once strategy has no scheduled date after its decision (sched_today above).
      quiet.scheduled = sched.kind == ScheduleKind::Once && decided_once ? nullptr : is_sched.data();
      const detail::QuietDayStop stop = detail::run_quiet_days(st, md, bench.columns, r + 1, end, quiet);
      if (stop.invariant_failed) return invariant_error(stop.row);
      r = stop.row - 1;  // the loop continues at the first row that is not quiet
    }
  }

  if (start_row < 0) {
    res.flags.push_back("never_executed");
    return res;
  }
  const Index T = static_cast<Index>(st.dates.size());
  res.dates = std::move(st.dates);
  res.nav_gross = Eigen::Map<Vec>(st.vg.data(), T);
  res.nav_net = Eigen::Map<Vec>(st.vn.data(), T);
  res.nav_benchmark = Eigen::Map<Vec>(st.vb.data(), T);
  res.cash_returns = Eigen::Map<Vec>(st.vc.data(), T);
  // Transposed in blocks of dates so that both sides stay in cache (a plain transpose of the W×T matrix
  // walks one of them with a stride of T doubles).
  res.weights.resize(T, W);
  for (Index t0 = 0; t0 < T; t0 += 64) {
    const Index tb = std::min<Index>(64, T - t0);
    res.weights.middleRows(t0, tb) = st.weights_eod.middleCols(t0, tb).transpose();
  }
  auto daily = [T](const Vec& nav) {
    Vec r(T);
    r(0) = kNaN;
    for (Index t = 1; t < T; ++t) r(t) = nav(t) / nav(t - 1) - 1.0;
    return r;
  };
  res.ret_gross = daily(res.nav_gross);
  res.ret_net = daily(res.nav_net);
  res.ret_benchmark = daily(res.nav_benchmark);

  // Monthly returns from month-end NAVs; the first month starts from the start NAV.
  Index prev = 0;
  for (Index t = 0; t < T; ++t) {
    const Index r = start_row + t;
    if (!md.is_month_end(r) || t == 0) continue;
    MonthRow mr;
    mr.date = res.dates[size_t(t)];
    mr.gross = res.nav_gross(t) / res.nav_gross(prev) - 1.0;
    mr.net = res.nav_net(t) / res.nav_net(prev) - 1.0;
    mr.benchmark = res.nav_benchmark(t) / res.nav_benchmark(prev) - 1.0;
    res.monthly.push_back(mr);
    prev = t;
  }

  // Holding periods between consecutive decisions (§5.6, §5.7).
  std::vector<Index> cuts;
  for (const auto& d : res.decisions)
    if (d.row >= start_row) cuts.push_back(d.row - start_row);
  if (cuts.empty() || cuts.front() != 0) cuts.insert(cuts.begin(), 0);
  cuts.push_back(T - 1);
  const double sqrtP = std::sqrt(static_cast<double>(md.periods_per_year));
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const Index a = cuts[k], b = cuts[k + 1];
    if (b <= a) continue;
    HoldingPeriod h;
    h.start = res.dates[size_t(a)];
    h.end = res.dates[size_t(b)];
    h.observations = static_cast<int>(b - a);
    if (h.observations >= 10) {
      const Vec x = res.ret_gross.segment(a + 1, b - a);
      const Vec y = x - res.ret_benchmark.segment(a + 1, b - a);
      auto sd = [](const Vec& z) {
        const double mu = z.mean();
        return std::sqrt((z.array() - mu).square().sum() / static_cast<double>(z.size() - 1));
      };
      h.realized_vol = sd(x) * sqrtP;
      h.realized_te = sd(y) * sqrtP;
    }
    res.holding_periods.push_back(h);
  }
  res.max_weight_sum_error = st.max_err;
  res.min_nav = st.min_nav;
  if (bench_missing > 0) res.flags.push_back("benchmark_missing_returns_treated_as_zero");
  if (delistings > 0) res.flags.push_back("delisting");
  return res;
}

// ---------------------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------------------

nlohmann::json backtest_result_to_json(const BacktestResult& r) {
  using nlohmann::json;
  json j;
  j["name"] = r.name;
  j["type"] = r.type;
  j["flags"] = r.flags;
  j["weight_names"] = r.weight_names;
  json dates = json::array();
  for (Date d : r.dates) dates.push_back(format_iso(d));
  json daily;
  daily["dates"] = dates;
  daily["nav_gross"] = vec_json(r.nav_gross);
  daily["nav_net"] = vec_json(r.nav_net);
  daily["nav_benchmark"] = vec_json(r.nav_benchmark);
  daily["ret_gross"] = vec_json(r.ret_gross);
  daily["ret_net"] = vec_json(r.ret_net);
  daily["ret_benchmark"] = vec_json(r.ret_benchmark);
  daily["cash_returns"] = vec_json(r.cash_returns);
  j["daily"] = std::move(daily);
  json mo = json::object({{"dates", json::array()}, {"gross", json::array()}, {"net", json::array()},
                          {"benchmark", json::array()}});
  for (const auto& x : r.monthly) {
    mo["dates"].push_back(format_iso(x.date));
    mo["gross"].push_back(num(x.gross));
    mo["net"].push_back(num(x.net));
    mo["benchmark"].push_back(num(x.benchmark));
  }
  j["monthly"] = std::move(mo);
  // Drifted end-of-day weights: one row per date (same order as daily.dates), columns = weight_names.
  json wrows = json::array();
  for (Index t = 0; t < r.weights.rows(); ++t) wrows.push_back(vec_json(r.weights.row(t).transpose()));
  j["weights_eod"] = std::move(wrows);
  json decs = json::array();
  for (const auto& d : r.decisions) {
    json x;
    x["date"] = format_iso(d.date);
    x["cause"] = d.cause;
    x["target"] = vec_json(d.target);
    x["executed"] = d.executed;
    x["execution_date"] = d.executed ? json(format_iso(d.execution_date)) : json(nullptr);
    if (!d.not_executed_reason.empty()) x["not_executed_reason"] = d.not_executed_reason;
    if (!d.sleeve_shares.empty()) x["sleeve_shares"] = d.sleeve_shares;
    x["audit"] = d.full_audit();
    decs.push_back(std::move(x));
  }
  j["decisions"] = std::move(decs);
  json trades = json::array();
  for (const auto& t : r.trades) {
    trades.push_back({{"date", format_iso(t.date)},
                      {"decision_date", format_iso(t.decision_date)},
                      {"cause", t.cause},
                      {"pre", vec_json(t.pre)},
                      {"post", vec_json(t.post)},
                      {"turnover", num(t.turnover)},
                      {"cost", num(t.cost)}});
    if (!t.sleeve_shares.empty()) trades.back()["sleeve_shares"] = t.sleeve_shares;
  }
  j["trades"] = std::move(trades);
  json fees = json::array();
  for (const auto& f : r.fees)
    fees.push_back({{"date", format_iso(f.date)},
                    {"month", std::to_string(f.year) + "-" + (f.month < 10 ? "0" : "") + std::to_string(f.month)},
                    {"days_invested", f.days_invested},
                    {"days_in_month", f.days_in_month},
                    {"prorate", f.prorate},
                    {"base", num(f.base)},
                    {"amount", num(f.amount)},
                    {"rate", num(f.rate)}});
  j["fees"] = std::move(fees);
  json hp = json::array();
  for (const auto& h : r.holding_periods)
    hp.push_back({{"start", format_iso(h.start)},
                  {"end", format_iso(h.end)},
                  {"observations", h.observations},
                  {"realized_vol", num(h.realized_vol)},
                  {"realized_te", num(h.realized_te)}});
  j["holding_periods"] = std::move(hp);
  j["invariants"] = {{"max_weight_sum_error", r.max_weight_sum_error}, {"min_nav", num(r.min_nav)}};
  j["metrics"] = r.metrics ? *r.metrics : json(nullptr);  // HOOK: metrics suite (metrics.hpp)
  return j;
}

namespace {

/// RFC 4180 field: quoted (with doubled quotes) when it holds a comma, quote, CR or LF.
void append_csv_field(std::string& out, const std::string& f) {
  if (f.find_first_of(",\"\r\n") == std::string::npos) {
    out += f;
    return;
  }
  out += '"';
  for (char c : f) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

/// Shortest decimal text that reads back to the same double (nlohmann's grisu2, as in the JSON document);
/// empty for a non-finite value.
void append_double(std::string& out, double x) {
  if (!std::isfinite(x)) return;
  char buf[64];
  char* end = nlohmann::detail::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, end);
}

}  // namespace

std::string weights_long_csv(const std::vector<BacktestResult>& results) {
  std::string out = "date,strategy,asset,kind,weight\n";
  for (const BacktestResult& r : results) {
    std::string strategy;
    append_csv_field(strategy, r.name);
    std::vector<std::string> assets;
    for (const auto& n : r.weight_names) {
      std::string a;
      append_csv_field(a, n);
      assets.push_back(std::move(a));
    }
    auto rows = [&](Date d, const char* kind, auto weight_of) {
      const std::string date = format_iso(d);
      for (size_t i = 0; i < assets.size(); ++i) {
        out += date;
        out += ',';
        out += strategy;
        out += ',';
        out += assets[i];
        out += ',';
        out += kind;
        out += ',';
        append_double(out, weight_of(static_cast<Index>(i)));
        out += '\n';
      }
    };
    for (const auto& d : r.decisions) rows(d.date, "target", [&](Index i) { return d.target(i); });
    for (const auto& t : r.trades) rows(t.date, "executed", [&](Index i) { return t.post(i); });
    for (size_t k = 0; k < r.dates.size(); ++k)
      rows(r.dates[k], "drifted", [&](Index i) { return r.weights(static_cast<Index>(k), i); });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Static mix and vol-target overlay
// ---------------------------------------------------------------------------------------------------------

bool StaticMixStrategy::ready(const AsOfView& v) {
  for (Index i = 0; i + 1 < w_.size(); ++i)
    if (w_(i) != 0.0 && std::isnan(v.price(v.last(), i))) return false;
  return true;
}

Result<Decision> StaticMixStrategy::decide(const DecisionInput& in) {
  Decision d;
  d.weights = w_;
  const Index m = w_.size() - 1;
  for (Index i = 0; i < m; ++i)
    if (d.weights(i) != 0.0 && std::isnan(in.view.price(in.view.last(), i))) {
      d.weights(m) += d.weights(i);
      d.weights(i) = 0.0;
      d.audit["flags"].push_back("missing_asset:" + in.view.names()[size_t(i)]);
    }
  return d;
}

double ex_ante_volatility(const AsOfView& v, const Vec& w, int lookback, double ewma_lambda) {
  const Index m = v.cols(), d = v.last();
  if (lookback < 2 || d < lookback) return kNaN;
  // Variance of the linear combination = wᵀΣw with the sample covariance (same n−1 divisor).
  Vec x = Vec::Zero(lookback);
  for (Index i = 0; i < m; ++i) {
    if (w(i) == 0.0) continue;
    if (v.valid_run(d, i) < lookback + 1) return kNaN;
    for (Index k = 0; k < lookback; ++k) x(k) += w(i) * v.ret(d - lookback + 1 + k, i);
  }
  double var = 0.0;
  if (std::isnan(ewma_lambda)) {
    const double mu = x.mean();
    var = (x.array() - mu).square().sum() / static_cast<double>(lookback - 1);
  } else {
    // wᵀ(Σ_k ω_k r_k r_kᵀ)w = Σ_k ω_k (wᵀr_k)²; x(lookback − 1) is the newest return (k = 0).
    const double norm = (1.0 - ewma_lambda) / (1.0 - std::pow(ewma_lambda, lookback));
    double wk = norm;
    for (Index k = lookback - 1; k >= 0; --k, wk *= ewma_lambda) var += wk * x(k) * x(k);
  }
  return std::sqrt(var * v.periods_per_year());
}

Result<Decision> VolTargetOverlay::decide(const DecisionInput& in) {
  auto r = inner_->decide(in);
  if (!r) return r;
  Decision d = std::move(r).value();
  const Index m = d.weights.size() - 1;
  const double sigma = ex_ante_volatility(in.view, d.weights, lookback_, ewma_lambda_);
  double e = 1.0;
  if (std::isnan(sigma)) {
    d.audit["flags"].push_back("vt_insufficient_history");
    e = std::min(1.0, max_exposure_);
  } else if (sigma > 0.0) {
    e = std::min(target_ / sigma, max_exposure_);
  } else {
    e = max_exposure_;
  }
  double risky = 0.0;
  for (Index i = 0; i < m; ++i) {
    d.weights(i) *= e;
    risky += d.weights(i);
  }
  d.weights(m) = 1.0 - risky;
  d.sleeves = nullptr;  // the scaled weights are no longer the sleeve combination
  d.audit["vt_exposure"] = e;
  d.audit["vt_sigma_ex_ante"] = std::isnan(sigma) ? nlohmann::json(nullptr) : nlohmann::json(sigma);
  return d;
}

}  // namespace riskdial
