#include "riskdial/signals.hpp"

#include <algorithm>
#include <cmath>

namespace riskdial {

namespace {

/// Calendar offset of a horizon for tf_calendar_anchor=calendar: {days, months}; ν = 1 is the previous
/// trading day (days = 0, months = 0).
bool calendar_offset(int nu, int& days, int& months) {
  days = 0;
  months = 0;
  switch (nu) {
    case 1: return true;
    case 5: days = 7; return true;
    case 21: months = 1; return true;
    case 63: months = 3; return true;
    case 126: months = 6; return true;
    case 252: months = 12; return true;
    default: return false;
  }
}

/// Last visible row with date ≤ target, or -1.
Index row_at_or_before(const AsOfView& v, Date target) {
  Index lo = 0, hi = v.last();
  if (v.date(0) > target) return -1;
  while (lo < hi) {
    const Index mid = (lo + hi + 1) / 2;
    if (v.date(mid) <= target) lo = mid; else hi = mid - 1;
  }
  return lo;
}

double sd_from_sums(double s, double q, double n) {
  const double var = (q - s * s / n) / (n - 1.0);
  return std::sqrt(std::max(var, 0.0));
}

}  // namespace

int TrendParams::required_history() const {
  int mx = 0;
  for (int f : frequencies) mx = std::max(mx, f);
  int need = mx;
  if (vol_method == TfVolMethod::LiteralEq5 || spread_mode == TfSpreadMode::Literal) need = mx + eq5_n - 1;
  if (vol_method == TfVolMethod::ScaledDaily) need = std::max(need, vol_min_window);
  return std::max({min_history, need, te_lookback});
}

std::optional<Error> validate_trend_params(const TrendParams& p) {
  auto bad = [](const std::string& field, const std::string& msg) {
    return make_error(ErrorCode::InvalidScenario, msg, field);
  };
  if (p.frequencies.empty()) return bad("tf_frequencies", "expected a non-empty list of integers 1..504");
  for (int f : p.frequencies) {
    if (f < 1 || f > 504)
      return bad("tf_frequencies", "expected each frequency in 1..504, got " + std::to_string(f));
    int d, m;
    if (p.anchor == TfAnchor::Calendar && !calendar_offset(f, d, m))
      return bad("tf_frequencies", "with tf_calendar_anchor=calendar expected frequencies among 1, 5, 21, 63, "
                                   "126, 252, got " + std::to_string(f));
  }
  if (p.mom_threshold < -0.1 || p.mom_threshold > 0.1)
    return bad("tf_mom_threshold", "expected a value in -0.1..0.1");
  if (p.trend_vol_coef < -3 || p.trend_vol_coef > 3) return bad("tf_trend_vol_coef", "expected -3..3");
  if (p.vol_min_window < 5 || p.vol_min_window > 252) return bad("tf_vol_min_window", "expected 5..252");
  if (p.eq5_n < 5 || p.eq5_n > 252) return bad("tf_eq5_n", "expected 5..252");
  int mx = *std::max_element(p.frequencies.begin(), p.frequencies.end());
  if (p.min_history < mx)
    return bad("tf_min_history", "expected ≥ max(tf_frequencies) = " + std::to_string(mx) + ", got " +
                                     std::to_string(p.min_history));
  if (p.te_lookback < 21 || p.te_lookback > 756) return bad("tf_te_lookback", "expected 21..756");
  if (p.te_floor < 0 || p.te_floor > 0.05) return bad("tf_te_floor", "expected 0..0.05");
  if (p.max_weight < 0.05 || p.max_weight > 1) return bad("tf_max_weight", "expected 0.05..1");
  if (p.rebalance_weeks < 1 || p.rebalance_weeks > 8) return bad("tf_rebalance_weeks", "expected 1..8");
  if (p.execution_lag < 0 || p.execution_lag > 5) return bad("execution_lag", "expected 0..5");
  return std::nullopt;
}

void RatioSeries::extend(const AsOfView& v) {
  if (pre_.empty()) {
    const size_t cap = static_cast<size_t>(v.capacity_hint()) + 1;
    ratio_.reserve(cap);
    pre_.reserve(cap);
    pre_.push_back(Prefix{});
  }
  const Index n = v.rows();
  const auto P = v.prices();
  const auto R = v.returns();
  for (Index r = static_cast<Index>(ratio_.size()); r < n; ++r) {
    const double x = P(r, a_) / P(r, b_);
    const double prev = r > 0 ? ratio_.back() : kNaN;
    ratio_.push_back(x);
    double r1 = x / prev - 1.0;
    if (std::isnan(r1)) r1 = 0.0;
    double a = R(r, a_) - R(r, b_);
    if (std::isnan(a)) a = 0.0;
    const Prefix& q = pre_.back();
    pre_.push_back(Prefix{q.p + (std::isnan(x) ? 0.0 : x), q.r + r1, q.r2 + r1 * r1, q.a + a, q.a2 + a * a});
  }
}

AssetVotes RatioSeries::votes(const AsOfView& v, const TrendParams& p) const {
  AssetVotes out;
  votes(v, p, out);
  return out;
}

void RatioSeries::votes(const AsOfView& v, const TrendParams& p, AssetVotes& out) const {
  const Index d = v.last();
  const Index run = std::min(v.valid_run(d, a_), v.valid_run(d, b_));
  const Index first = d - run + 1;  // first row with both prices valid
  out.momentum_count = out.trend_count = out.valid_momentum = out.valid_trend = 0;
  const size_t K = p.frequencies.size();
  out.momentum.assign(K, -1);
  out.trend.assign(K, -1);
  const double pd = ratio(d);
  for (size_t k = 0; k < K; ++k) {
    const int nu = p.frequencies[k];
    Index L = d - nu;
    if (p.anchor == TfAnchor::Calendar) {
      int days, months;
      calendar_offset(nu, days, months);
      if (nu == 1) {
        L = d - 1;
      } else {
        const Date target = months ? add_months(v.date(d), -months) : v.date(d) - days;
        L = row_at_or_before(v, target);
      }
    }
    if (L < first || L >= d) continue;  // window does not fit the valid history
    out.momentum[k] = pd / ratio(L) - 1.0 > p.mom_threshold ? 1 : 0;
    if (nu == 1) continue;  // trend undefined at ν = 1
    const Index c = d - L;  // window rows L+1..d (= ν in trading-day mode)
    double sig = 0.0;
    const bool need_sig = p.trend_vol_coef != 0.0;
    if (need_sig) {
      if (p.vol_method == TfVolMethod::ScaledDaily) {
        const Index kk = std::max<Index>(c, p.vol_min_window);
        if (d - kk < first) continue;  // returns rows d−kk+1..d need prices from d−kk
        const double s = window_sum(&Prefix::r, d - kk + 1, d), q = window_sum(&Prefix::r2, d - kk + 1, d);
        sig = std::sqrt(static_cast<double>(c)) * sd_from_sums(s, q, static_cast<double>(kk));
      } else {
        const Index n = p.eq5_n;
        if (d - n + 1 - c < first) continue;
        double s = 0.0, q = 0.0;
        for (Index i = 0; i < n; ++i) {
          const double x = ratio(d - i) / ratio(d - i - c) - 1.0;
          s += x;
          q += x * x;
        }
        const double mean = s / static_cast<double>(n);
        double ss = 0.0;
        for (Index i = 0; i < n; ++i) {
          const double x = ratio(d - i) / ratio(d - i - c) - 1.0 - mean;
          ss += x * x;
        }
        sig = std::sqrt(ss / static_cast<double>(n - 1));
      }
    }
    double S;
    if (p.spread_mode == TfSpreadMode::MaCurve) {
      const double ma = window_sum(&Prefix::p, L + 1, d) / static_cast<double>(c);
      S = pd / ma - 1.0 + (need_sig ? p.trend_vol_coef * sig : 0.0);
    } else {
      const Index n = p.eq5_n;
      if (d - n + 1 - c < first) continue;
      double s = 0.0;
      for (Index i = 0; i < n; ++i) s += ratio(d - i) / ratio(d - i - c) - 1.0;
      const double rbar = s / static_cast<double>(n);
      if (std::abs(rbar) < 1e-12) {
        out.trend[k] = 0;  // S = NaN → vote 0
        continue;
      }
      const double r1 = pd / ratio(d - 1) - 1.0;
      S = (r1 - rbar) / rbar + (need_sig ? p.trend_vol_coef * sig : 0.0);
    }
    out.trend[k] = S > 0.0 ? 1 : 0;
  }
  for (size_t k = 0; k < K; ++k) {
    if (out.momentum[k] >= 0) {
      ++out.valid_momentum;
      out.momentum_count += out.momentum[k];
    }
    if (out.trend[k] >= 0) {
      ++out.valid_trend;
      out.trend_count += out.trend[k];
    }
  }
  out.votes = out.momentum_count + out.trend_count;
  out.valid_votes = out.valid_momentum + out.valid_trend;
  out.included = fuse_votes(out, p.fusion);
}

double RatioSeries::tracking_error(const AsOfView& v, int lookback) const {
  const Index d = v.last();
  const Index run = std::min(v.valid_run(d, a_), v.valid_run(d, b_));
  if (lookback < 2 || lookback > run - 1) return kNaN;
  const double s = window_sum(&Prefix::a, d - lookback + 1, d), q = window_sum(&Prefix::a2, d - lookback + 1, d);
  return sd_from_sums(s, q, lookback) * std::sqrt(static_cast<double>(v.periods_per_year()));
}

bool fuse_votes(const AssetVotes& v, TfFusion fusion) {
  if (fusion == TfFusion::PooledMajority) return v.valid_votes > 0 && 2 * v.votes > v.valid_votes;
  return v.valid_momentum > 0 && v.valid_trend > 0 && 2 * v.momentum_count > v.valid_momentum &&
         2 * v.trend_count > v.valid_trend;
}

std::vector<double> inverse_te_weights(const std::vector<double>& te, double cap, double* cash) {
  const size_t n = te.size();
  std::vector<double> w(n, 0.0);
  if (cash) *cash = n == 0 ? 1.0 : 0.0;
  if (n == 0) return w;
  double s = 0.0;
  for (double t : te) s += 1.0 / t;
  for (size_t i = 0; i < n; ++i) w[i] = (1.0 / te[i]) / s;
  if (cap < 1.0) {
    std::vector<char> capped(n, 0);
    for (int iter = 0; iter < static_cast<int>(n) + 1; ++iter) {
      double excess = 0.0, free_sum = 0.0;
      bool any = false;
      for (size_t i = 0; i < n; ++i)
        if (!capped[i] && w[i] > cap) {
          excess += w[i] - cap;
          w[i] = cap;
          capped[i] = 1;
          any = true;
        }
      if (!any) break;
      for (size_t i = 0; i < n; ++i)
        if (!capped[i]) free_sum += w[i];
      if (free_sum <= 0.0) break;  // everything capped: the excess stays in cash
      for (size_t i = 0; i < n; ++i)
        if (!capped[i]) w[i] += excess * w[i] / free_sum;
    }
  }
  if (cash) {
    double t = 0.0;
    for (double x : w) t += x;
    *cash = std::max(0.0, 1.0 - t);
    if (*cash < 1e-15) *cash = 0.0;
  }
  return w;
}

// ---------------------------------------------------------------------------------------------------------
// TrendStrategy
// ---------------------------------------------------------------------------------------------------------

TrendStrategy::TrendStrategy(std::vector<SleeveSpec> sleeves, TrendParams params)
    : sleeves_(std::move(sleeves)), p_(std::move(params)) {
  for (const auto& s : sleeves_) {
    std::vector<RatioSeries> v;
    for (Index a : s.assets) v.emplace_back(a, s.benchmark);
    series_.push_back(std::move(v));
  }
}

Schedule TrendStrategy::schedule() const {
  Schedule s;
  s.kind = ScheduleKind::EveryNWeeks;
  s.weeks = p_.rebalance_weeks;
  return s;
}

bool TrendStrategy::ready(const AsOfView& v) {
  const int h = p_.required_history();
  for (const auto& s : sleeves_)
    for (Index a : s.assets)
      if (v.eligible(a, h, s.benchmark)) return true;
  return false;
}

namespace {

/// Typed vote matrix of one decision; converted to JSON only when the result is serialized.
struct TrendAudit : AuditPayload {
  struct AssetRow {
    Index column = -1;
    bool eligible = false, included = false;
    int votes = 0, valid_votes = 0;
    size_t offset = 0;  ///< into mom/trend (K entries each) when eligible
    double te = kNaN, weight = kNaN;
  };
  struct SleeveRow {
    std::string name, benchmark;
    double weight = 1.0;
    bool fallback_used = false;
    int included_count = 0;
    std::vector<AssetRow> assets;
  };
  std::vector<int> frequencies;
  std::shared_ptr<const std::vector<std::string>> names;  ///< column names (shared, not copied)
  std::vector<signed char> mom, trend;                    ///< flat vote matrix, −1 = invalid vote
  std::vector<SleeveRow> sleeves;
  double ex_ante_te = kNaN;
  std::vector<std::string> flags;

