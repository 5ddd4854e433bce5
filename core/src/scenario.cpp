#include "riskdial/scenario.hpp"

#include "riskdial/metrics.hpp"
#include "riskdial/report.hpp"
#include "riskdial/transform.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "metrics_json.hpp"

namespace riskdial {

using nlohmann::json;

namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
  return s;
}

std::string show(const json& j) {
  std::string s = j.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

Error bad(const std::string& path, const std::string& msg) {
  return make_error(ErrorCode::InvalidScenario, msg, path);
}

/// Reads the members of one JSON object, remembering which keys were used so unknown keys are errors.
class Reader {
 public:
  Reader(const json& obj, std::string path) : o_(obj), path_(std::move(path)) {}
  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const std::string& key) {
    used_.insert(key);
    return o_.contains(key);
  }
  const json& raw(const std::string& key) {
    used_.insert(key);
    return o_.at(key);
  }

  std::optional<Error> num(const std::string& key, double& out, double lo, double hi) {
    if (!has(key)) return std::nullopt;
    const json& v = o_.at(key);
    if (!v.is_number())
      return bad(at(key), "expected a number in " + fmt(lo) + ".." + fmt(hi) + ", got " + show(v));
    const double x = v.get<double>();
    if (!(x >= lo && x <= hi))
      return bad(at(key), "expected a number in " + fmt(lo) + ".." + fmt(hi) + ", got " + show(v));
    out = x;
    return std::nullopt;
  }
  std::optional<Error> integer(const std::string& key, int& out, int lo, int hi) {
    if (!has(key)) return std::nullopt;
    const json& v = o_.at(key);
    if (!v.is_number_integer())
      return bad(at(key), "expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
                              ", got " + show(v));
    const auto x = v.get<long long>();
    if (x < lo || x > hi)
      return bad(at(key), "expected an integer in " + std::to_string(lo) + ".." + std::to_string(hi) +
                              ", got " + show(v));
    out = static_cast<int>(x);
    return std::nullopt;
  }
  std::optional<Error> flag(const std::string& key, bool& out) {
    if (!has(key)) return std::nullopt;
    const json& v = o_.at(key);
    if (!v.is_boolean()) return bad(at(key), "expected true or false, got " + show(v));
    out = v.get<bool>();
    return std::nullopt;
  }
  std::optional<Error> str(const std::string& key, std::string& out) {
    if (!has(key)) return std::nullopt;
    const json& v = o_.at(key);
    if (!v.is_string()) return bad(at(key), "expected a string, got " + show(v));
    out = v.get<std::string>();
    return std::nullopt;
  }
  template <class E>
  std::optional<Error> choice(const std::string& key, E& out,
                              const std::vector<std::pair<std::string, E>>& allowed) {
    if (!has(key)) return std::nullopt;
    const json& v = o_.at(key);
    std::vector<std::string> names;
    for (const auto& a : allowed) names.push_back(a.first);
    if (v.is_string())
      for (const auto& a : allowed)
        if (a.first == v.get<std::string>()) {
          out = a.second;
          return std::nullopt;
        }
    return bad(at(key), "expected one of " + join(names) + ", got " + show(v));
  }
  std::optional<Error> strings(const std::string& key, std::vector<std::string>& out) {
    if (!has(key)) return std::nullopt;
    const json& v = o_.at(key);
    if (!v.is_array() || v.empty()) return bad(at(key), "expected a non-empty list of column names, got " + show(v));
    out.clear();
    for (const auto& x : v) {
      if (!x.is_string()) return bad(at(key), "expected column names (strings), got " + show(x));
      out.push_back(x.get<std::string>());
    }
    return std::nullopt;
  }
  std::optional<Error> weights(const std::string& key, std::vector<std::pair<std::string, double>>& out) {
    if (!has(key)) return std::nullopt;
    const json& v = o_.at(key);
    if (!v.is_object() || v.empty())
      return bad(at(key), "expected an object {column: weight, ...}, got " + show(v));
    out.clear();
    double s = 0.0;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!it.value().is_number() || !(it.value().get<double>() >= 0.0) || it.value().get<double>() > 1.0)
        return bad(at(key) + "." + it.key(), "expected a weight in 0..1, got " + show(it.value()));
      out.emplace_back(it.key(), it.value().get<double>());
      s += it.value().get<double>();
    }
    if (std::abs(s - 1.0) > 1e-9) return bad(at(key), "expected weights summing to 1, got " + fmt(s));
    return std::nullopt;
  }
  std::optional<Error> finish() const {
    std::vector<std::string> allowed(used_.begin(), used_.end());
    for (auto it = o_.begin(); it != o_.end(); ++it)
      if (!used_.count(it.key()))
        return bad(at(it.key()), "unknown field \"" + it.key() + "\"; allowed here: " + join(allowed));
    return std::nullopt;
  }
  /// Mark keys as allowed (for finish()) even when absent.
  void allow(std::initializer_list<const char*> keys) {
    for (const char* k : keys) used_.insert(k);
  }

 private:
  static std::string fmt(double x) {
    json j = x;
    return j.dump();
  }
  const json& o_;
  std::string path_;
  std::set<std::string> used_;
};

#define RD_TRY(expr)                 \
  do {                               \
    if (auto e_ = (expr)) return *e_; \
  } while (0)

std::optional<Error> parse_benchmark(const json& j, const std::string& path, BenchmarkConfig& b) {
  if (!j.is_object()) return bad(path, "expected an object {\"weights\": {...}, \"rebalance\": ...}");
  Reader r(j, path);
  RD_TRY(r.str("name", b.name));
  if (!r.has("weights")) return bad(path + ".weights", "expected an object {column: weight, ...}");
  RD_TRY(r.weights("weights", b.weights));
  RD_TRY(r.choice<BenchmarkRebalance>("rebalance", b.rebalance,
                                      {{"month_end", BenchmarkRebalance::MonthEnd},
                                       {"daily", BenchmarkRebalance::Daily},
                                       {"none", BenchmarkRebalance::None}}));
  if (b.name.empty())
    for (const auto& w : b.weights)
      b.name += (b.name.empty() ? "" : "/") + w.first + " " + std::to_string(int(std::lround(w.second * 100)));
  return r.finish();
}

