// riskdial/csv.hpp — CSV import: one or more files → a Panel plus an import report (the "doctor").
//
// STUB written by the skeleton commit; the CSV work replaces the implementation and may add fields, but keeps
// these entry points (the WASM bindings and the CLI call them).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "riskdial/error.hpp"
#include "riskdial/panel.hpp"

namespace riskdial {

/// One input file: its display name (used in errors and for one-file-per-asset naming) and its bytes.
struct SourceFile {
  std::string name;
  std::string text;
};

enum class Layout { Auto, Wide, Long };
enum class DateOrder { Auto, Ymd, Mdy, Dmy };
enum class KindHint { Auto, Prices, Returns };

struct ImportOptions {
  Layout layout = Layout::Auto;
  DateOrder date_order = DateOrder::Auto;
  KindHint kind = KindHint::Auto;
  std::size_t max_bytes = std::size_t{256} << 20;  ///< per file; larger files are rejected (FileTooLarge)
  int max_ffill_days = 5;                           ///< spec §1.2
};

struct ImportResult {
  Panel panel;
  std::string report_json;  ///< the import doctor's report, JSON (see docs/csv.md)
};

/// Parse and merge files into one panel on the union of their dates. Never throws.
Result<ImportResult> import_files(const std::vector<SourceFile>& files, const ImportOptions& options);

}  // namespace riskdial
