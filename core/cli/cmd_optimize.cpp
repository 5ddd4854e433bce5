// riskdial optimize FILE [options]      — estimators on a price/return CSV, then one objective (docs/optimizer.md)
// riskdial optimize --problem FILE.json — (test mode) solve a problem given directly as μ, Σ, bounds, groups.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_util.hpp"
#include "commands.hpp"
#include "riskdial/estimators.hpp"
#include "riskdial/optimize.hpp"


namespace riskdial::cli {

namespace {

const std::vector<std::string> kKnown = {
    "objective",  "target-volatility", "target-return", "target-beta",  "beta-tol",     "beta-vol-cap",
    "benchmark",  "risk-aversion",     "risk-free-rate", "returns-model", "risk-model",  "span",
    "frequency",  "bounds",            "groups",        "l2-gamma",     "kind",         "problem",
    "max-holdings", "min-position",    "points",        "lookback",     "kkt"};

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
    if (!j.contains("cov")) return fail(make_error(ErrorCode::InvalidScenario, "missing field cov", path));
    const auto& c = j["cov"];
    const Index n = static_cast<Index>(c.size());
    p.cov.resize(n, n);
    for (Index i = 0; i < n; ++i) {
      if (static_cast<Index>(c[i].size()) != n)
        return fail(make_error(ErrorCode::InvalidScenario, "cov must be square", path));
      for (Index k = 0; k < n; ++k) p.cov(i, k) = c[i][k].get<double>();
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
  auto s = settings_from(a, OptimizeSettings{});
  if (!s) return fail(s.error());
  return emit(a, p, *s, names);
}

}  // namespace

int cmd_optimize(int argc, char** argv) {
  Args a = parse_args(argc, argv, 2, {"kkt"});
  if (auto e = check_known(a, kKnown)) return fail(*e);
  if (a.has("problem")) return problem_mode(a);
  if (a.positional.size() != 1)
    return fail(make_error(ErrorCode::InvalidArgument, "expected exactly one CSV file (riskdial optimize FILE ...)"));
  return fail(make_error(ErrorCode::Internal, "CSV mode not implemented yet"));
}

}  // namespace riskdial::cli