std::optional<Error> parse_schedule(const json& j, const std::string& path, Schedule& s) {
  if (!j.is_object()) return bad(path, "expected an object {\"type\": ...}");
  Reader r(j, path);
  if (!r.has("type"))
    return bad(path + ".type", "expected one of month_end, quarter_end, every_n_weeks, dates, once");
  RD_TRY(r.choice<ScheduleKind>("type", s.kind,
                                {{"month_end", ScheduleKind::MonthEnd},
                                 {"quarter_end", ScheduleKind::QuarterEnd},
                                 {"every_n_weeks", ScheduleKind::EveryNWeeks},
                                 {"dates", ScheduleKind::Dates},
                                 {"once", ScheduleKind::Once}}));
  RD_TRY(r.integer("weeks", s.weeks, 1, 52));
  if (r.has("dates")) {
    const json& d = r.raw("dates");
    if (!d.is_array() || d.empty()) return bad(path + ".dates", "expected a list of \"YYYY-MM-DD\" dates");
    for (const auto& x : d) {
      auto v = x.is_string() ? parse_iso(x.get<std::string>()) : std::nullopt;
      if (!v) return bad(path + ".dates", "expected \"YYYY-MM-DD\", got " + show(x));
      s.dates.push_back(*v);
    }
  }
  if (s.kind == ScheduleKind::Dates && s.dates.empty())
    return bad(path + ".dates", "expected a list of dates for type \"dates\"");
  return r.finish();
}

const std::vector<SleeveConfig>& preset_sleeves(const std::string& preset) {
  static const std::vector<SleeveConfig> eq{
      {"EQ", {"IWD", "IWF", "IWN", "IWO", "EFA", "SCZ", "EEM"}, "SPY", "SPY", 1.0}};
  static const std::vector<SleeveConfig> fi{
      {"FI", {"TIP", "SHY", "TLT", "LQD", "HYG", "BWX", "EMB"}, "AGG", "AGG", 1.0}};
  static const std::vector<SleeveConfig> alt{
      {"ALT", {"BIZD", "BKLN", "RWR", "USO", "DBA", "DBB", "GLD"}, "AGG", "AGG", 1.0}};
  static const std::vector<SleeveConfig> mod{{"EQ", eq[0].assets, "SPY", "SPY", 0.6},
                                             {"FI", fi[0].assets, "AGG", "AGG", 0.3},
                                             {"ALT", alt[0].assets, "AGG", "AGG", 0.1}};
  if (preset == "equity") return eq;
  if (preset == "fixed_income") return fi;
  if (preset == "alternatives") return alt;
  return mod;
}

std::optional<Error> parse_trend(Reader& r, StrategyConfig& s) {
  std::string preset = "moderate";
  RD_TRY(r.choice<std::string>("preset", preset,
                               {{"moderate", "moderate"},
                                {"equity", "equity"},
                                {"fixed_income", "fixed_income"},
                                {"alternatives", "alternatives"}}));
  s.sleeves = preset_sleeves(preset);
  if (r.has("sleeves")) {
    const json& a = r.raw("sleeves");
    const std::string p = r.at("sleeves");
    if (!a.is_array() || a.empty()) return bad(p, "expected a non-empty list of sleeves");
    s.sleeves.clear();
    double tot = 0.0;
    for (size_t i = 0; i < a.size(); ++i) {
      const std::string sp = p + "[" + std::to_string(i) + "]";
      if (!a[i].is_object()) return bad(sp, "expected a sleeve object");
      Reader sr(a[i], sp);
      SleeveConfig c;
      c.name = "S" + std::to_string(i + 1);
      RD_TRY(sr.str("name", c.name));
      if (!sr.has("assets")) return bad(sp + ".assets", "expected a non-empty list of column names");
      RD_TRY(sr.strings("assets", c.assets));
      if (!sr.has("benchmark")) return bad(sp + ".benchmark", "expected the sleeve benchmark column name");
      RD_TRY(sr.str("benchmark", c.benchmark));
      c.fallback = c.benchmark;
      RD_TRY(sr.str("fallback", c.fallback));
      c.weight = a.size() == 1 ? 1.0 : 0.0;
      RD_TRY(sr.num("weight", c.weight, 0.0, 1.0));
      RD_TRY(sr.finish());
      tot += c.weight;
      s.sleeves.push_back(std::move(c));
    }
    if (std::abs(tot - 1.0) > 1e-9) return bad(p, "expected sleeve weights summing to 1");
  }
  if (r.has("sleeve_weights")) {
    std::vector<std::pair<std::string, double>> w;
    RD_TRY(r.weights("sleeve_weights", w));
    for (const auto& x : w) {
      bool found = false;
      for (auto& sl : s.sleeves)
        if (sl.name == x.first) {
          sl.weight = x.second;
          found = true;
        }
      if (!found) return bad(r.at("sleeve_weights") + "." + x.first, "no sleeve named \"" + x.first + "\"");
    }
  }
  RD_TRY(r.choice<SleeveRebalance>("sleeve_rebalance", s.sleeve_rebalance,
                                   {{"with_sleeves", SleeveRebalance::WithDecisions},
                                    {"month_end", SleeveRebalance::MonthEnd}}));
  if (s.sleeve_rebalance == SleeveRebalance::MonthEnd && s.vol_target)
    return bad(r.at("sleeve_rebalance"),
               "month_end cannot be combined with vol_target (the overlay's scaled weights are no longer the "
               "sleeve combination); use with_sleeves");
  TrendParams& t = s.trend;
  if (r.has("tf_frequencies")) {
    const json& f = r.raw("tf_frequencies");
    if (!f.is_array() || f.empty()) return bad(r.at("tf_frequencies"), "expected a list of integers 1..504");
    t.frequencies.clear();
    for (const auto& x : f) {
      if (!x.is_number_integer()) return bad(r.at("tf_frequencies"), "expected integers 1..504, got " + show(x));
      t.frequencies.push_back(x.get<int>());
    }
  }
  RD_TRY(r.choice<TfAnchor>("tf_calendar_anchor", t.anchor,
                            {{"trading_days", TfAnchor::TradingDays}, {"calendar", TfAnchor::Calendar}}));
  RD_TRY(r.num("tf_mom_threshold", t.mom_threshold, -0.1, 0.1));
  RD_TRY(r.choice<TfSpreadMode>("tf_spread_mode", t.spread_mode,
                                {{"ma_curve", TfSpreadMode::MaCurve}, {"literal", TfSpreadMode::Literal}}));
  RD_TRY(r.num("tf_trend_vol_coef", t.trend_vol_coef, -3, 3));
  RD_TRY(r.choice<TfVolMethod>("tf_vol_method", t.vol_method,
                               {{"scaled_daily", TfVolMethod::ScaledDaily},
                                {"literal_eq5", TfVolMethod::LiteralEq5}}));
  RD_TRY(r.integer("tf_vol_min_window", t.vol_min_window, 5, 252));
  RD_TRY(r.integer("tf_eq5_n", t.eq5_n, 5, 252));
  RD_TRY(r.choice<TfFusion>("tf_fusion", t.fusion,
                            {{"pooled_majority", TfFusion::PooledMajority}, {"two_stage", TfFusion::TwoStage}}));
  RD_TRY(r.integer("tf_min_history", t.min_history, 2, 5000));
  RD_TRY(r.integer("tf_te_lookback", t.te_lookback, 21, 756));
  RD_TRY(r.num("tf_te_floor", t.te_floor, 0, 0.05));
  RD_TRY(r.num("tf_max_weight", t.max_weight, 0.05, 1));
  RD_TRY(r.integer("tf_rebalance_weeks", t.rebalance_weeks, 1, 8));
  if (s.execution_lag) t.execution_lag = *s.execution_lag;
  if (auto e = validate_trend_params(t)) {
    e->source = r.at(e->source);
    return e;
  }
  return std::nullopt;
}

