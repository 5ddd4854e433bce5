// Private: the typed audits of the classic presets (strategies.cpp fills them per decision; their JSON is
// written in strategies_audit.cpp only when a result is serialized).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "riskdial/backtest.hpp"

namespace riskdial::detail {

using Names = std::shared_ptr<const std::vector<std::string>>;

/// Typed audit of the month-end presets (one row per universe asset), converted to JSON only when the result
/// is serialized: building nlohmann objects per decision dominated the preset runs, most of all in WASM.
struct AssetAudit {
  Index column = -1;
  bool eligible = false;
  double a = kNaN, b = kNaN, weight = 0.0;  // Faber: price, sma; TSMOM: excess return, sigma; inv vol: sigma
  int signal = 0;
};

struct FaberAudit : AuditPayload {
  Names names;
  size_t eligible_count = 0;
  std::vector<AssetAudit> assets;
  void write(nlohmann::json& audit) const override;
};

struct TsmomAudit : AuditPayload {
  Names names;
  bool with_sigma = false;
  size_t eligible_count = 0;
  std::vector<AssetAudit> assets;
  void write(nlohmann::json& audit) const override;
};

struct GemAudit : AuditPayload {
  Names names;
  double us = kNaN, intl = kNaN, bonds = kNaN, cash = kNaN;
  Index hold = -1;
  const char* reason = "";
  void write(nlohmann::json& audit) const override;
};

struct InverseVolAudit : AuditPayload {
  Names names;
  std::vector<AssetAudit> assets;
  void write(nlohmann::json& audit) const override;
};

/// Appends `flag` to audit["flags"] (the presets' rare audit notes; JSON stays out of strategies.cpp).
void add_audit_flag(nlohmann::json& audit, const std::string& flag);

}  // namespace riskdial::detail
