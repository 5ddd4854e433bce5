// One holding day of the backtest loop (see backtest_step.hpp). Pure numerics: no throw, no JSON.
#include "backtest_step.hpp"

#include <algorithm>
#include <cmath>

namespace riskdial::detail {

double drift_portfolio(const MarketData& md, Index r, const std::vector<Index>& held, Vec& w,
                       std::vector<Vec>& hs) noexcept {
  const Index m = md.cols();
  const double cash = md.cash_returns(r);
  double rp = w(m) * cash;
  for (Index i : held)
    if (w(i) != 0.0) rp += w(i) * md.returns(r, i);
  const double inv = 1.0 / (1.0 + rp);
  for (Index i : held)
    if (w(i) != 0.0) w(i) = w(i) * (1.0 + md.returns(r, i)) * inv;
  w(m) = w(m) * (1.0 + cash) * inv;
  for (Vec& h : hs) {
    for (Index i = 0; i < m; ++i)
      if (h(i) != 0.0) h(i) = h(i) * (1.0 + md.returns(r, i)) * inv;
    h(m) = h(m) * (1.0 + cash) * inv;
  }
  return rp;
}

double drift_benchmark(const MarketData& md, Index r, const std::vector<Index>& columns, Vec& bw, Vec& scratch,
                       int& missing) noexcept {
  double rb = 0.0;
  for (Index j = 0; j < bw.size(); ++j) {
    const Index c = columns[static_cast<std::size_t>(j)];
    double x = c < 0 ? md.cash_returns(r) : md.returns(r, c);
    if (std::isnan(x)) {
      x = 0.0;
      ++missing;
    }
    scratch(j) = x;
    rb += bw(j) * x;
  }
  for (Index j = 0; j < bw.size(); ++j) bw(j) = bw(j) * (1.0 + scratch(j)) / (1.0 + rb);
  return rb;
}

bool invariants_hold(LoopState& s, bool allow_short) noexcept {
  const Vec& w = s.w;
  const Index m = w.size() - 1;
  double sum = 0.0;
  for (Index i : s.held) sum += w(i);
  sum += w(m);
  const double err = std::abs(sum - 1.0);
  s.max_err = std::max(s.max_err, err);
  s.min_nav = std::min({s.min_nav, s.nav_g, s.nav_n});
  bool ok = err < kWeightSumTol && s.nav_g > 0.0 && s.nav_n > 0.0;
  if (!allow_short) {
    ok = ok && !(w(m) < -kWeightSumTol);  // columns outside `held` are exactly 0
    for (Index i : s.held) ok = ok && !(w(i) < -kWeightSumTol);
  }
  return ok;
}

void record_day(LoopState& s, const MarketData& md, Index r) noexcept {
  s.dates.push_back(md.dates[static_cast<std::size_t>(r)]);
  s.vg.push_back(s.nav_g);
  s.vn.push_back(s.nav_n);
  s.vb.push_back(s.nav_b);
  s.vc.push_back(md.cash_returns(r));
  const Index W = s.w.size();
  double* eod = s.weights_eod.col(static_cast<Index>(s.dates.size()) - 1).data();  // a plain loop
  for (Index i = 0; i < W; ++i) eod[i] = s.w(i);
}

QuietDayStop run_quiet_days(LoopState& s, const MarketData& md, const std::vector<Index>& bench_columns,
                            Index begin, Index end, const QuietDayRules& rules) noexcept {
  for (Index r = begin; r < end; ++r) {
    if (rules.scheduled && rules.scheduled[r]) return {r, false};
    if (md.is_month_end(r)) return {r, false};
    for (Index i : s.held)  // a delisting (the full loop body sells the asset)
      if (s.w(i) != 0.0 && std::isnan(md.prices(r, i))) return {r, false};
    // The full loop body's steps for a row without delisting, decision, execution or month end.
    const double rp = drift_portfolio(md, r, s.held, s.w, s.hs);
    s.nav_g *= 1.0 + rp;
    s.nav_n *= 1.0 + rp;
    s.nav_b *= 1.0 + drift_benchmark(md, r, bench_columns, s.bw, s.brs, s.bench_missing);
    if (rules.bench_daily) s.bw = *rules.bw_target;
    if (!invariants_hold(s, rules.allow_short)) return {r, true};
    record_day(s, md, r);
  }
  return {end, false};
}

}  // namespace riskdial::detail
