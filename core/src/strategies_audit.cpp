// The JSON of the presets' typed audits (see strategies_audit.hpp): written only when a result is serialized.
#include "strategies_audit.hpp"

#include <cmath>

namespace riskdial::detail {

using nlohmann::json;

namespace {

json jnum(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

// One object per asset: its name, whether it was eligible, and (if so) the members `eligible_fields` writes.
template <class Fields>
json asset_rows(const std::vector<AssetAudit>& assets, const std::vector<std::string>& names,
                const Fields& eligible_fields) {
  json arr = json::array();
  for (const auto& r : assets) {
    json a;
    a["asset"] = names[size_t(r.column)];
    a["eligible"] = r.eligible;
    if (r.eligible) eligible_fields(a, r);
    arr.push_back(std::move(a));
  }
  return arr;
}

}  // namespace

void FaberAudit::write(json& audit) const {
  audit["eligible_count"] = eligible_count;
  audit["assets"] = asset_rows(assets, *names, [](json& a, const AssetAudit& r) {
    a["price"] = r.a;
    a["sma"] = r.b;
    a["signal"] = r.signal;
  });
}

void TsmomAudit::write(json& audit) const {
  audit["eligible_count"] = eligible_count;
  audit["assets"] = asset_rows(assets, *names, [this](json& a, const AssetAudit& r) {
    a["excess_return"] = r.a;
    if (with_sigma) a["sigma"] = jnum(r.b);
    a["signal"] = r.signal;
    a["weight"] = r.weight;
  });
}

void GemAudit::write(json& audit) const {
  audit["r12_us"] = jnum(us);
  audit["r12_intl"] = jnum(intl);
  audit["r12_bonds"] = jnum(bonds);
  audit["r12_cash"] = jnum(cash);
  audit["hold"] = hold >= 0 ? (*names)[size_t(hold)] : std::string("CASH");
  audit["reason"] = reason;
}

void InverseVolAudit::write(json& audit) const {
  audit["assets"] = asset_rows(assets, *names, [](json& a, const AssetAudit& r) { a["sigma"] = r.a; });
}

void add_audit_flag(json& audit, const std::string& flag) { audit["flags"].push_back(flag); }

}  // namespace riskdial::detail
