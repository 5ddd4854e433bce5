// One CSV file → Table: sanity checks, delimiter / decimal / layout detection on a sample, then one pass over
// the bytes writing numbers column-major straight from fast_float, then dates, sorting and de-duplication.
#include <fast_float/fast_float.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <numeric>
#include <unordered_map>

#include "csv/detail.hpp"

namespace riskdial::detail {

namespace {

constexpr int kSampleRows = 64;

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower_str(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = lower(c);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool one_of(const std::string& s, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (s == n) return true;
  return false;
}

std::string size_text(std::size_t bytes) {
  char buf[64];
  if (bytes >= (std::size_t{1} << 20))
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / 1048576.0);
  else
    std::snprintf(buf, sizeof buf, "%zu bytes", bytes);
  return buf;
}

// Occurrences of c in [p, end), eight bytes at a time (SWAR): exact zero-byte detection of w ^ c…c and a
// byte sum. Portable and fast both natively and in WASM (where memchr is a plain loop).
Index count_byte(const char* p, const char* end, char c) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const std::uint64_t pattern = kOnes * static_cast<unsigned char>(c);
  Index n = 0;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t x = w ^ pattern;                     // zero bytes where w has c
    const std::uint64_t t = ((x & kLow7) + kLow7) | x;       // high bit set in every non-zero byte
    // one 0x01 per matching byte; the multiply sums the bytes into the top byte (at most 8)
    n += static_cast<Index>((((~t & ~kLow7) >> 7) * kOnes) >> 56);
    p += 8;
  }
  for (; p < end; ++p) n += *p == c;
  return n;
}

// First NUL byte in [p, end) or nullptr; eight bytes at a time like count_byte.
const char* find_nul(const char* p, const char* end) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  while (end - p >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    if ((w - kOnes) & ~w & kHigh) break;  // some byte is zero (exact test below)
    p += 8;
  }
  for (; p < end; ++p)
    if (*p == 0) return p;
  return nullptr;
}

enum class FieldEnd { Delim, Eol, Eof };

// Reads one field starting at p. Unquoted fields end at the delimiter, CR, LF or the end and are trimmed
// of spaces; quoted fields may hold delimiters, line breaks and doubled quotes ("" → "), copied into
// `scratch` only when an escape occurs. Leaves p after the delimiter / line ending. `line` advances for
// line breaks inside quotes. Returns false on a malformed quoted field.
// noexcept (the rare allocation for escaped quotes is caught inside) so that WASM builds call it directly
// instead of through emscripten's exception-handling trampolines.
bool read_field(const char*& p, const char* end, char delim, int& line, std::string& scratch,
                std::string_view& out, FieldEnd& fe) noexcept {
  const char* s = p;
  while (s < end && *s == ' ') ++s;
  if (s < end && *s == '"') {
    ++s;
    const char* start = s;
    bool escaped = false;
    try {
      for (;;) {
        if (s == end) return false;  // unterminated
        if (*s == '"') {
          if (s + 1 < end && s[1] == '"') {
            if (!escaped) {
              scratch.assign(start, s);
              escaped = true;
            }
            scratch += '"';
            s += 2;
            continue;
          }
          break;
        }
        if (*s == '\n') ++line;
        if (escaped) scratch += *s;
        ++s;
      }
    } catch (...) {  // out of memory for one field: report it as malformed rather than crash
      return false;
    }
    out = escaped ? std::string_view(scratch) : std::string_view(start, static_cast<size_t>(s - start));
    ++s;  // closing quote
    while (s < end && (*s == ' ' || (*s == '\t' && delim != '\t'))) ++s;
    if (s < end && *s != delim && *s != '\n' && *s != '\r') return false;
  } else {
    const char* start = p;
    while (s < end && *s != delim && *s != '\n' && *s != '\r') ++s;
    out = trim(std::string_view(start, static_cast<size_t>(s - start)));
  }
  if (s == end) {
    fe = FieldEnd::Eof;
  } else if (*s == delim) {
    fe = FieldEnd::Delim;
    ++s;
  } else {
    fe = FieldEnd::Eol;
    if (*s == '\r') ++s;
    if (s < end && *s == '\n') ++s;
  }
  p = s;
  return true;
}