  void write(nlohmann::json& a) const override {
    using nlohmann::json;
    auto num = [](double x) { return std::isfinite(x) ? json(x) : json(nullptr); };
    a["frequencies"] = frequencies;
    json sl = json::array();
    for (const auto& s : sleeves) {
      json as = json::array();
      for (const auto& r : s.assets) {
        json row;
        row["asset"] = (*names)[size_t(r.column)];
        row["eligible"] = r.eligible;
        if (r.eligible) {
          json mj = json::array(), tj = json::array();
          for (size_t k = 0; k < frequencies.size(); ++k) {
            const int m = mom[r.offset + k], t = trend[r.offset + k];
            mj.push_back(m < 0 ? json(nullptr) : json(m));
            tj.push_back(t < 0 ? json(nullptr) : json(t));
          }
          row["momentum"] = std::move(mj);
          row["trend"] = std::move(tj);
          row["votes"] = r.votes;
          row["valid_votes"] = r.valid_votes;
        } else {
          row["momentum"] = nullptr;
          row["trend"] = nullptr;
          row["votes"] = nullptr;
          row["valid_votes"] = nullptr;
        }
        row["included"] = r.included;
        row["te"] = num(r.te);
        row["weight"] = r.included ? num(r.weight) : json(nullptr);
        as.push_back(std::move(row));
      }
      sl.push_back({{"name", s.name},
                    {"benchmark", s.benchmark},
                    {"weight", s.weight},
                    {"fallback_used", s.fallback_used},
                    {"included_count", s.included_count},
                    {"assets", std::move(as)}});
    }
    a["sleeves"] = std::move(sl);
    a["ex_ante_te"] = num(ex_ante_te);
    for (const auto& f : flags) a["flags"].push_back(f);
  }
};

}  // namespace

Result<Decision> TrendStrategy::decide(const DecisionInput& in) {
  const AsOfView& v = in.view;
  const Index m = v.cols(), d = v.last();
  const int h = p_.required_history();
  const double P = v.periods_per_year();
  Decision out;
  out.weights = Vec::Zero(m + 1);
  last_sleeve_w_.assign(sleeves_.size(), Vec::Zero(m + 1));
  auto audit = std::make_shared<TrendAudit>();
  audit->frequencies = p_.frequencies;
  if (!names_ || names_->size() != v.names().size())
    names_ = std::make_shared<const std::vector<std::string>>(v.names());
  audit->names = names_;
  const size_t K = p_.frequencies.size();
  size_t total_assets = 0;
  for (const auto& sl : sleeves_) total_assets += sl.assets.size();
  audit->mom.reserve(total_assets * K);
  audit->trend.reserve(total_assets * K);
  audit->sleeves.reserve(sleeves_.size());
  std::vector<size_t> inc;
  std::vector<double> te_inc;
  for (size_t si = 0; si < sleeves_.size(); ++si) {
    const SleeveSpec& s = sleeves_[si];
    Vec& ws = last_sleeve_w_[si];
    TrendAudit::SleeveRow srow;
    srow.name = s.name;
    srow.benchmark = v.names()[size_t(s.benchmark)];
    srow.weight = s.weight;
    srow.assets.resize(s.assets.size());
    inc.clear();
    te_inc.clear();
    for (size_t k = 0; k < s.assets.size(); ++k) {
      RatioSeries& rs = series_[si][k];
      rs.extend(v);
      TrendAudit::AssetRow& row = srow.assets[k];
      row.column = s.assets[k];
      row.eligible = v.eligible(s.assets[k], h, s.benchmark);
      if (!row.eligible) continue;
      rs.votes(v, p_, scratch_);
      row.included = scratch_.included;
      row.votes = scratch_.votes;
      row.valid_votes = scratch_.valid_votes;
      row.offset = audit->mom.size();
      for (size_t j = 0; j < K; ++j) {
        audit->mom.push_back(static_cast<signed char>(scratch_.momentum[j]));
        audit->trend.push_back(static_cast<signed char>(scratch_.trend[j]));
      }
      row.te = std::max(rs.tracking_error(v, p_.te_lookback), p_.te_floor);
      if (row.included) {
        inc.push_back(k);
        te_inc.push_back(row.te);
      }
    }
    if (inc.empty()) {
      srow.fallback_used = true;
      if (s.fallback >= 0 && !std::isnan(v.price(d, s.fallback))) {
        ws(s.fallback) = 1.0;
      } else {
        ws(m) = 1.0;
        if (s.fallback >= 0) audit->flags.push_back("fallback_without_price:" + s.name);
      }
    } else {
      double cash = 0.0;
      const std::vector<double> w = inverse_te_weights(te_inc, p_.max_weight, &cash);
      for (size_t j = 0; j < inc.size(); ++j) {
        ws(s.assets[inc[j]]) += w[j];
        srow.assets[inc[j]].weight = w[j];
      }
      ws(m) += cash;
      if (cash > 0.0) audit->flags.push_back("weight_cap_left_cash:" + s.name);
    }
    srow.included_count = static_cast<int>(inc.size());
    out.weights += s.weight * ws;
    audit->sleeves.push_back(std::move(srow));
  }
  // Ex-ante TE of the combined weights against Σ_s weight_s·benchmark_s over te_lookback days.
  {
    const Index L = p_.te_lookback;
    bool ok = d >= L;
    for (Index i = 0; i < m && ok; ++i)
      if (out.weights(i) != 0.0 && v.valid_run(d, i) < L + 1) ok = false;
    for (const auto& s : sleeves_)
      if (v.valid_run(d, s.benchmark) < L + 1) ok = false;
    if (ok) {
      std::vector<Index> held;
      for (Index i = 0; i < m; ++i)
        if (out.weights(i) != 0.0) held.push_back(i);
      Vec a = Vec::Zero(L);
      for (Index t = 0; t < L; ++t) {
        const Index r = d - L + 1 + t;
        double x = out.weights(m) * v.cash_return(r);
        for (Index i : held) x += out.weights(i) * v.ret(r, i);
        for (const auto& s : sleeves_) x -= s.weight * v.ret(r, s.benchmark);
        a(t) = x;
      }
      const double mu = a.mean();
      audit->ex_ante_te = std::sqrt((a.array() - mu).square().sum() / static_cast<double>(L - 1) * P);
    }
  }
  out.payload = std::move(audit);
  if (sleeves_.size() >= 2) {  // the decomposition the engine needs for sleeve_rebalance = month_end
    auto split = std::make_shared<SleeveSplit>();
    split->names.reserve(sleeves_.size());
    split->shares.reserve(sleeves_.size());
    for (const auto& s : sleeves_) {
      split->names.push_back(s.name);
      split->shares.push_back(s.weight);
    }
    split->weights = last_sleeve_w_;
    out.sleeves = std::move(split);
  }
  return out;
}

}  // namespace riskdial
