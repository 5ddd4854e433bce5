// TrendFolios signals: votes on constructed ratio paths, votes vs a naive direct implementation of spec §4.3,
// fusion rules, inverse-TE weights (direct computation and cap), TE vs a two-pass sd, biweekly schedule,
// growing universe, and the 60/30/10 combination equal to the weighted sum of sleeve weights.
#include <catch2/catch.hpp>

#include <cmath>

#include "backtest_fixtures.hpp"
#include "riskdial/signals.hpp"

using namespace riskdial;
using namespace riskdial::testing;

namespace {

/// Asset = benchmark × exp(log-ratio path); benchmark a random walk.
Panel ratio_panel(const std::vector<double>& logratio, unsigned seed = 1) {
  const auto dates = business_days(date_from_ymd(2020, 1, 6), static_cast<int>(logratio.size()));
  Panel p = random_prices(dates, {"B"}, seed);
  p.names = {"A", "B"};
  Mat v(p.rows(), 2);
  for (Index r = 0; r < p.rows(); ++r) {
    v(r, 1) = p.values(r, 0);
    v(r, 0) = p.values(r, 0) * std::exp(logratio[size_t(r)]);
  }
  p.values = v;
  return p;
}

AssetVotes votes_at_end(const Panel& p, const TrendParams& tp) {
  const MarketData md = market(p);
  AsOfView v(md, md.rows());
  RatioSeries rs(0, 1);
  rs.extend(v);
  return rs.votes(v, tp);
}

/// Naive spec §4.3 (trading-day anchor) straight from the formulas, on the 253-price window.
AssetVotes naive_votes(const MarketData& md, Index a, Index b, Index d, const TrendParams& p) {
  AssetVotes out;
  std::vector<double> cr;  // CR over the window d−252..d
  const Index w0 = d - 252;
  for (Index t = w0; t <= d; ++t)
    cr.push_back((md.prices(t, a) / md.prices(t, b)) / (md.prices(w0, a) / md.prices(w0, b)));
  const Index D = static_cast<Index>(cr.size()) - 1;
  for (int nu : p.frequencies) {
    out.momentum.push_back(cr[size_t(D)] / cr[size_t(D - nu)] - 1.0 > p.mom_threshold ? 1 : 0);
    if (nu == 1) {
      out.trend.push_back(-1);
      continue;
    }
    const int k = std::max(nu, p.vol_min_window);
    std::vector<double> r1;
    for (Index t = D - k + 1; t <= D; ++t) r1.push_back(cr[size_t(t)] / cr[size_t(t - 1)] - 1.0);
    double mu = 0.0;
    for (double x : r1) mu += x;
    mu /= static_cast<double>(k);
    double ss = 0.0;
    for (double x : r1) ss += (x - mu) * (x - mu);
    const double sig = std::sqrt(static_cast<double>(nu)) * std::sqrt(ss / (k - 1));
    double ma = 0.0;
    for (Index t = D - nu + 1; t <= D; ++t) ma += cr[size_t(t)];
    ma /= nu;
    const double S = cr[size_t(D)] / ma - 1.0 + p.trend_vol_coef * sig;
    out.trend.push_back(S > 0.0 ? 1 : 0);
  }
  for (int x : out.momentum) out.votes += x;
  for (int x : out.trend)
    if (x > 0) out.votes += x;
  out.included = out.votes >= 6;
  return out;
}

}  // namespace

TEST_CASE("steady relative uptrend: every vote is 1", "[signals][votes]") {
  std::vector<double> x(300);
  for (size_t t = 0; t < x.size(); ++t) x[t] = 0.001 * static_cast<double>(t);
  const AssetVotes v = votes_at_end(ratio_panel(x), TrendParams{});
  CHECK(v.momentum == std::vector<int>{1, 1, 1, 1, 1, 1});
  CHECK(v.trend == std::vector<int>{-1, 1, 1, 1, 1, 1});
  CHECK(v.votes == 11);
  CHECK(v.valid_votes == 11);
  CHECK(v.included);
}

TEST_CASE("steady relative downtrend: every vote is 0", "[signals][votes]") {
  std::vector<double> x(300);
  for (size_t t = 0; t < x.size(); ++t) x[t] = -0.001 * static_cast<double>(t);
  const AssetVotes v = votes_at_end(ratio_panel(x), TrendParams{});
  CHECK(v.momentum == std::vector<int>{0, 0, 0, 0, 0, 0});
  CHECK(v.trend == std::vector<int>{-1, 0, 0, 0, 0, 0});
  CHECK(v.votes == 0);
  CHECK_FALSE(v.included);
}