// Blank line at p (only spaces, then a line ending or the end)? Advances p past it if so.
bool skip_blank_line(const char*& p, const char* end) {
  const char* q = p;
  while (q < end && *q == ' ') ++q;
  if (q == end) {
    p = q;
    return true;
  }
  if (*q != '\n' && *q != '\r') return false;
  if (*q == '\r') ++q;
  if (q < end && *q == '\n') ++q;
  p = q;
  return true;
}

char detect_delimiter(const char* p, const char* end) {
  int tabs = 0, semis = 0, commas = 0;
  bool in_quotes = false;
  for (; p < end; ++p) {
    const char c = *p;
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    if (c == '\n' || c == '\r') break;
    tabs += c == '\t';
    semis += c == ';';
    commas += c == ',';
  }
  if (tabs > 0 && tabs >= semis && tabs >= commas) return '\t';
  if (semis > 0 && semis >= commas) return ';';
  return ',';
}

Error file_error(ErrorCode code, std::string message, const std::string& file, int row, int column) {
  return make_error(code, std::move(message), file, row, column);
}

bool looks_numeric(std::string_view s) {
  double v;
  bool pct;
  return parse_number_slow(s, '.', ',', v, pct) == CellStatus::Number ||
         parse_number_slow(s, ',', '.', v, pct) == CellStatus::Number;
}

// Names of value columns that carry no asset name: the file is one asset named after the file.
bool generic_value_name(const std::string& l) {
  return one_of(l, {"", "close", "adj close", "adj_close", "adjclose", "adjusted close", "adjusted_close",
                    "price", "prices", "value", "values", "nav", "px_last", "px", "level", "return",
                    "returns", "ret", "total return", "tr", "last", "settle", "rate"});
}

bool ticker_name(const std::string& l) {
  return one_of(l, {"ticker", "symbol", "asset", "name", "security", "instrument", "series", "code",
                    "isin", "fund", "id", "tickers", "symbols", "assets", "asset_name", "series_id",
                    "<ticker>"});
}

bool date_name(const std::string& l) {
  return one_of(l, {"date", "dates", "time", "datetime", "timestamp", "day", "period", "asof",
                    "as of", "as_of", "month", "dt", "trade date", "trade_date", "pricing date",
                    "valuation date", "<date>"});
}

// Names must be UTF-8 (JSON, JavaScript); a file in another encoding is read as Latin-1.
void fix_names(Table& t) {
  bool fixed = false;
  for (auto& n : t.names)
    if (!valid_utf8(n)) {
      n = latin1_to_utf8(n);
      fixed = true;
    }
  if (fixed) t.warnings.push_back("names are not valid UTF-8; read as Latin-1 (ISO-8859-1)");
}

}  // namespace

std::string file_stem(const std::string& name) {
  std::string s = name;
  if (auto slash = s.find_last_of("/\\"); slash != std::string::npos) s = s.substr(slash + 1);
  if (auto dot = s.find_last_of('.'); dot != std::string::npos && dot > 0) s = s.substr(0, dot);
  return s.empty() ? name : s;
}

