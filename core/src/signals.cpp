#include "riskdial/signals.hpp"

#include "signals_kernels.hpp"

#include <algorithm>
#include <cmath>

namespace riskdial {

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
    if (p.anchor == TfAnchor::Calendar && !detail::calendar_offset(f, d, m))
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

void RatioSeries::grow(const AsOfView& v) {
  // Storage for every row of the data set, allocated once and not zero-filled (a zero fill, e.g. by
  // std::vector::resize, took 17 % of the Moderate run in WASM, where memset is not a bulk-memory
  // instruction; a push_back per row and series kept the loop slow there).
  const Index cap = std::max(v.rows(), v.capacity_hint()) + 1;
  std::unique_ptr<double[]> ratio(new double[size_t(cap)]);
  std::unique_ptr<Prefix[]> pre(new Prefix[size_t(cap)]);
  std::copy(ratio_.get(), ratio_.get() + rows_, ratio.get());
  if (rows_ == 0)
    pre[0] = Prefix{0.0, 0.0, 0.0, 0.0, 0.0};
  else
    std::copy(pre_.get(), pre_.get() + rows_ + 1, pre.get());
  ratio_ = std::move(ratio);
  pre_ = std::move(pre);
  capacity_ = cap;
}

void RatioSeries::size_votes(AssetVotes& out, size_t frequencies) {
  out.momentum.assign(frequencies, -1);
  out.trend.assign(frequencies, -1);
}

AssetVotes RatioSeries::votes(const AsOfView& v, const TrendParams& p) const {
  AssetVotes out;
  votes(v, p, out);
  return out;
}

namespace {

/// inverse_te_weights writing into `w` (resized to te.size(); no allocation once sized and without a cap).
void inverse_te_weights_into(const std::vector<double>& te, double cap, std::vector<double>& w, double* cash) {
  const size_t n = te.size();
  w.assign(n, 0.0);
  if (cash) *cash = n == 0 ? 1.0 : 0.0;
  if (n == 0) return;
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
}

}  // namespace

std::vector<double> inverse_te_weights(const std::vector<double>& te, double cap, double* cash) {
  std::vector<double> w;
  inverse_te_weights_into(te, cap, w, cash);
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
  std::shared_ptr<const std::vector<int>> frequencies;   ///< shared, not copied
  std::shared_ptr<const std::vector<std::string>> names;  ///< column names (shared, not copied)
  std::vector<signed char> mom, trend;                    ///< flat vote matrix, −1 = invalid vote
  std::vector<SleeveRow> sleeves;
  double ex_ante_te = kNaN;
  std::vector<std::string> flags;

  void write(nlohmann::json& a) const override {
    using nlohmann::json;
    auto num = [](double x) { return std::isfinite(x) ? json(x) : json(nullptr); };
    a["frequencies"] = *frequencies;
    json sl = json::array();
    for (const auto& s : sleeves) {
      json as = json::array();
      for (const auto& r : s.assets) {
        json row;
        row["asset"] = (*names)[size_t(r.column)];
        row["eligible"] = r.eligible;
        if (r.eligible) {
          json mj = json::array(), tj = json::array();
          for (size_t k = 0; k < frequencies->size(); ++k) {
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
  // The sleeve weights of this decision (kept for last_sleeve_weights(); attached when there are ≥ 2).
  auto split = std::make_shared<SleeveSplit>();
  split->weights.assign(sleeves_.size(), Vec::Zero(m + 1));
  auto audit = std::make_shared<TrendAudit>();
  if (!frequencies_) frequencies_ = std::make_shared<const std::vector<int>>(p_.frequencies);
  audit->frequencies = frequencies_;
  audit->names = names_.get(v);
  const size_t K = p_.frequencies.size();
  size_t total_assets = 0;
  for (const auto& sl : sleeves_) total_assets += sl.assets.size();
  audit->mom.reserve(total_assets * K);
  audit->trend.reserve(total_assets * K);
  audit->sleeves.reserve(sleeves_.size());
  std::vector<size_t>& inc = inc_;
  std::vector<double>& te_inc = te_inc_;
  for (size_t si = 0; si < sleeves_.size(); ++si) {
    const SleeveSpec& s = sleeves_[si];
    Vec& ws = split->weights[si];
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
      inverse_te_weights_into(te_inc, p_.max_weight, w_inc_, &cash);
      for (size_t j = 0; j < inc.size(); ++j) {
        ws(s.assets[inc[j]]) += w_inc_[j];
        srow.assets[inc[j]].weight = w_inc_[j];
      }
      ws(m) += cash;
      if (cash > 0.0) audit->flags.push_back("weight_cap_left_cash:" + s.name);
    }
    srow.included_count = static_cast<int>(inc.size());
    out.weights += s.weight * ws;
    audit->sleeves.push_back(std::move(srow));
  }
  // Ex-ante TE of the combined weights against Σ_s weight_s·benchmark_s over te_lookback days. Accumulated
  // column by column (contiguous reads); every a(t) gets the same terms in the same order as a row-wise sum.
  {
    const Index L = p_.te_lookback;
    bool ok = d >= L;
    for (Index i = 0; i < m && ok; ++i)
      if (out.weights(i) != 0.0 && v.valid_run(d, i) < L + 1) ok = false;
    for (const auto& s : sleeves_)
      if (v.valid_run(d, s.benchmark) < L + 1) ok = false;
    if (ok) {
      held_.clear();
      for (Index i = 0; i < m; ++i)
        if (out.weights(i) != 0.0) held_.push_back(i);
      const auto R = v.returns();
      const Index r0 = d - L + 1;
      Vec& a = active_;
      a.resize(L);
      for (Index t = 0; t < L; ++t) a(t) = out.weights(m) * v.cash_return(r0 + t);
      for (Index i : held_) {
        const double wi = out.weights(i);
        for (Index t = 0; t < L; ++t) a(t) += wi * R(r0 + t, i);
      }
      for (const auto& s : sleeves_)
        for (Index t = 0; t < L; ++t) a(t) -= s.weight * R(r0 + t, s.benchmark);
      const double mu = a.mean();
      audit->ex_ante_te = std::sqrt((a.array() - mu).square().sum() / static_cast<double>(L - 1) * P);
    }
  }
  out.payload = std::move(audit);
  if (sleeves_.size() >= 2) {  // the decomposition the engine needs for sleeve_rebalance = month_end
    split->names.reserve(sleeves_.size());
    split->shares.reserve(sleeves_.size());
    for (const auto& s : sleeves_) {
      split->names.push_back(s.name);
      split->shares.push_back(s.weight);
    }
    out.sleeves = split;
  }
  last_split_ = std::move(split);
  return out;
}

}  // namespace riskdial