TEST_CASE("V-shape flips the short horizons first", "[signals][votes]") {
  // Down 0.2 %/day, then up 0.2 %/day over the last 15 days.
  std::vector<double> x(300);
  const size_t bottom = x.size() - 1 - 15;
  for (size_t t = 0; t < x.size(); ++t)
    x[t] = t <= bottom ? -0.002 * static_cast<double>(t)
                       : -0.002 * static_cast<double>(bottom) + 0.002 * static_cast<double>(t - bottom);
  const AssetVotes v = votes_at_end(ratio_panel(x), TrendParams{});
  // Momentum: 1d, 5d, 21d (15 up − 6 down) positive; 63d+ negative.
  CHECK(v.momentum == std::vector<int>{1, 1, 1, 0, 0, 0});
  // Trend: the curve is above its 5- and 21-day averages, below the longer ones.
  CHECK(v.trend == std::vector<int>{-1, 1, 1, 0, 0, 0});
  CHECK(v.votes == 5);
  CHECK_FALSE(v.included);
  // Ten days later (25 up days) the 63-day chord is still negative; the votes climb monotonically.
  std::vector<double> y(x);
  for (int k = 1; k <= 10; ++k) y.push_back(y.back() + 0.002);
  const AssetVotes w = votes_at_end(ratio_panel(y), TrendParams{});
  CHECK(w.votes >= v.votes);
  CHECK(w.momentum[3] == 0);
}

TEST_CASE("votes match a naive implementation of spec 4.3 on random paths", "[signals][votes]") {
  const auto dates = business_days(date_from_ymd(2015, 1, 5), 900);
  const Panel p = random_prices(dates, {"A", "B", "C"}, 17, 0.0002, 0.012);
  const MarketData md = market(p);
  for (double kappa : {0.0, 0.7}) {
    TrendParams tp;
    tp.trend_vol_coef = kappa;
    RatioSeries rs(0, 2), rs2(1, 2);
    int included = 0, compared = 0;
    for (Index d = 260; d < md.rows(); d += 7) {
      AsOfView v(md, d + 1);
      rs.extend(v);
      rs2.extend(v);
      for (auto* s : {&rs, &rs2}) {
        const AssetVotes got = s->votes(v, tp);
        const AssetVotes exp = naive_votes(md, s->asset(), 2, d, tp);
        CHECK(got.momentum == exp.momentum);
        CHECK(got.trend == exp.trend);
        CHECK(got.votes == exp.votes);
        CHECK(got.included == exp.included);
        included += got.included;
        ++compared;
      }
    }
    CHECK(included > 0);
    CHECK(included < compared);  // both outcomes occur
  }
}

TEST_CASE("fusion rules: pooled strict majority and two-stage", "[signals][fusion]") {
  AssetVotes v;
  v.valid_momentum = 6;
  v.valid_trend = 5;
  v.valid_votes = 11;
  v.momentum_count = 6;
  v.trend_count = 0;
  v.votes = 6;
  CHECK(fuse_votes(v, TfFusion::PooledMajority));  // 6 of 11
  CHECK_FALSE(fuse_votes(v, TfFusion::TwoStage));  // trend 0 of 5
  v.momentum_count = 4;
  v.trend_count = 3;
  v.votes = 7;
  CHECK(fuse_votes(v, TfFusion::TwoStage));  // 4 of 6 and 3 of 5
  v.momentum_count = 3;
  v.trend_count = 2;
  v.votes = 5;
  CHECK_FALSE(fuse_votes(v, TfFusion::PooledMajority));
  CHECK_FALSE(fuse_votes(v, TfFusion::TwoStage));
  // A tie among an even number of valid votes is not a strict majority.
  v.valid_votes = 10;
  v.votes = 5;
  CHECK_FALSE(fuse_votes(v, TfFusion::PooledMajority));
}

TEST_CASE("inverse-TE weights: direct computation and cap", "[signals][weights]") {
  const std::vector<double> te{0.01, 0.02, 0.04, 0.08};
  double cash = -1;
  auto w = inverse_te_weights(te, 1.0, &cash);
  double s = 100 + 50 + 25 + 12.5;
  CHECK(w[0] == Approx(100 / s).epsilon(1e-15));
  CHECK(w[3] == Approx(12.5 / s).epsilon(1e-15));
  CHECK(std::abs(w[0] + w[1] + w[2] + w[3] - 1.0) < 1e-15);
  CHECK(cash == 0.0);
  // Cap 0.4: the excess of asset 0 is shared by the others in proportion 4:2:1.
  w = inverse_te_weights(te, 0.4, &cash);
  CHECK(w[0] == Approx(0.4).epsilon(1e-14));
  CHECK(w[1] == Approx(0.6 * 4 / 7).epsilon(1e-14));
  CHECK(w[2] == Approx(0.6 * 2 / 7).epsilon(1e-14));
  CHECK(w[3] == Approx(0.6 * 1 / 7).epsilon(1e-14));
  CHECK(cash == 0.0);
  // Cascade: cap 0.3 caps assets 0 and 1 (second round), then 2 and 3 share 0.4 as 2:1.
  w = inverse_te_weights(te, 0.3, &cash);
  CHECK(w[0] == Approx(0.3).epsilon(1e-14));
  CHECK(w[1] == Approx(0.3).epsilon(1e-14));
  CHECK(w[2] == Approx(0.4 * 2 / 3).epsilon(1e-14));
  CHECK(w[3] == Approx(0.4 / 3).epsilon(1e-14));
  // Cap infeasible (2 × 0.3 < 1): the rest is cash.
  w = inverse_te_weights({0.05, 0.1}, 0.3, &cash);
  CHECK(w[0] == Approx(0.3));
  CHECK(w[1] == Approx(0.3));
  CHECK(cash == Approx(0.4).epsilon(1e-14));
}