Result<Table> read_table(const SourceFile& src, const ImportOptions& options) {
  const std::string& file = src.name;
  const std::string& text = src.text;
  Table t;
  t.file = file;

  // ---- whole-file checks ------------------------------------------------------------------------
  if (text.size() > options.max_bytes)
    return file_error(ErrorCode::FileTooLarge,
                      "file is " + size_text(text.size()) + "; expected at most " +
                          size_text(options.max_bytes) + " per file (the import size limit)",
                      file, 1, 1);
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (text.size() >= 3 && std::memcmp(begin, "\xEF\xBB\xBF", 3) == 0) begin += 3;  // UTF-8 BOM
  {
    // Binary: a NUL byte anywhere, or control bytes other than TAB/LF/CR/FF/VT/SUB near the start.
    const char* nul = find_nul(begin, end);
    const char* bad = nul;
    if (!bad) {
      const char* lim = begin + std::min<std::ptrdiff_t>(end - begin, 65536);
      for (const char* q = begin; q < lim; ++q) {
        const unsigned char c = static_cast<unsigned char>(*q);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1A) {
          bad = q;
          break;
        }
      }
    }
    if (bad) {
      const int line = 1 + static_cast<int>(std::count(begin, bad, '\n'));
      char msg[160];
      std::snprintf(msg, sizeof msg,
                    "binary data: byte 0x%02X at offset %td; expected a text CSV file (UTF-8)",
                    static_cast<unsigned char>(*bad), bad - text.data());
      return file_error(ErrorCode::BinaryFile, msg, file, line, 1);
    }
  }
  const char* p = begin;
  int line = 1;
  while (p < end && skip_blank_line(p, end)) ++line;
  if (p >= end)
    return file_error(ErrorCode::EmptyFile,
                      "empty file; expected a header line such as Date,ASSET1,ASSET2 and data rows",
                      file, 1, 1);

  // ---- header ----------------------------------------------------------------------------------
  char delim = 0;
  if (end - p >= 5 && std::memcmp(p, "sep=", 4) == 0 && (p[4] == ',' || p[4] == ';' || p[4] == '\t')) {
    // Excel's "sep=;" first line names the delimiter
    const char* q = p + 5;
    while (q < end && *q == ' ') ++q;
    if (q == end || *q == '\n' || *q == '\r') {
      delim = p[4];
      p = q;
      skip_blank_line(p, end);
      ++line;
      while (p < end && skip_blank_line(p, end)) ++line;
    }
  }
  if (delim == 0) delim = detect_delimiter(p, end);
  t.delimiter = delim;
  std::string scratch;
  std::vector<std::string> header;
  const int header_line = line;
  t.header_line = header_line;
  for (;;) {
    std::string_view v;
    FieldEnd fe;
    if (!read_field(p, end, delim, line, scratch, v, fe))
      return file_error(ErrorCode::InvalidArgument, "malformed quoted field in the header", file, line,
                        static_cast<int>(header.size()) + 1);
    header.emplace_back(v);
    if (fe != FieldEnd::Delim) break;
  }
  ++line;
  const int ncols = static_cast<int>(header.size());
  std::vector<std::string> lname(header.size());
  for (size_t i = 0; i < header.size(); ++i) lname[i] = lower_str(header[i]);

  // ---- sample rows (layout, date column, decimal separator) --------------------------------------
  std::vector<std::vector<std::string>> sample;
  {
    const char* q = p;
    int l = line;
    while (q < end && static_cast<int>(sample.size()) < kSampleRows) {
      if (skip_blank_line(q, end)) {
        ++l;
        continue;
      }
      std::vector<std::string> row;
      for (;;) {
        std::string_view v;
        FieldEnd fe;
        if (!read_field(q, end, delim, l, scratch, v, fe)) {
          q = end;
          break;
        }
        row.emplace_back(v);
        if (fe != FieldEnd::Delim) break;
      }
      ++l;
      sample.push_back(std::move(row));
    }
  }
  if (sample.empty())
    return file_error(ErrorCode::HeaderOnly,
                      "header only: expected data rows after the header line", file,
                      header_line + 1, 1);

  // Date column: by name, else the first column whose first non-empty sample cell is a date.
  int date_col = -1;
  for (int c = 0; c < ncols && date_col < 0; ++c)
    if (date_name(lname[static_cast<size_t>(c)]) || (c == 0 && lname[0].empty())) date_col = c;
  if (date_col < 0) {
    for (int c = 0; c < ncols && date_col < 0; ++c) {
      for (const auto& row : sample) {
        if (static_cast<int>(row.size()) <= c || row[static_cast<size_t>(c)].empty()) continue;
        DateToken tok;
        if (tokenize_date(row[static_cast<size_t>(c)], tok)) date_col = c;
        break;
      }
    }
  }
  if (date_col < 0) {
    const std::string first = sample[0].empty() ? std::string() : sample[0][0];
    return file_error(ErrorCode::NoDateColumn,
                      "no date column: expected a column named Date or a column of dates such as "
                      "2024-01-31; got header " +
                          quote_cell(header[0]) + " with first value " + quote_cell(first),
                      file, header_line, 1);
  }

  // Decimal separator: ',' only possible when the delimiter is not ','. In each sampled value cell that
  // has both '.' and ',', the later one is the decimal separator; a cell with only ',' means decimal comma.
  char decimal = '.';
  if (delim != ',') {
    bool decided = false;
    for (const auto& row : sample) {
      for (size_t c = 0; c < row.size() && !decided; ++c) {
        if (static_cast<int>(c) == date_col) continue;
        const auto& s = row[c];
        const auto comma = s.rfind(','), dot = s.rfind('.');
        if (comma == std::string::npos) continue;
        if (dot == std::string::npos || comma > dot) decimal = ',';
        decided = true;
      }
      if (decided) break;
    }
  }
  const char thousands = decimal == '.' ? ',' : '.';
  t.decimal = decimal;

  // Layout.
  auto find_name = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      for (int c = 0; c < ncols; ++c)
        if (c != date_col && lname[static_cast<size_t>(c)] == n) return c;
    return -1;
  };
  const int close_col = find_name({"close", "<close>"});
  const int adj_col = find_name({"adj close", "adj_close", "adjclose", "adjusted close", "adjusted_close"});
  const bool ohlc = close_col >= 0 && (find_name({"open", "<open>"}) >= 0 ||
                                       find_name({"high", "<high>"}) >= 0 ||
                                       find_name({"low", "<low>"}) >= 0);
  int ticker_col = -1;
  for (int c = 0; c < ncols && ticker_col < 0; ++c) {
    if (c == date_col || !ticker_name(lname[static_cast<size_t>(c)])) continue;
    for (const auto& row : sample)
      if (static_cast<int>(row.size()) > c && !row[static_cast<size_t>(c)].empty() &&
          !looks_numeric(row[static_cast<size_t>(c)])) {
        ticker_col = c;
        break;
      }
  }
  if (options.layout == Layout::Long && ticker_col < 0) {
    for (int c = 0; c < ncols && ticker_col < 0; ++c)
      if (c != date_col && ticker_name(lname[static_cast<size_t>(c)])) ticker_col = c;
    if (ticker_col < 0)
      return file_error(ErrorCode::UnknownColumn,
                        "long layout: expected a ticker column named ticker, symbol, asset or name",
                        file, header_line, 1);
  }
  const bool long_layout = options.layout != Layout::Wide && ticker_col >= 0;

  // roles: -1 date, -2 ignored, -3 ticker, k >= 0 value column k
  std::vector<int> roles(static_cast<size_t>(ncols), -2);
  roles[static_cast<size_t>(date_col)] = -1;
  std::vector<std::string> value_names;
  std::vector<int> value_fields;
  const std::string stem = file_stem(file);
  if (long_layout) {
    roles[static_cast<size_t>(ticker_col)] = -3;
    int vc = adj_col >= 0 ? adj_col : close_col;
    if (vc < 0) {
      if (ncols == 3) {
        vc = 3 - date_col - ticker_col;
      } else {
        vc = find_name({"value", "price", "prices", "return", "returns", "ret", "nav", "px_last", "px",
                        "level", "adj close", "close"});
      }
    }
    if (vc < 0)
      return file_error(ErrorCode::UnknownColumn,
                        "long layout: expected a value column named value, price, close or return next "
                        "to the date and ticker columns",
                        file, header_line, 1);
    roles[static_cast<size_t>(vc)] = 0;
    value_names.push_back(header[static_cast<size_t>(vc)]);
    value_fields.push_back(vc + 1);
    t.layout = "long";
    t.value_column = header[static_cast<size_t>(vc)];
  } else if (ohlc && options.layout != Layout::Wide) {
    const int vc = adj_col >= 0 ? adj_col : close_col;
    roles[static_cast<size_t>(vc)] = 0;
    value_names.push_back(stem);
    value_fields.push_back(vc + 1);
    t.layout = "ohlc";
    t.value_column = header[static_cast<size_t>(vc)];
  } else {
    for (int c = 0; c < ncols; ++c) {
      if (c == date_col) continue;
      roles[static_cast<size_t>(c)] = static_cast<int>(value_names.size());
      std::string name = header[static_cast<size_t>(c)];
      if (name.empty()) {
        name = "column " + std::to_string(c + 1);
        t.warnings.push_back("column " + std::to_string(c + 1) + " has no name; named '" + name + "'");
      }
      for (size_t k = 0; k < value_names.size(); ++k)
        if (value_names[k] == name)
          return file_error(ErrorCode::InvalidArgument,
                            "duplicate column name " + quote_cell(name) + " (also field " +
                                std::to_string(value_fields[k]) + "); expected unique asset names",
                            file, header_line, c + 1);
      value_names.push_back(std::move(name));
      value_fields.push_back(c + 1);
    }
    if (value_names.empty())
      return file_error(ErrorCode::EmptyColumn,
                        "no value columns: expected at least one asset column next to the date column",
                        file, header_line, ncols + 1);
    if (value_names.size() == 1 && generic_value_name(lower_str(value_names[0]))) {
      t.layout = "single";
      t.value_column = value_names[0];
      value_names[0] = stem;
    } else {
      t.layout = "wide";
    }
  }
  const int nval = static_cast<int>(value_names.size());

  // ---- the one pass over the data -------------------------------------------------------------
  // Row capacity = line breaks (+1 without a final one); exact for ordinary files, so no copy later.
  Index cap = count_byte(p, end, '\n');
  if (cap == 0) cap = count_byte(p, end, '\r');
  if (p < end && end[-1] != '\n' && end[-1] != '\r') ++cap;
  if (cap < 1) cap = 1;
  Mat raw(cap, nval);
  std::vector<std::string_view> date_cells;
  std::vector<std::string_view> ticker_cells;
  std::vector<int> row_lines;
  date_cells.reserve(static_cast<size_t>(cap));
  row_lines.reserve(static_cast<size_t>(cap));
  std::deque<std::string> arena;  // unescaped copies of quoted date / ticker cells
  std::vector<char> percent(static_cast<size_t>(nval), 0);
  const bool fast_numbers = decimal == '.';
  const int date_field = date_col + 1;
  const int ticker_field = ticker_col + 1;
  int blank_lines = 0, interior_blank_lines = 0;  // blank lines seen / followed by data
  Index row = 0;
  double* const data0 = raw.data();
  Index stride = cap;
  double* data = data0;

  while (p < end) {
    if (skip_blank_line(p, end)) {
      ++line;
      ++blank_lines;
      continue;
    }
    if (row == stride) {  // more rows than line breaks: cannot happen, but stay safe
      raw.conservativeResize(stride * 2, nval);
      stride *= 2;
      data = raw.data();
    }
    const int row_line = line;
    std::string_view date_cell, ticker_cell;
    bool any_value = false;
    int f = 0;
    for (;;) {
      if (f >= ncols)
        return file_error(ErrorCode::RaggedRow,
                          "ragged row: more than the header's " + std::to_string(ncols) + " fields",
                          file, row_line, f + 1);
      const int role = roles[static_cast<size_t>(f)];
      FieldEnd fe;
      bool done = false;
      if (role >= 0 && p < end) {
        const char c0 = *p;
        if (c0 == delim) {  // empty cell: missing
          data[static_cast<Index>(role) * stride + row] = kNaN;
          fe = FieldEnd::Delim;
          ++p;
          done = true;
        } else if (fast_numbers && (is_digit(c0) || c0 == '-' || c0 == '.')) {
          double v;
          const auto r = fast_float::from_chars(p, end, v);
          if (r.ec == std::errc()) {
            const char* q = r.ptr;
            if (q == end) {
              fe = FieldEnd::Eof;
              done = true;
            } else if (*q == delim) {
              fe = FieldEnd::Delim;
              ++q;
              done = true;
            } else if (*q == '\n' || *q == '\r') {
              fe = FieldEnd::Eol;
              if (*q == '\r') ++q;
              if (q < end && *q == '\n') ++q;
              done = true;
            }
            if (done && std::isfinite(v)) {
              data[static_cast<Index>(role) * stride + row] = v;
              any_value = true;
              p = q;
            } else {
              done = false;
            }
          }
        }
      }
      if (!done) {
        std::string_view v;
        if (!read_field(p, end, delim, line, scratch, v, fe))
          return file_error(ErrorCode::InvalidArgument,
                            "malformed quoted field: expected a closing quote followed by a delimiter "
                            "or the end of the line",
                            file, row_line, f + 1);
        if (role >= 0) {
          double x = kNaN;
          bool pct = false;
          bool parsed = false;
          if (fast_numbers && !v.empty()) {  // e.g. a quoted plain number
            const auto r = fast_float::from_chars(v.data(), v.data() + v.size(), x);
            parsed = r.ec == std::errc() && r.ptr == v.data() + v.size() && std::isfinite(x);
          }
          if (!parsed) {
            const CellStatus st = parse_number_slow(v, decimal, thousands, x, pct);
            if (st == CellStatus::Bad)
              return file_error(ErrorCode::NonNumeric,
                                "expected a number (or an empty cell for missing), got " + quote_cell(v),
                                file, row_line, f + 1);
            if (st == CellStatus::Missing) x = kNaN;
            if (pct) percent[static_cast<size_t>(role)] = 1;
          }
          if (!v.empty()) any_value = true;
          data[static_cast<Index>(role) * stride + row] = x;
        } else if (role == -1 || role == -3) {
          if (v.data() == scratch.data()) {
            arena.emplace_back(v);
            v = arena.back();
          }
          (role == -1 ? date_cell : ticker_cell) = v;
          if (role == -3 && !v.empty()) any_value = true;
        }
      }
      ++f;
      if (fe != FieldEnd::Delim) break;
    }
    if (f < ncols)
      return file_error(ErrorCode::RaggedRow,
                        "ragged row: found " + std::to_string(f) + " fields, expected " +
                            std::to_string(ncols) + " as in the header",
                        file, row_line, f + 1);
    ++line;
    if (date_cell.empty()) {
      if (!any_value) {  // a row of empty cells (",,,"): treated like a blank line
        ++blank_lines;
        continue;
      }
      return file_error(ErrorCode::BadDate, "expected a date, got an empty cell", file, row_line,
                        date_field);
    }
    interior_blank_lines += blank_lines;
    blank_lines = 0;
    date_cells.push_back(date_cell);
    if (long_layout) ticker_cells.push_back(ticker_cell);
    row_lines.push_back(row_line);
    ++row;
  }
  const Index nrows = row;
  t.data_rows = static_cast<int>(nrows);
  if (nrows == 0)
    return file_error(ErrorCode::HeaderOnly, "header only: expected data rows after the header line",
                      file, header_line + 1, 1);
  if (interior_blank_lines > 0)
    t.warnings.push_back(std::to_string(interior_blank_lines) + " blank line(s) between data rows skipped");

  // ---- dates -------------------------------------------------------------------------------------
  auto dc = parse_date_column(date_cells, row_lines, date_field, options.date_order, decimal == ',', file);
  if (!dc) return std::move(dc).error();
  if (!dc->note.empty()) t.warnings.push_back(dc->note);
  t.date_format = dc->format;
  if (dc->had_time) t.warnings.push_back("times of day were dropped from the dates");
  std::vector<Date>& dates = dc->dates;

  for (int k = 0; k < nval; ++k)
    if (percent[static_cast<size_t>(k)]) raw.col(k).head(nrows) /= 100.0;

  if (long_layout) {
    // ---- long: (date, ticker, value) triples → one column per ticker ----------------------------
    std::unordered_map<std::string_view, int> index;
    std::vector<int> tick(static_cast<size_t>(nrows));
    for (Index r = 0; r < nrows; ++r) {
      const std::string_view tk = trim(ticker_cells[static_cast<size_t>(r)]);
      if (tk.empty())
        return file_error(ErrorCode::UnknownColumn, "expected a ticker, got an empty cell", file,
                          row_lines[static_cast<size_t>(r)], ticker_field);
      auto [it, inserted] = index.emplace(tk, static_cast<int>(t.names.size()));
      if (inserted) t.names.emplace_back(tk);
      tick[static_cast<size_t>(r)] = it->second;
    }
    std::vector<Date> ud(dates);
    std::sort(ud.begin(), ud.end());
    ud.erase(std::unique(ud.begin(), ud.end()), ud.end());
    const Index nd = static_cast<Index>(ud.size());
    const Index nt = static_cast<Index>(t.names.size());
    t.values.setConstant(nd, nt, kNaN);
    t.cell_lines.setZero(nd, nt);
    int same_dups = 0;
    for (Index r = 0; r < nrows; ++r) {
      const Date d = dates[static_cast<size_t>(r)];
      const Index i = std::lower_bound(ud.begin(), ud.end(), d) - ud.begin();
      const Index c = tick[static_cast<size_t>(r)];
      const double v = raw(r, 0);
      const int ln = row_lines[static_cast<size_t>(r)];
      if (t.cell_lines(i, c) == 0 || std::isnan(t.values(i, c))) {
        if (t.cell_lines(i, c) != 0 && std::isnan(v)) continue;
        t.values(i, c) = v;
        t.cell_lines(i, c) = ln;
      } else if (std::isnan(v)) {
        continue;
      } else if (v == t.values(i, c)) {
        ++same_dups;
      } else {
        char msg[256];
        std::snprintf(msg, sizeof msg, "%.17g", t.values(i, c));
        std::string prev = msg;
        std::snprintf(msg, sizeof msg, "%.17g", v);
        return file_error(ErrorCode::ConflictingDuplicate,
                          "conflicting duplicate: " + t.names[static_cast<size_t>(c)] + " on " +
                              format_iso(d) + " is " + msg + " here but " + prev + " on line " +
                              std::to_string(t.cell_lines(i, c)) + "; expected one value per date and ticker",
                          file, ln, value_fields[0]);
      }
    }
    if (same_dups > 0)
      t.warnings.push_back(std::to_string(same_dups) + " repeated (date, ticker) row(s) with identical "
                           "values ignored");
    fix_names(t);
    t.dates = std::move(ud);
    t.long_layout = true;
    t.fields.assign(static_cast<size_t>(nt), value_fields[0]);
    t.percent.assign(static_cast<size_t>(nt), percent[0] != 0);
    // a ticker without a single number
    for (Index c = 0; c < nt; ++c) {
      bool any = false;
      int first_line = 0;
      for (Index i = 0; i < nd && !any; ++i) {
        if (t.cell_lines(i, c) != 0 && first_line == 0) first_line = t.cell_lines(i, c);
        any = !std::isnan(t.values(i, c));
      }
      if (!any) {
        for (Index i = 0; i < nd; ++i)
          if (t.cell_lines(i, c) != 0) first_line = first_line == 0 ? t.cell_lines(i, c)
                                                                       : std::min(first_line, t.cell_lines(i, c));
        return file_error(ErrorCode::EmptyColumn,
                          "ticker " + quote_cell(t.names[static_cast<size_t>(c)]) +
                              " has no numbers; expected at least one value",
                          file, first_line, value_fields[0]);
      }
    }
    return t;
  }

  // ---- wide: sort rows by date, reject duplicates --------------------------------------------
  bool ascending = true, descending = true;
  for (size_t i = 1; i < dates.size(); ++i) {
    ascending = ascending && dates[i] > dates[i - 1];
    descending = descending && dates[i] < dates[i - 1];
  }
  if (nrows == 1) descending = false;
  std::vector<Index> order;
  if (!ascending) {
    order.resize(static_cast<size_t>(nrows));
    if (descending) {
      for (Index r = 0; r < nrows; ++r) order[static_cast<size_t>(r)] = nrows - 1 - r;
    } else {
      std::iota(order.begin(), order.end(), Index{0});
      std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
        return dates[static_cast<size_t>(a)] < dates[static_cast<size_t>(b)];
      });
      for (size_t i = 1; i < order.size(); ++i) {
        const size_t a = static_cast<size_t>(order[i - 1]), b = static_cast<size_t>(order[i]);
        if (dates[a] == dates[b])
          return file_error(ErrorCode::DuplicateDate,
                            "duplicate date " + format_iso(dates[b]) + " (also on line " +
                                std::to_string(row_lines[a]) + "); expected each date once",
                            file, row_lines[b], date_field);
      }
      t.warnings.push_back("rows were not in date order; sorted by date");
    }
    if (descending) t.warnings.push_back("rows were in descending date order; sorted ascending");
  }
  t.names = std::move(value_names);
  t.fields = std::move(value_fields);
  t.percent.assign(percent.begin(), percent.end());
  if (order.empty()) {
    t.dates = std::move(dates);
    t.lines = std::move(row_lines);
    if (nrows == stride) {
      t.values = std::move(raw);
    } else {
      t.values = raw.topRows(nrows);
    }
  } else {
    t.dates.resize(static_cast<size_t>(nrows));
    t.lines.resize(static_cast<size_t>(nrows));
    t.values.resize(nrows, nval);
    for (Index i = 0; i < nrows; ++i) {
      const size_t s = static_cast<size_t>(order[static_cast<size_t>(i)]);
      t.dates[static_cast<size_t>(i)] = dates[s];
      t.lines[static_cast<size_t>(i)] = row_lines[s];
    }
    for (Index c = 0; c < nval; ++c)
      for (Index i = 0; i < nrows; ++i) t.values(i, c) = raw(order[static_cast<size_t>(i)], c);
  }

  // a column without a single number
  for (Index c = 0; c < nval; ++c) {
    bool any = false;
    for (Index i = 0; i < nrows && !any; ++i) any = !std::isnan(t.values(i, c));
    if (!any)
      return file_error(ErrorCode::EmptyColumn,
                        "column " + quote_cell(t.names[static_cast<size_t>(c)]) + " has no numbers in " +
                            std::to_string(nrows) + " rows; expected at least one value",
                        file, header_line, t.fields[static_cast<size_t>(c)]);
  }
  fix_names(t);
  return t;
}

}  // namespace riskdial::detail