std::optional<Error> parse_risk_target(Reader& r, StrategyConfig& s) {
  RiskTargetConfig& c = s.risk_target;
  RiskTargetParams& p = c.params;
  const std::string& path = s.path;
  if (r.has("preset")) {
    RD_TRY(r.str("preset", c.preset));
    if (auto e = apply_risk_target_preset(c.preset, p)) {
      e->source = path + ".preset";
      return e;
    }
  }
  if (!r.has("assets")) return bad(path + ".assets", "expected a non-empty list of asset column names (the universe)");
  RD_TRY(r.strings("assets", c.assets));
  s.universe = c.assets;
  RD_TRY(r.weights("market_risk_series", c.market_risk_series));
  RD_TRY(r.choice<MarketRiskEstimator>("mr_estimator", p.market.estimator,
                                       {{"sample", MarketRiskEstimator::Sample}, {"ewma", MarketRiskEstimator::Ewma}}));
  if (r.has("mr_lookback")) {
    int v = 0;
    RD_TRY(r.integer("mr_lookback", v, 2, 1260));
    c.mr_lookback = v;
  }
  if (r.has("mr_ewma_lambda")) {
    double v = 0;
    RD_TRY(r.num("mr_ewma_lambda", v, 0.5, 0.999));
    c.mr_ewma_lambda = v;
  }
  RD_TRY(r.integer("mr_ewma_window", p.market.ewma_window, 12, 2520));
  RD_TRY(r.choice<TargetRule>("target_rule", p.target.rule,
                              {{"dynamic_risk", TargetRule::DynamicRisk},
                               {"risk_scaling", TargetRule::RiskScaling},
                               {"dynamic_beta", TargetRule::DynamicBeta},
                               {"suitability", TargetRule::Suitability}}));
  RD_TRY(r.num("k_DR", p.target.k_dynamic_risk, 0.1, 5.0));
  RD_TRY(r.num("k_RS", p.target.k_risk_scaling, 0.1, 5.0));
  RD_TRY(r.num("beta_target", p.target.beta_target, 0.0, 3.0));
  RD_TRY(r.num("beta_tol", p.beta_tol, 0.0, 0.5));
  if (r.has("beta_vol_cap_mult") && !r.raw("beta_vol_cap_mult").is_null())
    RD_TRY(r.num("beta_vol_cap_mult", p.beta_vol_cap_mult, 0.1, 5.0));
  SuitabilityCurve& sc = p.target.suitability;
  RD_TRY(r.choice<SuitabilityInput>("suitability_input", sc.input,
                                    {{"absolute", SuitabilityInput::Absolute}, {"relative", SuitabilityInput::Relative}}));
  if (r.has("suitability_knots")) {
    const json& k = r.raw("suitability_knots");
    const std::string kp = path + ".suitability_knots";
    if (!k.is_array() || k.empty()) return bad(kp, "expected a non-empty list of [x, y] pairs");
    sc.knots.clear();
    for (size_t i = 0; i < k.size(); ++i) {
      const json& kn = k[i];
      if (!kn.is_array() || kn.size() != 2 || !kn[0].is_number() || !kn[1].is_number())
        return bad(kp + "[" + std::to_string(i) + "]", "expected an [x, y] pair of numbers, got " + show(kn));
      sc.knots.emplace_back(kn[0].get<double>(), kn[1].get<double>());
    }
  }
  RD_TRY(r.integer("suitability_history_months", sc.history_months, 24, 600));
  RD_TRY(r.num("target_floor", sc.floor, 0.0, 2.0));
  RD_TRY(r.num("target_cap", sc.cap, 0.0, 2.0));
  RD_TRY(r.num("target_smoothing_a", sc.smoothing, 0.0, 1.0));
  if (auto e = validate_suitability(sc)) {
    const std::map<std::string, std::string> field{{"suitability.floor", "target_floor"},
                                                   {"suitability.cap", "target_cap"},
                                                   {"suitability.smoothing", "target_smoothing_a"},
                                                   {"suitability.history_months", "suitability_history_months"}};
    std::string f = e->source;
    if (field.count(f)) f = field.at(f);
    else if (f.rfind("suitability.knots", 0) == 0) f = "suitability_knots" + f.substr(17);
    e->source = path + "." + f;
    return e;
  }
  RD_TRY(r.choice<MuEstimator>("mu_estimator", p.mu,
                               {{"trailing_mean", MuEstimator::TrailingMean},
                                {"shrunk_mean", MuEstimator::ShrunkMean},
                                {"jorion", MuEstimator::Jorion},
                                {"momentum", MuEstimator::Momentum}}));
  RD_TRY(r.integer("mu_lookback", p.mu_lookback, 0, 5040));
  RD_TRY(r.num("mu_shrink_delta", p.mu_shrink_delta, 0.0, 1.0));
  RD_TRY(r.integer("mom_lookback_months", p.mom_lookback_months, 2, 36));
  RD_TRY(r.integer("mom_skip_months", p.mom_skip_months, 0, 3));
  if (p.mom_skip_months >= p.mom_lookback_months)
    return bad(path + ".mom_skip_months", "expected fewer months than mom_lookback_months");
  RD_TRY(r.choice<CovEstimator>("cov_estimator", p.cov,
                                {{"sample", CovEstimator::Sample},
                                 {"ewma", CovEstimator::Ewma},
                                 {"lw_identity", CovEstimator::LedoitWolfIdentity},
                                 {"lw_constcorr", CovEstimator::LedoitWolfConstantCorrelation}}));
  if (r.has("cov_lookback")) {
    int v = 0;
    RD_TRY(r.integer("cov_lookback", v, 12, 5040));
    c.cov_lookback = v;
  }
  RD_TRY(r.num("cov_ewma_lambda", p.cov_ewma_lambda, 0.5, 0.999));
  RD_TRY(r.flag("ewma_demean", p.ewma_demean));
  RD_TRY(r.num("w_min", p.w_min, 0.0, 1.0));
  RD_TRY(r.num("w_max", p.w_max, 0.0, 1.0));
  if (p.w_min > p.w_max) return bad(path + ".w_min", "expected w_min <= w_max");
  if (r.has("bounds")) {
    const json& b = r.raw("bounds");
    if (!b.is_object()) return bad(path + ".bounds", "expected an object {column: [min, max], ...}");
    for (auto it = b.begin(); it != b.end(); ++it) {
      const json& v = it.value();
      if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number() ||
          !(v[0].get<double>() >= 0 && v[0].get<double>() <= v[1].get<double>() && v[1].get<double>() <= 1))
        return bad(path + ".bounds." + it.key(), "expected [min, max] with 0 <= min <= max <= 1, got " + show(v));
      c.bounds[it.key()] = {v[0].get<double>(), v[1].get<double>()};
    }
  }
  if (r.has("groups")) {
    const json& g = r.raw("groups");
    if (!g.is_array()) return bad(path + ".groups", "expected a list of {name, members, min, max}");
    for (size_t i = 0; i < g.size(); ++i) {
      const std::string gp = path + ".groups[" + std::to_string(i) + "]";
      if (!g[i].is_object()) return bad(gp, "expected an object {name, members, min, max}");
      Reader gr(g[i], gp);
      RiskTargetConfig::Group grp;
      RD_TRY(gr.str("name", grp.name));
      if (!gr.has("members")) return bad(gp + ".members", "expected a non-empty list of column names");
      RD_TRY(gr.strings("members", grp.members));
      RD_TRY(gr.num("min", grp.min, 0.0, 1.0));
      RD_TRY(gr.num("max", grp.max, 0.0, 1.0));
      if (grp.min > grp.max) return bad(gp + ".min", "expected min <= max");
      RD_TRY(gr.finish());
      c.groups.push_back(std::move(grp));
    }
  }
  if (r.has("max_holdings") && !r.raw("max_holdings").is_null())
    RD_TRY(r.integer("max_holdings", p.max_holdings, 1, 10000));
  RD_TRY(r.num("min_position", p.min_position, 0.0, 0.5));
  RD_TRY(r.flag("triggers_enabled", p.triggers.enabled));
  RD_TRY(r.num("trig_vol_rel", p.triggers.vol_rel, 0.05, 2.0));
  RD_TRY(r.num("trig_ret_k", p.triggers.ret_k, 0.5, 10.0));
  RD_TRY(r.integer("trig_min_gap_days", p.triggers.min_gap_days, 1, 63));
  RD_TRY(r.num("tiebreak_eps_rel", p.tiebreak_eps_rel, 0.0, 1e-4));
  RD_TRY(r.num("vol_tol", p.vol_tol, 1e-14, 1e-4));
  RD_TRY(r.num("psd_eps_rel", p.psd_eps_rel, 0.0, 1e-4));
  if (r.has("frontier_at") && !r.raw("frontier_at").is_null()) {
    std::string d;
    RD_TRY(r.str("frontier_at", d));
    p.frontier_at = parse_iso(d);
    if (!p.frontier_at) return bad(r.at("frontier_at"), "expected a date YYYY-MM-DD, got \"" + d + "\"");
  }
  RD_TRY(r.integer("frontier_points", p.frontier_points, 2, 200));
  return std::nullopt;
}

