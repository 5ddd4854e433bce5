// riskdial/csv.hpp — CSV import: one or more files → a Panel plus an import report (the "doctor").
//
// What is implemented (docs/csv.md is the reference for every rule):
//  * layouts: wide (date + one column per asset), long/tidy (date, ticker, value), one file per asset
//    (named after the file, or a ticker column), Yahoo/Stooq OHLC exports (Adj Close, else Close);
//    several files are merged on the union of their dates (same-named columns are joined).
//  * values: prices or returns (detected, overridable), decimals or percent ("1.23%"), thousands
//    separators, decimal comma (with ';' or TAB delimiters), quoted fields, UTF-8 BOM, CRLF, blank lines,
//    empty cells (missing), ',' ';' TAB delimiters.
//  * dates: ISO (2024-01-31), US (01/31/2024), European (31.01.2024, 31/01/2024), YYYYMMDD, with or
//    without a time of day (dropped); day/month order decided from the whole column; descending or
//    unsorted files are sorted.
//  * prices are forward-filled over interior gaps of at most max_ffill_days rows (spec §1.2, §5.7);
//    returns are never filled.
// Bad input gives an Error naming the file, 1-based line and field, what was found and what was expected;
// never a partial result.
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

/// Wide = one column per asset; Long = (date, ticker, value) rows; Auto = long when a column named
/// ticker/symbol/asset/name/... holds text, else wide (or single-asset / OHLC).
enum class Layout { Auto, Wide, Long };
/// Order of day and month in dates like 03/04/2024. Ymd also rejects such dates. ISO dates are always read.
enum class DateOrder { Auto, Ymd, Mdy, Dmy };
/// Whether the numbers are prices or simple decimal returns (Auto: detected per column, must agree).
enum class KindHint { Auto, Prices, Returns };

struct ImportOptions {
  Layout layout = Layout::Auto;
  DateOrder date_order = DateOrder::Auto;
  KindHint kind = KindHint::Auto;
  std::size_t max_bytes = std::size_t{256} << 20;  ///< per file; larger files are rejected (FileTooLarge)
  int max_ffill_days = 5;                           ///< longest interior price gap (rows) filled, spec §1.2
};

struct ImportResult {
  Panel panel;              ///< values are decimals (percent cells divided by 100); prices forward-filled
  std::string report_json;  ///< the import doctor's report, compact JSON (see docs/csv.md)
};

/// Parse and merge files into one panel on the union of their dates. Never throws.
Result<ImportResult> import_files(const std::vector<SourceFile>& files, const ImportOptions& options);

/// `{"dates": ["YYYY-MM-DD", ...], "names": [...], "values": [[column 0 ...], ...]}` (compact JSON,
/// doubles round-trip exact, null for NaN). Used by `riskdial inspect --values`.
std::string panel_to_json(const Panel& panel);

}  // namespace riskdial
