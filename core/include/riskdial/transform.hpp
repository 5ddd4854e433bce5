// riskdial/transform.hpp — panel transformations shared by import, metrics and backtests:
// forward fill with a limit, prices → simple returns, resampling to the last trading day of a period.
#pragma once

#include <vector>

#include "riskdial/panel.hpp"

namespace riskdial {

/// Forward-fill interior gaps of at most `max_days` consecutive missing rows (spec §1.2, §5.7): a gap is
/// filled completely (repeating the last real price, i.e. zero returns) only when it is followed by a real
/// value and is no longer than `max_days`; longer gaps are not filled at all; leading and trailing gaps are
/// never filled. Returns the number of filled cells per column.
std::vector<int> forward_fill(Panel& prices, int max_days);

/// Simple returns r_t = P_t / P_{t−1} − 1 on consecutive rows. Row 0, and any row where either price is
/// missing, is NaN. The result keeps all dates (row 0 included) and has kind Returns.
Panel prices_to_returns(const Panel& prices);

/// Period key of a date for a frequency: ISO week (weeks since 1970-01-05), calendar month, quarter or year.
/// Daily/Irregular → the date itself.
int period_key(Date d, Frequency f) noexcept;

/// Prices sampled on the last row (trading day) of each period of the master calendar; an asset missing on
/// that row is NaN there. The last period is kept even when incomplete. Frequency of the result is `to`.
Panel resample_prices(const Panel& prices, Frequency to);

/// Returns compounded per period: Π(1 + r) − 1 over the rows of the period; NaN rows are skipped; a
/// period in which an asset has no observation at all is NaN. Dated on the period's last row.
Panel resample_returns(const Panel& returns, Frequency to);

/// Wealth index from returns, W_0 = 1 (not stored), W_t = Π_{s≤t}(1 + r_s); NaN returns leave W unchanged
/// but the cell stays NaN (no data). Kind Prices.
Panel returns_to_wealth(const Panel& returns);

}  // namespace riskdial