std::optional<Error> parse_strategy(const json& j, const std::string& path, StrategyConfig& s) {
  if (!j.is_object()) return bad(path, "expected a strategy object {\"type\": ...}");
  Reader r(j, path);
  s.path = path;
  const std::vector<std::string> types{"static", "trend", "faber", "tsmom", "gem", "inverse_vol", "risk_target"};
  if (!r.has("type")) return bad(path + ".type", "missing; expected one of " + join(types));
  RD_TRY(r.str("type", s.type));
  if (std::find(types.begin(), types.end(), s.type) == types.end())
    return bad(path + ".type", "expected one of " + join(types) + ", got \"" + s.type + "\"");
  s.name = s.type;
  RD_TRY(r.str("name", s.name));
  if (r.has("schedule")) {
    Schedule sc;
    RD_TRY(parse_schedule(r.raw("schedule"), path + ".schedule", sc));
    s.schedule = sc;
  }
  if (r.has("execution_lag")) {
    int lag = 0;
    RD_TRY(r.integer("execution_lag", lag, 0, 5));
    s.execution_lag = lag;
  }
  RD_TRY(r.num("turnover_threshold", s.turnover_threshold, 0.0, 1.0));
  if (r.has("vol_target")) {
    const json& v = r.raw("vol_target");
    if (!v.is_object()) return bad(path + ".vol_target", "expected an object {vt_target, vt_lookback, vt_max_exposure}");
    Reader vr(v, path + ".vol_target");
    VolTargetConfig c;
    RD_TRY(vr.num("vt_target", c.target, 0.01, 1.0));
    RD_TRY(vr.integer("vt_lookback", c.lookback, 21, 504));
    RD_TRY(vr.num("vt_max_exposure", c.max_exposure, 0.0, 1.0));
    std::string est = "sample";
    RD_TRY(vr.str("vt_estimator", est));
    if (est != "sample" && est != "ewma")
      return bad(vr.at("vt_estimator"), "expected one of sample, ewma, got \"" + est + "\"");
    double lambda = 0.94;
    RD_TRY(vr.num("vt_ewma_lambda", lambda, 0.5, 0.9999));
    if (est == "ewma") c.ewma_lambda = lambda;
    RD_TRY(vr.finish());
    s.vol_target = c;
  }
  if (r.has("benchmark")) {
    BenchmarkConfig b;
    RD_TRY(parse_benchmark(r.raw("benchmark"), path + ".benchmark", b));
    s.benchmark = b;
  }
  if (s.type == "static") {
    if (!r.has("weights")) return bad(path + ".weights", "expected an object {column: weight, ...} (CASH allowed)");
    RD_TRY(r.weights("weights", s.static_weights));
  } else if (s.type == "trend") {
    RD_TRY(parse_trend(r, s));
  } else if (s.type == "faber") {
    s.universe = {"SPY", "EFA", "IEF", "VNQ", "GSG"};
    RD_TRY(r.strings("faber_universe", s.universe));
    RD_TRY(r.integer("faber_sma_months", s.faber_sma_months, 2, 24));
  } else if (s.type == "tsmom") {
    s.universe = {"SPY", "EFA", "IEF", "VNQ", "GSG"};
    RD_TRY(r.strings("tsmom_universe", s.universe));
    RD_TRY(r.integer("tsmom_lookback_months", s.tsmom.lookback_months, 1, 24));
    RD_TRY(r.integer("tsmom_skip_months", s.tsmom.skip_months, 0, 3));
    if (s.tsmom.skip_months >= s.tsmom.lookback_months)
      return bad(path + ".tsmom_skip_months", "expected less than tsmom_lookback_months");
    RD_TRY(r.choice<TsmomMode>("tsmom_mode", s.tsmom.mode,
                               {{"long_only", TsmomMode::LongOnly},
                                {"long_only_vol_scaled", TsmomMode::LongOnlyVolScaled},
                                {"long_short_mop", TsmomMode::LongShortMop}}));
    RD_TRY(r.num("tsmom_vol_target_mop", s.tsmom.vol_target_mop, 0.05, 1));
    RD_TRY(r.num("tsmom_asset_vol_target", s.tsmom.asset_vol_target, 0.01, 1));
    RD_TRY(r.num("tsmom_com_days", s.tsmom.com_days, 5, 250));
    RD_TRY(r.integer("tsmom_ann_factor", s.tsmom.ann_factor, 250, 262));
  } else if (s.type == "gem") {
    RD_TRY(r.str("gem_us", s.gem_us));
    RD_TRY(r.str("gem_intl", s.gem_intl));
    RD_TRY(r.str("gem_bonds", s.gem_bonds));
    RD_TRY(r.integer("gem_lookback_months", s.gem_lookback_months, 1, 24));
    RD_TRY(r.choice<GemFilter>("gem_abs_filter", s.gem_filter,
                               {{"us_equity", GemFilter::UsEquity}, {"winner", GemFilter::Winner}}));
  } else if (s.type == "risk_target") {
    RD_TRY(parse_risk_target(r, s));
  } else if (s.type == "inverse_vol") {
    if (!r.has("assets")) return bad(path + ".assets", "expected a non-empty list of column names");
    RD_TRY(r.strings("assets", s.universe));
    RD_TRY(r.integer("iv_lookback", s.iv_lookback, 21, 504));
  }
  return r.finish();
}

}  // namespace

