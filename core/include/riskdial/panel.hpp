// riskdial/panel.hpp — a dated, named panel of prices or returns: the engine's in-memory data set.
#pragma once

#include <string>
#include <vector>

#include "riskdial/date.hpp"
#include "riskdial/types.hpp"

namespace riskdial {

/// What the numbers in a panel are.
enum class ValueKind { Prices, Returns };

/// Sampling frequency of a date column, inferred from the median spacing of its dates.
enum class Frequency { Daily, Weekly, Monthly, Quarterly, Annual, Irregular };

/// "daily", "weekly", …
const char* frequency_name(Frequency f) noexcept;
/// Periods per year for a frequency (spec §1.3): 252, 52, 12, 4, 1; Irregular → 252.
int periods_per_year(Frequency f) noexcept;
/// Frequency of a median spacing in days: ≤4 daily, ≤10 weekly, ≤45 monthly, ≤120 quarterly, ≤400 annual,
/// else irregular.
Frequency frequency_from_median_gap(int median_gap_days) noexcept;
/// Infer the frequency from strictly increasing dates (median gap: ≤4 d daily, ≤10 weekly, ≤45 monthly,
/// ≤120 quarterly, ≤400 annual, else irregular). Fewer than 2 dates → Daily.
Frequency infer_frequency(const std::vector<Date>& dates) noexcept;

/// dates.size() rows × names.size() columns; values column-major, NaN = missing.
struct Panel {
  std::vector<Date> dates;         ///< strictly increasing
  std::vector<std::string> names;  ///< unique column names
  Mat values;                      ///< rows = dates, cols = names
  ValueKind kind = ValueKind::Prices;
  Frequency frequency = Frequency::Daily;

  Index rows() const noexcept { return values.rows(); }
  Index cols() const noexcept { return values.cols(); }
  /// Column index of a name, or -1.
  Index find(const std::string& name) const noexcept;
};

}  // namespace riskdial
