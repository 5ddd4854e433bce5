#include "riskdial/error.hpp"

namespace riskdial {

const char* error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::InvalidArgument: return "invalid_argument";
    case ErrorCode::EmptyFile: return "empty_file";
    case ErrorCode::HeaderOnly: return "header_only";
    case ErrorCode::NoDateColumn: return "no_date_column";
    case ErrorCode::BadDate: return "bad_date";
    case ErrorCode::AmbiguousDate: return "ambiguous_date";
    case ErrorCode::MixedDateFormats: return "mixed_date_formats";
    case ErrorCode::DuplicateDate: return "duplicate_date";
    case ErrorCode::NonNumeric: return "non_numeric";
    case ErrorCode::NonPositivePrice: return "non_positive_price";
    case ErrorCode::EmptyColumn: return "empty_column";
    case ErrorCode::RaggedRow: return "ragged_row";
    case ErrorCode::BinaryFile: return "binary_file";
    case ErrorCode::FileTooLarge: return "file_too_large";
    case ErrorCode::ConflictingDuplicate: return "conflicting_duplicate";
    case ErrorCode::UnknownColumn: return "unknown_column";
    case ErrorCode::InsufficientData: return "insufficient_data";
    case ErrorCode::InvalidScenario: return "invalid_scenario";
    case ErrorCode::Internal: return "internal";
  }
  return "internal";
}

std::string Error::to_string() const {
  std::string out;
  if (!source.empty()) {
    out += source;
    if (row > 0) {
      out += ':' + std::to_string(row);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  out += message;
  return out;
}

}  // namespace riskdial
