#include "riskdial/csv.hpp"

namespace riskdial {

Result<ImportResult> import_files(const std::vector<SourceFile>&, const ImportOptions&) {
  return make_error(ErrorCode::Internal, "CSV import not implemented yet");
}

}  // namespace riskdial