TEST_CASE("tracking error from running sums equals a two-pass sample sd", "[signals][te]") {
  const auto dates = business_days(date_from_ymd(2010, 1, 4), 3000);
  const Panel p = random_prices(dates, {"A", "B"}, 23);
  const MarketData md = market(p);
  RatioSeries rs(0, 1);
  for (Index d : {Index(200), Index(1500), Index(2999)}) {
    AsOfView v(md, d + 1);
    rs.extend(v);
    const double got = rs.tracking_error(v, 126);
    double mu = 0.0;
    for (Index t = d - 125; t <= d; ++t) mu += md.returns(t, 0) - md.returns(t, 1);
    mu /= 126;
    double ss = 0.0;
    for (Index t = d - 125; t <= d; ++t) {
      const double x = md.returns(t, 0) - md.returns(t, 1) - mu;
      ss += x * x;
    }
    CHECK(got == Approx(std::sqrt(ss / 125 * 252)).epsilon(1e-11));
  }
}

TEST_CASE("a ratio series first extended on a shorter data set grows and keeps its running sums",
          "[signals][te][votes]") {
  // Storage is sized from the first view's data set; a later, longer data set (same leading rows)
  // makes it grow, copying the rows already summed. Votes and TE must equal those of a series built
  // on the longer data set alone, exactly (same terms in the same order).
  const auto dates = business_days(date_from_ymd(2012, 1, 2), 900);
  const Panel p = random_prices(dates, {"A", "B"}, 29, 0.0003, 0.011);
  Panel head = p;
  head.dates.resize(400);
  head.values = p.values.topRows(400).eval();
  const MarketData md_head = market(head), md = market(p);
  TrendParams tp;
  tp.trend_vol_coef = 0.5;  // the volatility term reads the return sums too
  RatioSeries grown(0, 1), fresh(0, 1);
  grown.extend(AsOfView(md_head, 400));
  for (Index d : {Index(399), Index(620), Index(899)}) {
    AsOfView v(md, d + 1);
    grown.extend(v);
    fresh.extend(v);
    const AssetVotes a = grown.votes(v, tp), b = fresh.votes(v, tp);
    CHECK(a.momentum == b.momentum);
    CHECK(a.trend == b.trend);
    CHECK(a.valid_votes == b.valid_votes);
    CHECK(a.valid_votes > 0);
    const double te_a = grown.tracking_error(v, 126), te_b = fresh.tracking_error(v, 126);
    CHECK(std::isfinite(te_b));
    CHECK(te_a == te_b);
  }
}

namespace {

SleeveWorld world(int n = 900) { return sleeve_world(n, false); }

}  // namespace

