// import_files: read each file, merge on the union of dates, decide prices vs returns, validate, forward-fill,
// and write the import doctor's report.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <nlohmann/json.hpp>

#include "csv/detail.hpp"
#include "riskdial/transform.hpp"

namespace riskdial {

namespace {

using detail::Table;
using json = nlohmann::ordered_json;

std::string num_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string pct_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", 100.0 * v);
  return buf;
}

struct Source {  // where a panel column came from
  size_t table;
  Index col;
};

struct ColumnStats {
  Index first = -1, last = -1;
  int observations = 0;
  int fillable_gaps = 0, fillable_cells = 0;
  int long_gaps = 0, long_gap_cells = 0, longest_gap = 0;
  Index longest_gap_start = 0;
  int jumps = 0;
  Index first_jump = -1;
  double first_jump_size = 0;
  int stale_runs = 0, longest_stale = 0;
  Index longest_stale_start = 0;
  int below_minus_one = 0;
  Frequency frequency = Frequency::Daily;  ///< of the column's own observation dates
  // prices vs returns: is the median of |x_t − x_{t−1}| / |x_{t−1}| over consecutive observations above
  // 0.5? Small for prices (a few percent per period), around 1 or more for returns, whose consecutive
  // values are unrelated. Counted, not sorted: median > 0.5 ⇔ more than half the changes are.
  int pairs = 0, big_changes = 0;
  double max_abs = 0;
  int non_positive = 0;
  int big_abs = 0;  ///< observations with |x| > 0.2 (returns: more than half → percent without '%'?)
};

// Same rule as infer_frequency (median spacing of the dates), with the median taken from a histogram of
// the day gaps instead of a sort: the element at index n/2 of the sorted gaps.
Frequency frequency_from_histogram(const int* hist, int n_gaps, int n_buckets) {
  if (n_gaps < 1) return Frequency::Daily;
  int cum = 0, g = n_buckets - 1;
  for (int k = 0; k < n_buckets; ++k) {
    cum += hist[k];
    if (cum > n_gaps / 2) {
      g = k;
      break;
    }
  }
  return frequency_from_median_gap(g);
}

ColumnStats column_stats(const double* col, const Date* dates, Index n, bool prices, int max_fill) {
  constexpr int kBuckets = 402;  // day gaps 0..400, 401 = longer
  int hist[kBuckets] = {};
  ColumnStats s;
  // hot counters live in locals (kept in registers; WASM in particular does not promote struct fields)
  int observations = 0, big_abs = 0, non_positive = 0, pairs = 0, big_changes = 0;
  double max_abs = 0;
  Index first = -1;
  double prev = kNaN;
  Index prev_i = -1;
  int run = 1;
  Index run_start = 0;
  auto close_run = [&]() {
    if (run >= 5) {
      ++s.stale_runs;
      if (run > s.longest_stale) {
        s.longest_stale = run;
        s.longest_stale_start = run_start;
      }
    }
  };
  auto jump = [&](Index i, double change) {
    if (s.jumps++ == 0) {
      s.first_jump = i;
      s.first_jump_size = change;
    }
  };
  for (Index i = 0; i < n; ++i) {
    const double v = col[i];
    if (std::isnan(v)) continue;
    const double a = std::fabs(v);
    ++observations;
    big_abs += a > 0.2 ? 1 : 0;
    max_abs = a > max_abs ? a : max_abs;
    non_positive += v <= 0 ? 1 : 0;
    if (prev_i >= 0) {
      ++pairs;
      const double d = std::fabs(v - prev), ap = std::fabs(prev);
      big_changes += (prev == 0 || d > 0.5 * ap) ? 1 : 0;
      const int days = dates[i] - dates[prev_i];
      ++hist[days < kBuckets - 1 ? days : kBuckets - 1];
      const int gap = static_cast<int>(i - prev_i - 1);
      if (gap > 0) {
        if (prices && gap <= max_fill) {
          ++s.fillable_gaps;
          s.fillable_cells += gap;
        } else {
          ++s.long_gaps;
          s.long_gap_cells += gap;
          if (gap > s.longest_gap) {
            s.longest_gap = gap;
            s.longest_gap_start = prev_i + 1;
          }
        }
      }
      if (prices) {
        if (!(d <= 0.49 * ap)) {  // cheap prefilter; the exact test divides
          const double change = v / prev - 1.0;
          if (std::fabs(change) > 0.5) jump(i, change);
        }
      } else if (a > 0.5) {
        jump(i, v);
      }
      if (prices ? v == prev : (v == 0 && prev == 0)) {
        ++run;
      } else {
        close_run();
        run = 1;
        run_start = i;
      }
    } else {
      first = i;
      if (!prices && a > 0.5) jump(i, v);
      run = 1;
      run_start = i;
    }
    if (!prices && v <= -1.0) ++s.below_minus_one;
    prev = v;
    prev_i = i;
  }
  close_run();
  s.observations = observations;
  s.big_abs = big_abs;
  s.max_abs = max_abs;
  s.non_positive = non_positive;
  s.pairs = pairs;
  s.big_changes = big_changes;
  s.first = first;
  s.last = prev_i;
  s.frequency = frequency_from_histogram(hist, pairs, kBuckets);
  return s;
}

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<ImportResult> import_impl(const std::vector<SourceFile>& files, const ImportOptions& options) {
  if (files.empty()) return make_error(ErrorCode::InvalidArgument, "no files given; expected at least one CSV");
  if (options.max_ffill_days < 0)
    return make_error(ErrorCode::InvalidArgument,
                      "max_ffill_days: expected a number of rows >= 0, got " +
                          std::to_string(options.max_ffill_days));

  std::vector<Table> tables;
  tables.reserve(files.size());
  for (const auto& f : files) {
    auto t = detail::read_table(f, options);
    if (!t) return std::move(t).error();
    tables.push_back(std::move(t).value());
  }

  // ---- merge on the union of dates ------------------------------------------------------------
  Panel panel;
  std::vector<std::vector<Source>> sources;
  if (tables.size() == 1) {
    Table& t = tables[0];
    panel.dates = t.dates;
    panel.names = t.names;
    panel.values = std::move(t.values);
    for (Index c = 0; c < static_cast<Index>(t.names.size()); ++c) sources.push_back({Source{0, c}});
  } else {
    std::vector<Date> all;
    for (const auto& t : tables) all.insert(all.end(), t.dates.begin(), t.dates.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    panel.dates = all;
    std::vector<std::pair<Index, Index>> map;  // (panel col) per table col, computed per table
    for (size_t ti = 0; ti < tables.size(); ++ti)
      for (Index c = 0; c < static_cast<Index>(tables[ti].names.size()); ++c) {
        const auto& nm = tables[ti].names[static_cast<size_t>(c)];
        auto it = std::find(panel.names.begin(), panel.names.end(), nm);
        if (it == panel.names.end()) {
          panel.names.push_back(nm);
          sources.push_back({});
          it = panel.names.end() - 1;
        }
        sources[static_cast<size_t>(it - panel.names.begin())].push_back(Source{ti, c});
      }
    panel.values.setConstant(static_cast<Index>(all.size()), static_cast<Index>(panel.names.size()), kNaN);
    for (size_t pc = 0; pc < sources.size(); ++pc) {
      std::vector<const Table*> owner(sources[pc].size() > 1 ? all.size() : 0, nullptr);
      std::vector<Index> owner_row(owner.size(), 0);
      for (const Source& s : sources[pc]) {
        const Table& t = tables[s.table];
        size_t k = 0;
        for (size_t r = 0; r < t.dates.size(); ++r) {
          while (all[k] < t.dates[r]) ++k;
          const double v = t.values(static_cast<Index>(r), s.col);
          if (std::isnan(v)) continue;
          double& cell = panel.values(static_cast<Index>(k), static_cast<Index>(pc));
          if (!std::isnan(cell) && cell != v) {
            const Table& o = *owner[k];
            return make_error(ErrorCode::ConflictingDuplicate,
                              "conflicting duplicate: " + panel.names[pc] + " on " + format_iso(all[k]) +
                                  " is " + num_text(v) + " here but " + num_text(cell) + " in " + o.file +
                                  " line " + std::to_string(o.line_of(owner_row[k], s.col)) +
                                  "; expected the same value where files overlap",
                              t.file, t.line_of(static_cast<Index>(r), s.col),
                              t.fields[static_cast<size_t>(s.col)]);
          }
          cell = v;
          if (!owner.empty()) {
            owner[k] = &t;
            owner_row[k] = static_cast<Index>(r);
          }
        }
      }
    }
  }
  const Index nrows = panel.rows(), ncols = panel.cols();

  // ---- prices or returns (one pass per column: statistics for prices, plus the kind evidence) ----
  const int max_fill = options.max_ffill_days;
  std::vector<ColumnStats> stats(static_cast<size_t>(ncols));
  std::vector<char> col_returns(static_cast<size_t>(ncols), 0);
  for (Index c = 0; c < ncols; ++c) {
    bool pct = false;
    for (const Source& s : sources[static_cast<size_t>(c)])
      pct = pct || tables[s.table].percent[static_cast<size_t>(s.col)];
    const ColumnStats& st = stats[static_cast<size_t>(c)] =
        column_stats(panel.values.col(c).data(), panel.dates.data(), nrows, true, max_fill);
    bool ret;
    if (pct)
      ret = true;
    else if (st.max_abs < 0.05)  // cash / T-bill returns: tiny and smooth, but no price is that small
      ret = true;
    else if (st.pairs >= 2)
      ret = 2 * st.big_changes > st.pairs;
    else  // fewer than 3 observations: small magnitudes mean returns
      ret = st.max_abs < 0.5;
    col_returns[static_cast<size_t>(c)] = ret;
  }
  bool returns = false;
  if (options.kind == KindHint::Prices) {
    returns = false;
  } else if (options.kind == KindHint::Returns) {
    returns = true;
  } else {
    returns = col_returns[0] != 0;
    for (Index c = 1; c < ncols; ++c)
      if ((col_returns[static_cast<size_t>(c)] != 0) != returns) {
        const Source& s = sources[static_cast<size_t>(c)][0];
        const Table& t = tables[s.table];
        auto what = [&](Index k) {
          return std::string(col_returns[static_cast<size_t>(k)] ? "returns" : "prices");
        };
        return make_error(ErrorCode::InvalidArgument,
                          "column " + detail::quote_cell(panel.names[static_cast<size_t>(c)]) +
                              " looks like " + what(c) + " but " +
                              detail::quote_cell(panel.names[0]) + " looks like " + what(0) +
                              "; expected one kind for all columns (choose kind prices or returns)",
                          t.file, t.header_line, t.fields[static_cast<size_t>(s.col)]);
      }
  }
  panel.kind = returns ? ValueKind::Returns : ValueKind::Prices;

  bool any_non_positive = false;
  for (const auto& st : stats) any_non_positive = any_non_positive || st.non_positive > 0;
  if (!returns && any_non_positive) {  // every price > 0; report the first offending cell in file order
    for (const Table& t : tables) {
      int best_line = 0, best_field = 0;
      double best_v = 0;
      // with one file the table's values were moved into the panel (same rows and columns)
      const Mat& vals = tables.size() == 1 ? panel.values : t.values;
      for (Index c = 0; c < static_cast<Index>(t.names.size()); ++c) {
        const auto col = vals.col(c);
        for (Index r = 0; r < col.size(); ++r) {
          if (!(col(r) <= 0)) continue;
          const int ln = t.line_of(r, c), fld = t.fields[static_cast<size_t>(c)];
          if (best_line == 0 || ln < best_line || (ln == best_line && fld < best_field)) {
            best_line = ln;
            best_field = fld;
            best_v = col(r) * (t.percent[static_cast<size_t>(c)] ? 100.0 : 1.0);
          }
        }
      }
      if (best_line > 0)
        return make_error(ErrorCode::NonPositivePrice,
                          "expected a price > 0, got " + num_text(best_v) +
                              " (if the file holds returns, choose kind returns)",
                          t.file, best_line, best_field);
    }
  }

  // ---- report (before filling: observations, gaps, jumps and stale runs use real values) ---------
  const Frequency freq = infer_frequency(panel.dates);
  panel.frequency = freq;
  json report;
  report["rows"] = nrows;
  report["frequency"] = frequency_name(freq);
  report["kind"] = returns ? "returns" : "prices";
  report["first_date"] = format_iso(panel.dates.front());
  report["last_date"] = format_iso(panel.dates.back());
  report["max_ffill_days"] = options.max_ffill_days;
  json jfiles = json::array();
  json warnings = json::array();
  for (const Table& t : tables) {
    json f;
    f["name"] = t.file;
    f["layout"] = t.layout;
    f["delimiter"] = std::string(1, t.delimiter);
    f["decimal"] = std::string(1, t.decimal);
    f["date_format"] = t.date_format;
    if (!t.value_column.empty()) f["value_column"] = t.value_column;
    f["data_rows"] = t.data_rows;
    f["columns"] = t.names;
    jfiles.push_back(std::move(f));
    for (const auto& w : t.warnings) warnings.push_back(t.file + ": " + w);
  }
  report["files"] = std::move(jfiles);

  json jcols = json::array();
  std::vector<Frequency> col_freq(static_cast<size_t>(ncols), Frequency::Daily);
  long long fillable = 0;
  for (Index c = 0; c < ncols; ++c) {
    if (returns)  // the statistics so far assumed prices
      stats[static_cast<size_t>(c)] =
          column_stats(panel.values.col(c).data(), panel.dates.data(), nrows, false, max_fill);
    col_freq[static_cast<size_t>(c)] = stats[static_cast<size_t>(c)].frequency;
    fillable += stats[static_cast<size_t>(c)].fillable_cells;
  }
  std::vector<int> filled(static_cast<size_t>(ncols), 0);
  if (!returns && fillable > 0) filled = forward_fill(panel, max_fill);

  for (Index c = 0; c < ncols; ++c) {
    const ColumnStats& s = stats[static_cast<size_t>(c)];
    const auto& src = sources[static_cast<size_t>(c)];
    json jc;
    jc["name"] = panel.names[static_cast<size_t>(c)];
    std::string srcs;
    bool pct = false;
    for (const Source& x : src) {
      if (!srcs.empty()) srcs += ", ";
      srcs += tables[x.table].file;
      pct = pct || tables[x.table].percent[static_cast<size_t>(x.col)];
    }
    jc["source"] = srcs;
    jc["first_date"] = format_iso(panel.dates[static_cast<size_t>(s.first)]);
    jc["last_date"] = format_iso(panel.dates[static_cast<size_t>(s.last)]);
    jc["observations"] = s.observations;
    jc["gaps_filled"] = filled[static_cast<size_t>(c)];
    // cells between the first and last observation still missing after the fill
    jc["missing"] = (s.last - s.first + 1) - s.observations - filled[static_cast<size_t>(c)];
    jc["kind"] = col_returns[static_cast<size_t>(c)] ? "returns" : "prices";
    const Frequency cf = col_freq[static_cast<size_t>(c)];
    jc["frequency"] = frequency_name(cf);
    jc["percent"] = pct;
    json w = json::array();
    if ((col_returns[static_cast<size_t>(c)] != 0) != returns)
      w.push_back(std::string("values look like ") +
                  (col_returns[static_cast<size_t>(c)] ? "returns" : "prices") + " but were read as " +
                  (returns ? "returns" : "prices") + " (kind was set)");
    if (s.jumps > 0)
      w.push_back(std::to_string(s.jumps) + " jump(s) over 50% in one period; first on " +
                  format_iso(panel.dates[static_cast<size_t>(s.first_jump)]) + " (" +
                  pct_text(s.first_jump_size) + ")");
    if (s.stale_runs > 0)
      w.push_back(std::to_string(s.stale_runs) + " stale run(s) of " +
                  (returns ? std::string("zero returns") : std::string("an unchanged price")) +
                  " over 5 or more observations; longest " + std::to_string(s.longest_stale) +
                  " from " + format_iso(panel.dates[static_cast<size_t>(s.longest_stale_start)]));
    if (s.long_gaps > 0)
      w.push_back(std::to_string(s.long_gaps) + " gap(s) " +
                  (returns ? std::string("of missing returns") :
                             "longer than " + std::to_string(max_fill) + " rows (max_ffill_days)") +
                  " left missing; longest " + std::to_string(s.longest_gap) + " rows from " +
                  format_iso(panel.dates[static_cast<size_t>(s.longest_gap_start)]));
    if (returns && s.below_minus_one > 0)
      w.push_back(std::to_string(s.below_minus_one) + " return(s) of -100% or less (price went to zero)");
    if (returns && 2 * s.big_abs > s.observations)
      w.push_back("most returns are above 20% in absolute value: are these percent numbers without a % "
                  "sign? Returns are read as decimals (0.01 = 1%)");
    if (s.observations < 3)
      w.push_back("only " + std::to_string(s.observations) + " observation(s)");
    if (cf != freq && s.observations >= 3)
      w.push_back(std::string("column frequency is ") + frequency_name(cf) + " but the panel is " +
                  frequency_name(freq));
    jc["warnings"] = std::move(w);
    jcols.push_back(std::move(jc));
  }
  report["columns"] = std::move(jcols);
  report["warnings"] = std::move(warnings);

  ImportResult out;
  out.panel = std::move(panel);
  out.report_json = dump(report);
  return out;
}

}  // namespace

Result<ImportResult> import_files(const std::vector<SourceFile>& files, const ImportOptions& options) {
  try {
    return import_impl(files, options);
  } catch (const std::bad_alloc&) {
    return make_error(ErrorCode::FileTooLarge, "out of memory while importing; expected smaller files");
  } catch (const std::exception& e) {
    return make_error(ErrorCode::Internal, std::string("internal error during import: ") + e.what());
  }
}

std::string panel_to_json(const Panel& panel) {
  json j;
  json dates = json::array();
  for (Date d : panel.dates) dates.push_back(format_iso(d));
  j["dates"] = std::move(dates);
  j["names"] = panel.names;
  json values = json::array();
  for (Index c = 0; c < panel.cols(); ++c) {
    json col = json::array();
    for (Index r = 0; r < panel.rows(); ++r) {
      const double v = panel.values(r, c);
      if (std::isfinite(v))
        col.push_back(v);
      else
        col.push_back(nullptr);
    }
    values.push_back(std::move(col));
  }
  j["values"] = std::move(values);
  return dump(j);
}

}  // namespace riskdial
