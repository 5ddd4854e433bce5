// Private: numeric helpers of the trend signals shared by signals.cpp and signals_kernels.cpp.
#pragma once

#include "riskdial/backtest.hpp"

namespace riskdial::detail {

/// Calendar offset of a horizon for tf_calendar_anchor=calendar: {days, months}; ν = 1 is the
/// previous trading day (days = 0, months = 0). False for a horizon without a calendar offset.
bool calendar_offset(int nu, int& days, int& months) noexcept;

/// Last visible row of the view with date ≤ target, or -1.
Index row_at_or_before(const AsOfView& v, Date target) noexcept;

/// Sample (n−1) standard deviation from the sum s and the sum of squares q of n values (variance
/// floored at 0).
double sd_from_sums(double s, double q, double n) noexcept;

}  // namespace riskdial::detail
