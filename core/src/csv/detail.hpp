// Private helpers of the CSV import (core/src/csv/*.cpp). Never included by wasm/ or web/; tests include it
// only as labelled white-box tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "riskdial/csv.hpp"
#include "riskdial/date.hpp"
#include "riskdial/error.hpp"
#include "riskdial/types.hpp"

namespace riskdial::detail {

// ---- dates ---------------------------------------------------------------------------------------

enum class DateShape : std::uint8_t { Ymd, PairYear, Compact };

/// A date cell split into its three numbers: "2024-01-31" → Ymd(2024,1,31); "31.01.2024" → PairYear
/// (31,1,2024) whose day/month order is decided from the whole column; "20240131" → Compact.
struct DateToken {
  DateShape shape = DateShape::Ymd;
  char sep = '-';
  int a = 0, b = 0, c = 0;
  bool has_time = false;
};

/// Split a (trimmed) cell into a DateToken; false when it does not look like a date at all.
bool tokenize_date(std::string_view s, DateToken& out) noexcept;

/// Dates of a whole column. `cells[i]` was read on file line `lines[i]`, field `field` (1-based).
struct DateColumn {
  std::vector<Date> dates;
  std::string format;  ///< "YYYY-MM-DD", "DD.MM.YYYY", "MM/DD/YYYY", "YYYYMMDD", …
  bool had_time = false;
  std::string note;  ///< set when an ambiguous day/month order was settled by a convention
};
/// `decimal_comma`: the file writes numbers with a decimal comma (a European file), which, like the '.'
/// date separator, settles an otherwise ambiguous day/month order as day-first.
Result<DateColumn> parse_date_column(const std::vector<std::string_view>& cells,
                                     const std::vector<int>& lines, int field, DateOrder order,
                                     bool decimal_comma, const std::string& file);

// ---- numbers -------------------------------------------------------------------------------------

enum class CellStatus : std::uint8_t { Number, Missing, Bad };

/// Parse a value cell that the fast path rejected: trims spaces, recognises missing markers (empty,
/// NA, N/A, #N/A, NaN, null, None, -, .), a trailing '%', a leading '+', thousands separators
/// (`thousands`, groups of exactly three digits) and the decimal separator `decimal`.
CellStatus parse_number_slow(std::string_view s, char decimal, char thousands, double& value,
                             bool& percent) noexcept;

/// True when `s` is well-formed UTF-8.
bool valid_utf8(std::string_view s) noexcept;
/// Latin-1 bytes → UTF-8 (for names in files that are not UTF-8).
std::string latin1_to_utf8(std::string_view s);

/// Printable excerpt of a cell for error messages (non-ASCII / control bytes escaped, clipped).
std::string quote_cell(std::string_view s);

// ---- one parsed file -----------------------------------------------------------------------------

/// A file after parsing: rows sorted by date, unique dates, one column per asset.
struct Table {
  std::string file;                 ///< SourceFile::name
  std::vector<Date> dates;          ///< strictly increasing
  std::vector<int> lines;           ///< wide: file line of each row (after sorting)
  std::vector<std::string> names;   ///< asset names
  std::vector<int> fields;          ///< 1-based field number of each asset column (long: the value field)
  Mat values;                       ///< rows × assets, NaN = missing
  Eigen::MatrixXi cell_lines;       ///< long layout only: file line of each cell (0 = no cell)
  bool long_layout = false;
  std::vector<bool> percent;        ///< per column: at least one cell had a '%' sign (values already /100)

  // for the report
  std::string layout;       ///< "wide", "long", "single", "ohlc"
  std::string date_format;
  std::string value_column;  ///< long / single / ohlc: the header of the column the values came from
  char delimiter = ',';
  char decimal = '.';
  int header_line = 1;      ///< file line of the header
  int data_rows = 0;        ///< data rows read (before de-duplication in long files)
  std::vector<std::string> warnings;

  int line_of(Index r, Index c) const {
    return long_layout ? cell_lines(r, c) : lines[static_cast<size_t>(r)];
  }
};

/// Parse one file into a Table (layout detection, dates, numbers, sorting). No kind checks here.
Result<Table> read_table(const SourceFile& file, const ImportOptions& options);

/// File name without folder and last extension ("data/SPY.csv" → "SPY").
std::string file_stem(const std::string& name);

}  // namespace riskdial::detail
