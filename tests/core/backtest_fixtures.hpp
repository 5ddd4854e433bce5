// Shared helpers for the backtest/signal tests: business-day calendars and seeded synthetic prices.
#pragma once

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "riskdial/backtest.hpp"
#include "riskdial/panel.hpp"
#include "riskdial/signals.hpp"

namespace riskdial::testing {

/// Business days (Mon–Fri) from `from` (inclusive), n of them.
inline std::vector<Date> business_days(Date from, int n) {
  std::vector<Date> d;
  for (Date x = from; static_cast<int>(d.size()) < n; ++x)
    if (iso_weekday(x) <= 5) d.push_back(x);
  return d;
}

/// Business days in [from, to].
inline std::vector<Date> business_days_between(Date from, Date to) {
  std::vector<Date> d;
  for (Date x = from; x <= to; ++x)
    if (iso_weekday(x) <= 5) d.push_back(x);
  return d;
}

/// Geometric random walks, seeded: daily drift mu and vol sigma per column.
inline Panel random_prices(const std::vector<Date>& dates, const std::vector<std::string>& names,
                           unsigned seed, double mu = 0.0003, double sigma = 0.01) {
  Panel p;
  p.dates = dates;
  p.names = names;
  p.kind = ValueKind::Prices;
  const Index n = static_cast<Index>(dates.size()), m = static_cast<Index>(names.size());
  p.values.resize(n, m);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0.0, 1.0);
  for (Index c = 0; c < m; ++c) {
    double x = 100.0 * (1.0 + 0.1 * static_cast<double>(c));
    const double s = sigma * (1.0 + 0.25 * static_cast<double>(c));
    for (Index r = 0; r < n; ++r) {
      if (r > 0) x *= std::exp(mu + s * z(rng));
      p.values(r, c) = x;
    }
  }
  return p;
}

inline MarketData market(const Panel& p, MarketDataOptions o = {}) {
  auto r = prepare_market_data(p, o);
  if (!r) throw std::runtime_error(r.error().to_string());
  return std::move(r).value();
}

// A schedule that decides once, on the first row (buy and hold).
inline Schedule once_only() {
  Schedule s;
  s.kind = ScheduleKind::Once;
  return s;
}

inline Vec weights(std::initializer_list<double> w) {
  Vec v(static_cast<Index>(w.size()));
  Index i = 0;
  for (double x : w) v(i++) = x;
  return v;
}

/// A panel and three trend sleeves: EQ (E1..E3 vs SPX, fallback SPX), FI (F1, F2 vs AGG, fallback AGG),
/// ALT (L1, L2 vs AGG; with `e1_in_alt`, E1 as well, so that one asset sits in two sleeves).
struct SleeveWorld {
  Panel p;
  std::vector<SleeveSpec> sleeves;
};

inline SleeveWorld sleeve_world(int n, bool e1_in_alt) {
  SleeveWorld w;
  const auto dates = business_days(date_from_ymd(2012, 1, 2), n);
  w.p = random_prices(dates, {"SPX", "AGG", "E1", "E2", "E3", "F1", "F2", "L1", "L2"}, 31, 0.0002, 0.008);
  std::vector<Index> alt = {7, 8};
  if (e1_in_alt) alt.push_back(2);
  w.sleeves = {{"EQ", {2, 3, 4}, 0, 0, 0.6}, {"FI", {5, 6}, 1, 1, 0.3}, {"ALT", alt, 1, 1, 0.1}};
  return w;
}

/// The 60/40 benchmark of the sleeve world: SPX (column 0) and AGG (column 1), rebalanced monthly.
inline BenchmarkSpec b6040() {
  BenchmarkSpec b;
  b.columns = {0, 1};
  b.weights = {0.6, 0.4};
  return b;
}

}  // namespace riskdial::testing
