// JSON documents of optimizer results (the CLI's `optimize` output and the frontier), kept apart from the
// solver so that optimize.cpp is pure numerics (see RISKDIAL_WASM_NOEXCEPT_SOURCES in core/CMakeLists.txt).
#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "riskdial/optimize.hpp"

namespace riskdial {

namespace {

nlohmann::ordered_json num(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json result_json(const OptimizeResult& r, const std::vector<std::string>& names) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json w = nlohmann::ordered_json::object();
  for (Index i = 0; i < r.weights.size(); ++i) {
    const std::string key = i < static_cast<Index>(names.size()) ? names[i] : "asset" + std::to_string(i + 1);
    w[key] = num(r.weights[i]);
  }
  j["weights"] = w;
  j["expected_return"] = num(r.expected_return);
  j["volatility"] = num(r.volatility);
  j["sharpe"] = num(r.sharpe);
  j["status"] = optimize_status_name(r.status);
  j["flags"] = r.flags;
  j["iterations"] = r.iterations;
  j["sigma_min"] = num(r.sigma_min);
  j["mu_max"] = num(r.mu_max);
  j["sigma_top"] = num(r.sigma_top);
  j["beta"] = num(r.beta);
  j["beta_lo"] = num(r.beta_lo);
  j["beta_hi"] = num(r.beta_hi);
  j["beta_target_used"] = num(r.beta_target_used);
  j["lambda"] = num(r.lambda);
  j["covariance_repaired"] = r.covariance_repaired;
  return j;
}

}  // namespace

std::string optimize_result_to_json(const OptimizeResult& result, const std::vector<std::string>& names) {
  return result_json(result, names).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string frontier_to_json(const std::vector<OptimizeResult>& points, const std::vector<std::string>& names) {
  nlohmann::ordered_json j;
  j["points"] = nlohmann::ordered_json::array();
  for (const auto& p : points) j["points"].push_back(result_json(p, names));
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace riskdial
