// riskdial optimize FILE [options]      — estimators on a price/return CSV, then one objective (docs/optimizer.md)
// riskdial optimize --problem FILE.json — (test mode) solve a problem given directly as μ, Σ, bounds, groups.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_util.hpp"
#include "commands.hpp"
#include "riskdial/estimators.hpp"
#include "riskdial/optimize.hpp"
#include "riskdial/transform.hpp"


namespace riskdial::cli {

namespace {

const std::vector<std::string> kKnown = {
    "objective",  "target-volatility", "target-return", "target-beta",  "beta-tol",     "beta-vol-cap",
    "benchmark",  "risk-aversion",     "risk-free-rate", "returns-model", "risk-model",  "span",
    "frequency",  "bounds",            "groups",        "l2-gamma",     "kind",         "problem",
    "max-holdings", "min-position",    "points",        "lookback",     "kkt",          "estimates",
    "compounding"};

Result<double> num_opt(const Args& a, const std::string& key, double dflt) {
  auto v = a.get(key);
  if (!v) return dflt;
  return parse_double_option(key, *v);
}

Vec to_vec(const nlohmann::json& j) {
  Vec v(static_cast<Index>(j.size()));
  for (std::size_t i = 0; i < j.size(); ++i) v[static_cast<Index>(i)] = j[i].get<double>();
  return v;
}

Result<std::vector<AssetGroup>> parse_groups(const nlohmann::json& j, const std::vector<std::string>& names,
                                             const std::string& source) {
  std::vector<AssetGroup> out;
  if (!j.is_array()) return make_error(ErrorCode::InvalidArgument, "expected a JSON array of groups", source);
  for (const auto& g : j) {
    AssetGroup ag;
    ag.name = g.value("name", std::string("group") + std::to_string(out.size() + 1));
    if (!g.contains("members") || !g["members"].is_array())
      return make_error(ErrorCode::InvalidArgument, "group '" + ag.name + "': expected a members array", source);
    for (const auto& m : g["members"]) {
      if (m.is_number_integer()) {
        ag.members.push_back(m.get<Index>());
      } else if (m.is_string()) {
        const auto it = std::find(names.begin(), names.end(), m.get<std::string>());
        if (it == names.end())
          return make_error(ErrorCode::UnknownColumn,
                            "group '" + ag.name + "': no asset named '" + m.get<std::string>() + "'", source);
        ag.members.push_back(static_cast<Index>(it - names.begin()));
      } else {
        return make_error(ErrorCode::InvalidArgument, "group '" + ag.name + "': members must be names or indices",
                          source);
      }
    }
    if (g.contains("lower") && !g["lower"].is_null()) ag.lower = g["lower"].get<double>();
    if (g.contains("upper") && !g["upper"].is_null()) ag.upper = g["upper"].get<double>();
    out.push_back(ag);
  }
  return out;
}

Result<OptimizeSettings> settings_from(const Args& a, OptimizeSettings s) {
  if (auto o = a.get("objective")) {
    if (*o != "frontier") {
      auto ob = parse_objective(*o);
      if (!ob) return ob.error();
      s.objective = *ob;
    }
  }
  struct D {
    const char* key;
    double* dst;
  };
  for (D d : {D{"target-volatility", &s.target_volatility}, D{"target-return", &s.target_return},
              D{"target-beta", &s.target_beta}, D{"beta-tol", &s.beta_tol}, D{"beta-vol-cap", &s.beta_vol_cap},
              D{"risk-aversion", &s.risk_aversion}, D{"risk-free-rate", &s.risk_free_rate},
              D{"l2-gamma", &s.l2_gamma}, D{"min-position", &s.min_position}}) {
    auto v = num_opt(a, d.key, *d.dst);
    if (!v) return v.error();
    *d.dst = *v;
  }
  auto k = num_opt(a, "max-holdings", s.max_holdings);
  if (!k) return k.error();
  if (*k < 0 || *k != std::floor(*k))
    return make_error(ErrorCode::InvalidArgument, "--max-holdings: expected a non-negative integer");
  s.max_holdings = static_cast<int>(*k);
  return s;
}

Result<std::string> read_text(const std::string& path) {
  auto src = read_source(path);
  if (!src) return src.error();
  return src->text;
}

int emit(const Args& a, const OptimizeProblem& prob, const OptimizeSettings& s,
         const std::vector<std::string>& names) {
  if (a.get("objective").value_or("") == "frontier") {
    auto pts = num_opt(a, "points", 50);
    if (!pts) return fail(pts.error());
    auto f = efficient_frontier(prob, s, static_cast<int>(*pts));
    if (!f) return fail(f.error());
    std::printf("%s\n", frontier_to_json(*f, names).c_str());
    return 0;
  }
  auto r = optimize(prob, s);
  if (!r) return fail(r.error());
  if (a.has("kkt")) {
    auto j = nlohmann::json::parse(optimize_result_to_json(*r, names));
    auto arr = [](const Vec& v) {
      std::vector<double> o(v.data(), v.data() + v.size());
      return o;
    };
    j["weights_array"] = arr(r->weights);
    j["multipliers_eq"] = arr(r->multipliers_eq);
    j["multipliers_rows"] = arr(r->multipliers_rows);
    j["multipliers_bounds"] = arr(r->multipliers_bounds);
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  }
  std::printf("%s\n", optimize_result_to_json(*r, names).c_str());
  return 0;
}

struct Estimates {
  Vec mu;
  Mat cov;
  Vec beta;            // vs benchmark, when given
  Vec tracking_error;  // annualized, vs benchmark, when given
};

// Estimators on a T×N return matrix (NaN = missing); `bench` (length T or empty) is the benchmark column.
Result<Estimates> estimate(const Args& a, const Mat& ret, const Vec& bench, int default_frequency) {
  auto fq = num_opt(a, "frequency", default_frequency);
  if (!fq) return fq.error();
  if (!(*fq >= 1 && *fq <= 366 && *fq == std::floor(*fq)))
    return make_error(ErrorCode::InvalidArgument, "--frequency: expected an integer in 1..366");
  const int P = static_cast<int>(*fq);
  const std::string rm = a.get("returns-model").value_or("trailing_mean");
  const std::string km = a.get("risk-model").value_or("sample_cov");
  auto span_opt = a.get("span");
  int span = 0;
  if (span_opt) {
    auto sp = parse_double_option("span", *span_opt);
    if (!sp) return sp.error();
    if (!(*sp >= 1 && *sp == std::floor(*sp))) return make_error(ErrorCode::InvalidArgument, "--span: expected a positive integer");
    span = static_cast<int>(*sp);
  }
  const std::string comp = a.get("compounding").value_or("true");
  if (comp != "true" && comp != "false")
    return make_error(ErrorCode::InvalidArgument, "--compounding: expected true or false, got '" + comp + "'");
  const bool compounding = comp == "true";
  auto rf = num_opt(a, "risk-free-rate", 0.0);
  if (!rf) return rf.error();
  if (ret.rows() < 3) return make_error(ErrorCode::InsufficientData, "expected at least 3 return rows");
  Estimates e;
  if (rm == "trailing_mean") e.mu = trailing_mean(ret, P);
  else if (rm == "mean_historical_return") e.mu = mean_historical_return(ret, compounding, P);
  else if (rm == "ema_historical_return") e.mu = ema_historical_return(ret, compounding, span ? span : 500, P);
  else if (rm == "capm_return") e.mu = capm_return(ret, bench, *rf, compounding, P);
  else if (rm == "shrunk_mean") e.mu = shrunk_mean(ret, 0.5, P);
  else if (rm == "jorion") e.mu = jorion_mean(ret, P);
  else if (rm == "momentum") return make_error(ErrorCode::InvalidArgument, "--returns-model momentum needs month-end prices: use --kind prices");
  else
    return make_error(ErrorCode::InvalidArgument,
                      "--returns-model: expected mean_historical_return|ema_historical_return|capm_return|"
                      "trailing_mean|shrunk_mean|jorion|momentum, got '" + rm + "'");
  if (km == "sample_cov") e.cov = sample_cov(ret, P);
  else if (km == "semicovariance") e.cov = semicovariance(ret, 0.000079, P);
  else if (km == "exp_cov") e.cov = exp_cov(ret, span ? span : 180, P);
  else if (km == "ewma") e.cov = ewma_cov(ret, 0.94, false, P);
  else if (km == "ledoit_wolf") e.cov = ledoit_wolf(ret, ShrinkageTarget::ConstantVariance, P);
  else if (km == "ledoit_wolf_single_factor") e.cov = ledoit_wolf(ret, ShrinkageTarget::SingleFactor, P);
  else if (km == "ledoit_wolf_constant_correlation") e.cov = ledoit_wolf(ret, ShrinkageTarget::ConstantCorrelation, P);
  else if (km == "oracle_approximating") e.cov = oracle_approximating(ret, P);
  else
    return make_error(ErrorCode::InvalidArgument,
                      "--risk-model: expected sample_cov|semicovariance|exp_cov|ledoit_wolf|ledoit_wolf_single_factor|"
                      "ledoit_wolf_constant_correlation|oracle_approximating|ewma, got '" + km + "'");
  if (!e.mu.allFinite()) return make_error(ErrorCode::InsufficientData, "an asset has too little data for the expected-return estimate");
  if (!e.cov.allFinite()) return make_error(ErrorCode::InsufficientData, "an asset pair has fewer than 2 common returns");
  if (bench.size() == ret.rows()) {
    Mat both(ret.rows(), ret.cols() + 1);
    both.leftCols(ret.cols()) = ret;
    both.col(ret.cols()) = bench;
    Mat c = sample_cov(both, P);
    const Index n = ret.cols();
    e.beta = c.col(n).head(n) / c(n, n);
    e.tracking_error.resize(n);
    for (Index j = 0; j < n; ++j) {
      Vec d(ret.rows());
      for (Index t = 0; t < ret.rows(); ++t) d[t] = ret(t, j) - bench[t];
      e.tracking_error[j] = std::sqrt(sample_cov(d, P)(0, 0));
    }
  }
  return e;
}

int estimates_json(const Estimates& e) {
  nlohmann::json j;
  j["mu"] = std::vector<double>(e.mu.data(), e.mu.data() + e.mu.size());
  nlohmann::json c = nlohmann::json::array();
  for (Index i = 0; i < e.cov.rows(); ++i) {
    Vec r = e.cov.row(i).transpose();
    c.push_back(std::vector<double>(r.data(), r.data() + r.size()));
  }
  j["cov"] = c;
  std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return 0;
}

Result<std::pair<double, double>> parse_bounds(const std::string& v) {
  const auto comma = v.find(',');
  if (comma == std::string::npos) return make_error(ErrorCode::InvalidArgument, "--bounds: expected LO,HI, got '" + v + "'");
  auto lo = parse_double_option("bounds", v.substr(0, comma));
  if (!lo) return lo.error();
  auto hi = parse_double_option("bounds", v.substr(comma + 1));
  if (!hi) return hi.error();
  if (!std::isfinite(*lo) || !std::isfinite(*hi) || *lo > *hi)
    return make_error(ErrorCode::InvalidArgument, "--bounds: expected finite LO <= HI, got '" + v + "'");
  return std::make_pair(*lo, *hi);
}

int problem_mode(const Args& a) {
  const std::string path = *a.get("problem");
  auto text = read_text(path);
  if (!text) return fail(text.error());
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(make_error(ErrorCode::InvalidScenario, "expected a JSON object", path));
  OptimizeProblem p;
  std::vector<std::string> names;
  try {
    if (!j.contains("cov") && !j.contains("returns"))
      return fail(make_error(ErrorCode::InvalidScenario, "missing field cov (or returns)", path));
    if (j.contains("cov")) {
      const auto& c = j["cov"];
      const Index n = static_cast<Index>(c.size());
      p.cov.resize(n, n);
      for (Index i = 0; i < n; ++i) {
        if (static_cast<Index>(c[i].size()) != n)
          return fail(make_error(ErrorCode::InvalidScenario, "cov must be square", path));
        for (Index k = 0; k < n; ++k) p.cov(i, k) = c[i][k].get<double>();
      }
    }
    if (j.contains("returns")) {  // estimators on a T×N return matrix (null = missing)
      const auto& rr = j["returns"];
      const Index t = static_cast<Index>(rr.size()), n = t ? static_cast<Index>(rr[0].size()) : 0;
      Mat ret(t, n);
      for (Index i = 0; i < t; ++i)
        for (Index k = 0; k < n; ++k) ret(i, k) = rr[i][k].is_null() ? kNaN : rr[i][k].get<double>();
      Vec bench;
      if (j.contains("benchmark")) {
        bench.resize(t);
        for (Index i = 0; i < t; ++i) bench[i] = j["benchmark"][i].is_null() ? kNaN : j["benchmark"][i].get<double>();
      }
      auto e = estimate(a, ret, bench, 252);
      if (!e) return fail(e.error());
      if (a.has("estimates")) return estimates_json(*e);
      p.mu = e->mu;
      p.cov = e->cov;
      p.beta = e->beta;
      p.tracking_error = e->tracking_error;
    }
    if (j.contains("mu")) p.mu = to_vec(j["mu"]);
    if (j.contains("lower")) p.lower = to_vec(j["lower"]);
    if (j.contains("upper")) p.upper = to_vec(j["upper"]);
    if (j.contains("beta")) p.beta = to_vec(j["beta"]);
    if (j.contains("tracking_error")) p.tracking_error = to_vec(j["tracking_error"]);
    if (j.contains("names")) names = j["names"].get<std::vector<std::string>>();
    if (j.contains("groups")) {
      auto g = parse_groups(j["groups"], names, path);
      if (!g) return fail(g.error());
      p.groups = *g;
    }
  } catch (const std::exception& e) {
    return fail(make_error(ErrorCode::InvalidScenario, std::string("malformed problem: ") + e.what(), path));
  }
  if (auto b = a.get("bounds")) {
    auto lh = parse_bounds(*b);
    if (!lh) return fail(lh.error());
    p.lower = Vec::Constant(p.cov.rows(), lh->first);
    p.upper = Vec::Constant(p.cov.rows(), lh->second);
  }
  auto s = settings_from(a, OptimizeSettings{});
  if (!s) return fail(s.error());
  return emit(a, p, *s, names);
}

int csv_mode(const Args& a) {
  auto src = read_source(a.positional[0]);
  if (!src) return fail(src.error());
  ImportOptions io;
  if (auto k = a.get("kind")) {
    if (*k == "prices") io.kind = KindHint::Prices;
    else if (*k == "returns") io.kind = KindHint::Returns;
    else return fail(make_error(ErrorCode::InvalidArgument, "--kind: expected prices or returns, got '" + *k + "'"));
  }
  auto imp = import_files({*src}, io);
  if (!imp) return fail(imp.error());
  const Panel& panel = imp->panel;
  Panel ret = panel.kind == ValueKind::Prices ? prices_to_returns(panel) : panel;
  // PyPortfolioOpt: pct_change().dropna(how="all")
  std::vector<Index> keep;
  for (Index t = 0; t < ret.rows(); ++t)
    if (!ret.values.row(t).array().isNaN().all()) keep.push_back(t);
  if (auto lb = a.get("lookback")) {
    auto l = parse_double_option("lookback", *lb);
    if (!l) return fail(l.error());
    if (!(*l >= 3 && *l == std::floor(*l))) return fail(make_error(ErrorCode::InvalidArgument, "--lookback: expected an integer >= 3"));
    if (static_cast<Index>(keep.size()) > static_cast<Index>(*l)) keep.erase(keep.begin(), keep.end() - static_cast<Index>(*l));
  }
  Index bcol = -1;
  if (auto b = a.get("benchmark")) {
    bcol = panel.find(*b);
    if (bcol < 0) return fail(make_error(ErrorCode::UnknownColumn, "no column named '" + *b + "'", src->name));
  }
  std::vector<std::string> names;
  std::vector<Index> cols;
  for (Index c = 0; c < panel.cols(); ++c)
    if (c != bcol) {
      names.push_back(panel.names[c]);
      cols.push_back(c);
    }
  if (cols.empty()) return fail(make_error(ErrorCode::InsufficientData, "expected at least one asset column", src->name));
  Mat X(static_cast<Index>(keep.size()), static_cast<Index>(cols.size()));
  Vec bench;
  if (bcol >= 0) bench.resize(X.rows());
  for (Index t = 0; t < X.rows(); ++t) {
    for (Index c = 0; c < X.cols(); ++c) X(t, c) = ret.values(keep[t], cols[c]);
    if (bcol >= 0) bench[t] = ret.values(keep[t], bcol);
  }
  const std::string rm = a.get("returns-model").value_or("trailing_mean");
  Estimates e;
  if (rm == "momentum") {
    Args a2 = a;
    a2.options.emplace_back("returns-model", "trailing_mean");
    auto e2 = estimate(a2, X, bench, periods_per_year(panel.frequency));
    if (!e2) return fail(e2.error());
    e = *e2;
    if (panel.kind != ValueKind::Prices)
      return fail(make_error(ErrorCode::InvalidArgument, "--returns-model momentum needs prices (--kind prices)"));
    Panel me = resample_prices(panel, Frequency::Monthly);
    Mat mp(me.rows(), static_cast<Index>(cols.size()));
    for (Index c = 0; c < mp.cols(); ++c) mp.col(c) = me.values.col(cols[c]);
    e.mu = momentum_return(mp, 12, 1);
    if (!e.mu.allFinite()) return fail(make_error(ErrorCode::InsufficientData, "momentum needs 13 month-end prices for every asset"));
  } else {
    auto e2 = estimate(a, X, bench, periods_per_year(panel.frequency));
    if (!e2) return fail(e2.error());
    e = *e2;
  }
  if (a.has("estimates")) return estimates_json(e);
  OptimizeProblem p;
  p.mu = e.mu;
  p.cov = e.cov;
  p.beta = e.beta;
  p.tracking_error = e.tracking_error;
  if (auto b = a.get("bounds")) {
    auto lh = parse_bounds(*b);
    if (!lh) return fail(lh.error());
    p.lower = Vec::Constant(p.cov.rows(), lh->first);
    p.upper = Vec::Constant(p.cov.rows(), lh->second);
  }
  if (auto g = a.get("groups")) {
    auto text = read_text(*g);
    if (!text) return fail(text.error());
    nlohmann::json gj = nlohmann::json::parse(*text, nullptr, false);
    if (gj.is_discarded()) return fail(make_error(ErrorCode::InvalidArgument, "expected a JSON array of groups", *g));
    auto gr = parse_groups(gj, names, *g);
    if (!gr) return fail(gr.error());
    p.groups = *gr;
  }
  const std::string obj = a.get("objective").value_or("");
  if ((obj == "target_beta" || obj == "inverse_tracking_error") && bcol < 0)
    return fail(make_error(ErrorCode::InvalidArgument, "--objective " + obj + " needs --benchmark COL"));
  auto s = settings_from(a, OptimizeSettings{});
  if (!s) return fail(s.error());
  return emit(a, p, *s, names);
}

}  // namespace

int cmd_optimize(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"kkt", "estimates"});
  if (auto e = check_known(a, kKnown)) return fail(*e);
  if (a.has("problem")) return problem_mode(a);
  if (a.positional.size() != 1)
    return fail(make_error(ErrorCode::InvalidArgument, "expected exactly one CSV file (riskdial optimize FILE ...)"));
  return csv_mode(a);
}

}  // namespace riskdial::cli