Result<Scenario> parse_scenario(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded()) return bad("", "expected a JSON document (the scenario is not valid JSON)");
  if (!doc.is_object()) return bad("", "expected a JSON object at the top level");
  Scenario sc;
  sc.document = doc;
  Reader r(doc, "");
  if (!r.has("version")) return bad("version", "missing; expected 1");
  if (!doc["version"].is_number_integer() || doc["version"].get<long long>() != kScenarioVersion)
    return bad("version", "expected 1, got " + show(doc["version"]));
  if (r.has("data")) {
    const json& d = r.raw("data");
    if (!d.is_object()) return bad("data", "expected an object");
    Reader dr(d, "data");
    RD_TRY(dr.choice<std::string>("frequency", sc.frequency, {{"daily", "daily"}, {"monthly", "monthly"}}));
    sc.data.periods_per_year = sc.frequency == "monthly" ? 12 : 252;
    RD_TRY(dr.choice<std::string>("kind", sc.data_kind,
                                  {{"auto", "auto"}, {"prices", "prices"}, {"returns", "returns"}}));
    RD_TRY(dr.integer("periods_per_year", sc.data.periods_per_year, 1, 366));
    RD_TRY(dr.integer("max_ffill_days", sc.data.max_ffill_days, 0, 20));
    if (dr.has("files")) RD_TRY(dr.strings("files", sc.data_files));
    if (dr.has("rf")) {
      const json& f = dr.raw("rf");
      if (!f.is_object()) return bad("data.rf", "expected an object {\"source\": ...}");
      Reader fr(f, "data.rf");
      RD_TRY(fr.choice<CashSource>("source", sc.data.cash_source,
                                   {{"constant", CashSource::Constant},
                                    {"index_series", CashSource::IndexSeries},
                                    {"yield_series", CashSource::YieldSeries}}));
      RD_TRY(fr.num("rf_ann", sc.data.rf_ann, -0.05, 0.25));
      RD_TRY(fr.choice<Deannualize>("deannualize", sc.data.deannualize,
                                    {{"geometric", Deannualize::Geometric}, {"simple", Deannualize::Simple}}));
      RD_TRY(fr.str("column", sc.data.cash_column));
      if (sc.data.cash_source != CashSource::Constant && sc.data.cash_column.empty())
        return bad("data.rf.column", "expected the column name of the cash index or yield series");
      RD_TRY(fr.finish());
    }
    RD_TRY(dr.finish());
  }
  if (r.has("benchmark")) {
    BenchmarkConfig b;
    RD_TRY(parse_benchmark(r.raw("benchmark"), "benchmark", b));
    sc.benchmark = b;
  }
  RD_TRY(r.num("initial_nav", sc.initial_nav, 1e-12, 1e12));
  if (r.has("costs")) {
    const json& c = r.raw("costs");
    if (!c.is_object()) return bad("costs", "expected an object");
    Reader cr(c, "costs");
    RD_TRY(cr.num("fee_ann", sc.fee_ann, 0.0, 0.05));
    RD_TRY(cr.choice<FeeMethod>("fee_method", sc.fee_method,
                                {{"subtract_monthly", FeeMethod::SubtractMonthly},
                                 {"multiply_nav", FeeMethod::MultiplyNav},
                                 {"geometric", FeeMethod::Geometric}}));
    if (cr.has("tc_bps")) {
      const json& t = cr.raw("tc_bps");
      if (t.is_number()) {
        RD_TRY(cr.num("tc_bps", sc.tc_default_bps, 0, 200));
      } else if (t.is_object()) {
        for (auto it = t.begin(); it != t.end(); ++it) {
          if (!it.value().is_number() || it.value().get<double>() < 0 || it.value().get<double>() > 200)
            return bad("costs.tc_bps." + it.key(), "expected bps in 0..200, got " + show(it.value()));
          if (it.key() == "default") sc.tc_default_bps = it.value().get<double>();
          else sc.tc_bps[it.key()] = it.value().get<double>();
        }
      } else {
        return bad("costs.tc_bps", "expected a number or an object {column: bps, \"default\": bps}");
      }
    }
    RD_TRY(cr.finish());
  }
  if (r.has("metrics")) {
    const json& m = r.raw("metrics");
    if (!m.is_object()) return bad("metrics", "expected an object");
    Reader mr(m, "metrics");
    RD_TRY(mr.choice<YearBasis>("year_basis", sc.metrics.year_basis,
                                {{"periods", YearBasis::Periods}, {"calendar", YearBasis::Calendar}}));
    RD_TRY(mr.integer("var_horizon_periods", sc.metrics.var_horizon_periods, 1, 252));
    RD_TRY(mr.choice<TrailingDisplay>("trailing_display", sc.metrics.trailing_display,
                                      {{"both", TrailingDisplay::Both},
                                       {"cumulative", TrailingDisplay::Cumulative},
                                       {"annualised", TrailingDisplay::Annualized},
                                       {"annualized", TrailingDisplay::Annualized}}));
    if (mr.has("inception_anchor")) {
      const json& a = mr.raw("inception_anchor");
      auto d = a.is_string() ? parse_iso(a.get<std::string>()) : std::nullopt;
      if (!d) return bad("metrics.inception_anchor", "expected a date \"YYYY-MM-DD\", got " + show(a));
      sc.metrics.inception_anchor = d;
    }
    RD_TRY(mr.finish());
  }
  if (r.has("strategy") && r.has("strategies"))
    return bad("strategies", "expected either \"strategy\" or \"strategies\", not both");
  if (r.has("strategy")) {
    StrategyConfig s;
    RD_TRY(parse_strategy(doc["strategy"], "strategy", s));
    sc.strategies.push_back(std::move(s));
  } else if (r.has("strategies")) {
    const json& a = doc["strategies"];
    if (!a.is_array() || a.empty()) return bad("strategies", "expected a non-empty list of strategy objects");
    for (size_t i = 0; i < a.size(); ++i) {
      StrategyConfig s;
      RD_TRY(parse_strategy(a[i], "strategies[" + std::to_string(i) + "]", s));
      sc.strategies.push_back(std::move(s));
    }
  } else {
    return bad("strategies", "missing; expected \"strategies\": [ {\"type\": ...}, ... ] or \"strategy\"");
  }
  std::set<std::string> names;
  for (const auto& s : sc.strategies)
    if (!names.insert(s.name).second) return bad(s.path + ".name", "duplicate strategy name \"" + s.name + "\"");
  RD_TRY(r.finish());
  return sc;
}