TEST_CASE("Moderate = 0.6·EQ + 0.3·FI + 0.1·ALT at every decision; biweekly next-day execution",
          "[signals][moderate]") {
  const SleeveWorld w = world();
  const MarketData md = market(w.p);
  TrendStrategy mod(w.sleeves, TrendParams{});
  auto rm = run_backtest(md, mod, b6040(), EngineOptions{}, "moderate");
  REQUIRE(rm.ok());
  std::vector<BacktestResult> sl;
  for (const auto& s : w.sleeves) {
    SleeveSpec one = s;
    one.weight = 1.0;
    TrendStrategy ts({one}, TrendParams{});
    auto r = run_backtest(md, ts, b6040(), EngineOptions{}, s.name);
    REQUIRE(r.ok());
    sl.push_back(std::move(r).value());
  }
  REQUIRE(rm->decisions.size() > 20);
  int fallbacks = 0;
  for (size_t k = 0; k < rm->decisions.size(); ++k) {
    const auto& d = rm->decisions[k];
    for (const auto& s : sl) {
      REQUIRE(k < s.decisions.size());
      REQUIRE(s.decisions[k].date == d.date);
    }
    const Vec comb = 0.6 * sl[0].decisions[k].target + 0.3 * sl[1].decisions[k].target +
                     0.1 * sl[2].decisions[k].target;
    CHECK((comb - d.target).cwiseAbs().maxCoeff() < 1e-15);
    const nlohmann::json audit = d.full_audit();
    for (const auto& s : audit["sleeves"]) fallbacks += s["fallback_used"].get<bool>();
    // Inverse-TE weights within each sleeve: w_i·TE_i is the same for all included assets.
    for (const auto& s : audit["sleeves"]) {
      double c = -1, tot = 0;
      for (const auto& a : s["assets"]) {
        if (!a["included"].get<bool>()) continue;
        const double x = a["weight"].get<double>() * a["te"].get<double>();
        tot += a["weight"].get<double>();
        if (c < 0) c = x;
        CHECK(x == Approx(c).epsilon(1e-12));
      }
      if (c > 0) CHECK(tot == Approx(1.0).epsilon(1e-14));
    }
    // Ex-ante TE = sqrt(aᵀΣa·252), Σ the sample covariance of all columns over the last 126 returns,
    // a = combined weights − (0.6·SPX + 0.4·AGG).
    if (!audit["ex_ante_te"].is_null()) {
      const Index r = d.row;
      Mat X = md.returns.block(r - 125, 0, 126, md.cols());
      const Mat Xc = X.rowwise() - X.colwise().mean();
      const Mat S = Xc.transpose() * Xc / 125.0;
      Vec a = d.target.head(md.cols());
      a(0) -= 0.6;
      a(1) -= 0.4;
      CHECK(audit["ex_ante_te"].get<double>() == Approx(std::sqrt(a.dot(S * a) * 252.0)).epsilon(1e-10));
    }
    // Decision dates: last business day (Friday here) of every second week counted from 1970-01-05.
    CHECK(iso_weekday(d.date) == 5);
    if (k > 0) CHECK((d.date - rm->decisions[k - 1].date) % 14 == 0);
    if (d.executed) CHECK(d.execution_date == d.date + 3);  // next trading day = Monday
  }
  CHECK(fallbacks > 0);
  // First decision is in the week of the first eligible date (row 252 = 253 prices).
  const Date first_elig = md.dates[252];
  CHECK((rm->decisions[0].date - first_elig) < 7);
  CHECK(rm->decisions[0].date >= first_elig);
  CHECK(rm->max_weight_sum_error < 1e-12);
}

TEST_CASE("growing universe: a late asset is eligible only after 253 valid prices", "[signals][universe]") {
  SleeveWorld w = world(800);
  for (Index r = 0; r < 400; ++r) w.p.values(r, 4) = kNaN;  // E3 starts at row 400
  const MarketData md = market(w.p);
  SleeveSpec eq = w.sleeves[0];
  eq.weight = 1.0;
  TrendStrategy ts({eq}, TrendParams{});
  auto r = run_backtest(md, ts, b6040(), EngineOptions{});
  if (!r.ok()) FAIL(r.error().to_string());
  int seen = 0;
  for (const auto& d : r->decisions) {
    const nlohmann::json audit = d.full_audit();
    const auto& e3 = audit["sleeves"][0]["assets"][2];
    const bool elig = e3["eligible"].get<bool>();
    CHECK(elig == (d.row >= 400 + 252));
    if (!elig) CHECK(d.target(4) == 0.0);
    seen += elig;
  }
  CHECK(seen > 0);
}

TEST_CASE("a week without trading days is skipped but counted", "[signals][schedule]") {
  SleeveWorld w = world(700);
  // Remove all of the 3rd week after the start of eligibility (rows 265..269 are one Mon–Fri week).
  Panel q;
  q.names = w.p.names;
  std::vector<Index> keep;
  for (Index r = 0; r < w.p.rows(); ++r) {
    const Date d = w.p.dates[size_t(r)];
    if (d >= date_from_ymd(2013, 1, 28) && d <= date_from_ymd(2013, 2, 1)) continue;
    keep.push_back(r);
  }
  q.values.resize(Index(keep.size()), w.p.cols());
  for (size_t i = 0; i < keep.size(); ++i) {
    q.dates.push_back(w.p.dates[size_t(keep[i])]);
    q.values.row(Index(i)) = w.p.values.row(keep[i]);
  }
  const MarketData md = market(q);
  SleeveSpec eq = w.sleeves[0];
  eq.weight = 1.0;
  TrendStrategy ts({eq}, TrendParams{});
  auto r = run_backtest(md, ts, b6040(), EngineOptions{});
  if (!r.ok()) FAIL(r.error().to_string());
  bool gap = false;
  for (size_t k = 1; k < r->decisions.size(); ++k) {
    const int diff = r->decisions[k].date - r->decisions[k - 1].date;
    CHECK(diff % 14 == 0);
    if (diff == 28) gap = true;
  }
  CHECK(gap);  // the empty decision week was skipped, cadence unchanged
}
