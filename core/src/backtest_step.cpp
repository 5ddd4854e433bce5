// One holding day of the backtest loop (see backtest_step.hpp). Pure numerics: no throw, no JSON.
#include "backtest_step.hpp"

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

}  // namespace riskdial::detail