namespace {

Result<Index> col(const Panel& p, const std::string& name, const std::string& path) {
  const Index c = p.find(name);
  if (c < 0)
    return make_error(ErrorCode::UnknownColumn,
                      "no data column named \"" + name + "\" (columns: " + join(p.names) + ")", path);
  return c;
}

Result<BenchmarkSpec> resolve_benchmark(const BenchmarkConfig& b, const Panel& p, const std::string& path) {
  BenchmarkSpec s;
  s.name = b.name;
  s.rebalance = b.rebalance;
  for (const auto& w : b.weights) {
    Index c = -1;
    if (w.first != "CASH") {
      auto r = col(p, w.first, path + ".weights." + w.first);
      if (!r) return std::move(r).error();
      c = *r;
    }
    s.columns.push_back(c);
    s.weights.push_back(w.second);
  }
  return s;
}

#define RD_COL(var, name, path)               \
  Index var = -1;                             \
  {                                           \
    auto r_ = col(prices, name, path);        \
    if (!r_) return std::move(r_).error();    \
    var = *r_;                                \
  }

Result<std::unique_ptr<Strategy>> build(const StrategyConfig& s, const Panel& prices, const BenchmarkSpec& bench) {
  std::unique_ptr<Strategy> out;
  auto cols = [&](const std::vector<std::string>& names, const std::string& path) -> Result<std::vector<Index>> {
    std::vector<Index> v;
    for (size_t i = 0; i < names.size(); ++i) {
      auto r = col(prices, names[i], path + "[" + std::to_string(i) + "]");
      if (!r) return std::move(r).error();
      v.push_back(*r);
    }
    return v;
  };
  if (s.type == "static") {
    Vec w = Vec::Zero(prices.cols() + 1);
    for (const auto& x : s.static_weights) {
      if (x.first == "CASH") {
        w(prices.cols()) += x.second;
        continue;
      }
      RD_COL(c, x.first, s.path + ".weights." + x.first);
      w(c) += x.second;
    }
    w(prices.cols()) += 1.0 - w.sum();  // exact budget at rounding level
    out = std::make_unique<StaticMixStrategy>(w, s.schedule.value_or(Schedule{}), s.execution_lag.value_or(0));
  } else if (s.type == "trend") {
    std::vector<SleeveSpec> sl;
    for (size_t i = 0; i < s.sleeves.size(); ++i) {
      const auto& c = s.sleeves[i];
      const std::string p = s.path + ".sleeves[" + std::to_string(i) + "]";
      SleeveSpec x;
      x.name = c.name;
      x.weight = c.weight;
      auto a = cols(c.assets, p + ".assets");
      if (!a) return std::move(a).error();
      x.assets = *a;
      RD_COL(b, c.benchmark, p + ".benchmark");
      x.benchmark = b;
      if (c.fallback != "CASH") {
        RD_COL(f, c.fallback, p + ".fallback");
        x.fallback = f;
      }
      sl.push_back(std::move(x));
    }
    TrendParams t = s.trend;
    if (s.execution_lag) t.execution_lag = *s.execution_lag;
    if (s.schedule && s.schedule->kind != ScheduleKind::EveryNWeeks)
      return make_error(ErrorCode::InvalidScenario,
                        "trend strategies use every_n_weeks decisions (set tf_rebalance_weeks)", s.path + ".schedule");
    if (s.schedule) t.rebalance_weeks = s.schedule->weeks;
    out = std::make_unique<TrendStrategy>(std::move(sl), t);
  } else if (s.type == "faber" || s.type == "tsmom" || s.type == "inverse_vol") {
    const std::string key = s.type == "faber" ? "faber_universe" : s.type == "tsmom" ? "tsmom_universe" : "assets";
    auto u = cols(s.universe, s.path + "." + key);
    if (!u) return std::move(u).error();
    std::unique_ptr<PresetBase> p;
    if (s.type == "faber") p = std::make_unique<FaberStrategy>(*u, s.faber_sma_months);
    else if (s.type == "tsmom") p = std::make_unique<TsmomStrategy>(*u, s.tsmom);
    else p = std::make_unique<InverseVolStrategy>(*u, s.iv_lookback);
    if (s.schedule) p->set_schedule(*s.schedule);
    if (s.execution_lag) p->set_execution_lag(*s.execution_lag);
    out = std::move(p);
  } else if (s.type == "gem") {
    RD_COL(us, s.gem_us, s.path + ".gem_us");
    RD_COL(in, s.gem_intl, s.path + ".gem_intl");
    RD_COL(bd, s.gem_bonds, s.path + ".gem_bonds");
    auto p = std::make_unique<GemStrategy>(us, in, bd, s.gem_lookback_months, s.gem_filter);
    if (s.schedule) p->set_schedule(*s.schedule);
    if (s.execution_lag) p->set_execution_lag(*s.execution_lag);
    out = std::move(p);
  } else if (s.type == "risk_target") {
    const RiskTargetConfig& c = s.risk_target;
    RiskTargetParams p = c.params;
    auto u = cols(c.assets, s.path + ".assets");
    if (!u) return std::move(u).error();
    p.universe = *u;
    if (!c.market_risk_series.empty()) {
      for (const auto& [name, w] : c.market_risk_series) {
        RD_COL(m, name, s.path + ".market_risk_series." + name);
        p.market.components.emplace_back(m, w);
      }
    } else {  // default: the strategy's benchmark (spec §3.2: the bond index, or a 60/40 composite)
      for (size_t k = 0; k < bench.columns.size(); ++k) {
        if (bench.columns[k] < 0)
          return make_error(ErrorCode::InvalidScenario,
                            "the benchmark \"" + bench.name + "\" holds CASH and cannot be the market-risk series; "
                            "set market_risk_series {column: weight}",
                            s.path + ".market_risk_series");
        p.market.components.emplace_back(bench.columns[k], bench.weights[k]);
      }
    }
    const bool monthly = prices.frequency == Frequency::Monthly;  // spec §3.2, §6.3 monthly defaults
    p.market.lookback = c.mr_lookback.value_or(monthly ? 12 : 126);
    p.market.ewma_lambda = c.mr_ewma_lambda.value_or(monthly ? 0.97 : 0.94);
    p.cov_lookback = c.cov_lookback.value_or(monthly ? 36 : 252);
    for (const auto& [name, lohi] : c.bounds) {
      RD_COL(b, name, s.path + ".bounds." + name);
      p.lower[b] = lohi.first;
      p.upper[b] = lohi.second;
    }
    for (size_t i = 0; i < c.groups.size(); ++i) {
      const auto& g = c.groups[i];
      AssetGroup ag;
      ag.name = g.name;
      ag.lower = g.min;
      ag.upper = g.max;
      auto m = cols(g.members, s.path + ".groups[" + std::to_string(i) + "].members");
      if (!m) return std::move(m).error();
      ag.members = *m;
      p.groups.push_back(std::move(ag));
    }
    if (s.schedule) p.schedule = *s.schedule;
    if (s.execution_lag) p.execution_lag = *s.execution_lag;
    if (auto e = validate_risk_target_params(p, prices.cols())) {
      e->source = s.path + "." + e->source;
      return *e;
    }
    out = std::make_unique<RiskTargetStrategy>(std::move(p));
  } else {
    return make_error(ErrorCode::InvalidScenario, "strategy type \"" + s.type + "\" is not implemented yet",
                      s.path + ".type");
  }
  if (s.vol_target)
    out = std::make_unique<VolTargetOverlay>(std::move(out), s.vol_target->target, s.vol_target->lookback,
                                             s.vol_target->max_exposure, s.vol_target->ewma_lambda);
  return out;
}

std::vector<std::string> strategy_columns(const StrategyConfig& s) {
  std::vector<std::string> v;
  if (s.type == "static") {
    for (const auto& w : s.static_weights)
      if (w.first != "CASH") v.push_back(w.first);
  } else if (s.type == "trend") {
    for (const auto& sl : s.sleeves) v.insert(v.end(), sl.assets.begin(), sl.assets.end());
  } else if (s.type == "gem") {
    v = {s.gem_us, s.gem_intl, s.gem_bonds};
  } else {
    v = s.universe;
  }
  return v;
}

/// Metrics of one result (docs/scenario.md "metrics"): "monthly" = backtest_report() — the full suite on monthly
/// gross, net and benchmark returns (P = 12, spec §2.0 default for strategy reports) with rolling series, the
/// seed-000 fact sheet and the seed-004 annualized table; "daily_net" / "daily_gross" = the suite on daily
/// returns (periods_per_year of the data) without rolling and growth series (the NAV series are in the result
/// already). A failure becomes {"error": message}.
json strategy_metrics(const BacktestResult& r, int periods_per_year, double rf_ann, const MetricsOptions& opts) {
  json out = json::object();
  if (r.dates.size() < 2) return out;
  MetricsOptions mo = opts;
  mo.rf_annual = rf_ann;
  if (r.monthly.size() >= 2) {
    auto rep = backtest_report(r, mo);
    out["monthly"] = rep ? *rep : json{{"error", rep.error().to_string()}};
  }
  mo.compute_rolling = false;
  mo.compute_series = false;
  auto one = [&](const std::vector<Date>& dates, const Vec& ret, const Vec& bench, int P) -> json {
    SeriesInput in;
    in.dates = dates;
    in.returns = ret;
    in.benchmark = bench;
    in.start_date = r.dates.front();  // the NAV date before the first daily return
    MetricsOptions o = mo;
    o.periods_per_year = P;
    auto rep = compute_metrics(in, o);
    if (!rep) return json{{"error", rep.error().to_string()}};
    return detail::metrics_report_json(*rep);  // same document, no dump/parse round trip
  };
  const Index T = static_cast<Index>(r.dates.size());
  const std::vector<Date> d(r.dates.begin() + 1, r.dates.end());
  out["daily_net"] = one(d, r.ret_net.tail(T - 1), r.ret_benchmark.tail(T - 1), periods_per_year);
  out["daily_gross"] = one(d, r.ret_gross.tail(T - 1), r.ret_benchmark.tail(T - 1), periods_per_year);
  return out;
}

}  // namespace

Result<ScenarioResult> run_scenario(const Scenario& sc, const Panel& input) {
  // A returns panel (e.g. monthly fund returns) is turned into a wealth index first (W_t = Π(1 + r)).
  const Panel prices = input.kind == ValueKind::Returns ? returns_to_wealth(input) : input;
  // Span: the universe assets of all strategies (§5.7).
  MarketDataOptions mo = sc.data;
  for (const auto& s : sc.strategies)
    for (const auto& n : strategy_columns(s))
      if (prices.find(n) >= 0) mo.span_columns.push_back(n);
  auto mdr = prepare_market_data(prices, mo);
  if (!mdr) return std::move(mdr).error();
  const MarketData& md = *mdr;
  if (sc.metrics.inception_anchor && !md.dates.empty() &&
      (*sc.metrics.inception_anchor < md.dates.front() || *sc.metrics.inception_anchor >= md.dates.back()))
    return make_error(ErrorCode::InvalidScenario,
                      "expected a date from the first data date " + format_iso(md.dates.front()) +
                          " to before the last " + format_iso(md.dates.back()) + ", got " +
                          format_iso(*sc.metrics.inception_anchor),
                      "metrics.inception_anchor");

  BenchmarkSpec bench;
  if (sc.benchmark) {
    auto b = resolve_benchmark(*sc.benchmark, prices, "benchmark");
    if (!b) return std::move(b).error();
    bench = *b;
  } else if (prices.find("SPY") >= 0 && prices.find("AGG") >= 0) {
    bench.name = "60/40 SPY/AGG";
    bench.columns = {prices.find("SPY"), prices.find("AGG")};
    bench.weights = {0.6, 0.4};
  } else {
    bench.name = "CASH";
    bench.columns = {-1};
    bench.weights = {1.0};
  }
  EngineOptions eo;
  eo.initial_nav = sc.initial_nav;
  eo.fee_ann = sc.fee_ann;
  eo.fee_method = sc.fee_method;
  eo.tc_bps = Vec::Constant(md.cols(), sc.tc_default_bps);
  for (const auto& t : sc.tc_bps) {
    const Index c = md.find(t.first);
    if (c < 0)
      return make_error(ErrorCode::UnknownColumn, "no data column named \"" + t.first + "\"",
                        "costs.tc_bps." + t.first);
    eo.tc_bps(c) = t.second;
  }
  ScenarioResult out;
  out.benchmark_name = bench.name;
  for (const auto& s : sc.strategies) {
    BenchmarkSpec b = bench;
    if (s.benchmark) {
      auto rb = resolve_benchmark(*s.benchmark, prices, s.path + ".benchmark");
      if (!rb) return std::move(rb).error();
      b = *rb;
    }
    auto st = build(s, prices, b);
    if (!st) return std::move(st).error();
    EngineOptions e = eo;
    e.turnover_threshold = s.turnover_threshold;
    e.sleeve_rebalance = s.sleeve_rebalance;
    auto r = run_backtest(md, **st, b, e, s.name);
    if (!r) {
      Error err = std::move(r).error();
      if (err.source.empty() || err.source == s.name) err.source = s.path;
      return err;
    }
    r->flags.insert(r->flags.begin(), "benchmark:" + b.name);
    // Metric tables (metrics.hpp) of the strategy against its benchmark.
    r->metrics = strategy_metrics(*r, md.periods_per_year, sc.data.rf_ann, sc.metrics);
    if (s.type == "risk_target") {  // realized vs target risk per holding period (spec §5.6)
      json rvt = json::array();
      for (const auto& x : realized_vs_target(*r))
        rvt.push_back({{"start", format_iso(x.start)}, {"end", format_iso(x.end)},
                       {"target", std::isfinite(x.target) ? json(x.target) : json(nullptr)},
                       {"ex_ante", std::isfinite(x.ex_ante) ? json(x.ex_ante) : json(nullptr)},
                       {"realized", std::isfinite(x.realized) ? json(x.realized) : json(nullptr)},
                       {"ratio", std::isfinite(x.ratio) ? json(x.ratio) : json(nullptr)},
                       {"binding", x.binding}});
      (*r->metrics)["realized_vs_target"] = rvt;
    }
    out.strategies.push_back(std::move(r).value());
  }
  json cols = json::array();
  for (size_t c = 0; c < md.names.size(); ++c)
    cols.push_back({{"name", md.names[c]}, {"filled_cells", md.filled_cells[c]}});
  out.manifest = {{"scenario", sc.document},
                  {"input_kind", input.kind == ValueKind::Returns ? "returns (converted to wealth)" : "prices"},
                  {"data", {{"first_date", format_iso(md.dates.front())},
                            {"last_date", format_iso(md.dates.back())},
                            {"rows", md.rows()},
                            {"columns", cols}}}};
  return out;
}

std::string scenario_result_to_json(const ScenarioResult& r, int indent) {
  json j;
  j["version"] = kScenarioVersion;
  j["engine"] = "riskdial backtest 1";
  j["benchmark"] = r.benchmark_name;
  j["strategies"] = json::array();
  for (const auto& s : r.strategies) j["strategies"].push_back(backtest_result_to_json(s));
  j["manifest"] = r.manifest;
  return j.dump(indent);
}

}  // namespace riskdial
