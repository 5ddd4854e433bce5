#include "riskdial/transform.hpp"

#include <cmath>

namespace riskdial {

std::vector<int> forward_fill(Panel& p, int max_days) {
  std::vector<int> filled(static_cast<size_t>(p.cols()), 0);
  const Index n = p.rows();
  for (Index c = 0; c < p.cols(); ++c) {
    auto col = p.values.col(c);
    Index last_valid = -1;
    for (Index r = 0; r < n; ++r) {
      if (std::isnan(col(r))) continue;
      const Index gap = last_valid >= 0 ? r - last_valid - 1 : 0;
      if (gap > 0 && gap <= max_days) {
        for (Index k = last_valid + 1; k < r; ++k) col(k) = col(last_valid);
        filled[static_cast<size_t>(c)] += static_cast<int>(gap);
      }
      last_valid = r;
    }
  }
  return filled;
}

Panel prices_to_returns(const Panel& p) {
  Panel out;
  out.dates = p.dates;
  out.names = p.names;
  out.frequency = p.frequency;
  out.kind = ValueKind::Returns;
  out.values.setConstant(p.rows(), p.cols(), kNaN);
  for (Index c = 0; c < p.cols(); ++c)
    for (Index r = 1; r < p.rows(); ++r) out.values(r, c) = p.values(r, c) / p.values(r - 1, c) - 1.0;
  return out;  // NaN propagates through the division
}

int period_key(Date d, Frequency f) noexcept {
  switch (f) {
    case Frequency::Weekly: {
      const int monday0 = 4;  // 1970-01-05 is day 4
      const int x = d - monday0;
      return x >= 0 ? x / 7 : -((-x + 6) / 7);
    }
    case Frequency::Monthly: {
      const Ymd v = ymd_from_date(d);
      return v.year * 12 + v.month - 1;
    }
    case Frequency::Quarterly: {
      const Ymd v = ymd_from_date(d);
      return v.year * 4 + (v.month - 1) / 3;
    }
    case Frequency::Annual: return ymd_from_date(d).year;
    case Frequency::Daily:
    case Frequency::Irregular: return d;
  }
  return d;
}

namespace {
// Row indices of the last row of each period.
std::vector<Index> period_ends(const std::vector<Date>& dates, Frequency to) {
  std::vector<Index> ends;
  for (size_t i = 0; i < dates.size(); ++i)
    if (i + 1 == dates.size() || period_key(dates[i + 1], to) != period_key(dates[i], to))
      ends.push_back(static_cast<Index>(i));
  return ends;
}
}  // namespace

Panel resample_prices(const Panel& p, Frequency to) {
  const auto ends = period_ends(p.dates, to);
  Panel out;
  out.names = p.names;
  out.kind = p.kind;
  out.frequency = to;
  out.values.resize(static_cast<Index>(ends.size()), p.cols());
  for (size_t k = 0; k < ends.size(); ++k) {
    out.dates.push_back(p.dates[static_cast<size_t>(ends[k])]);
    out.values.row(static_cast<Index>(k)) = p.values.row(ends[k]);
  }
  return out;
}

Panel resample_returns(const Panel& p, Frequency to) {
  const auto ends = period_ends(p.dates, to);
  Panel out;
  out.names = p.names;
  out.kind = ValueKind::Returns;
  out.frequency = to;
  out.values.setConstant(static_cast<Index>(ends.size()), p.cols(), kNaN);
  Index start = 0;
  for (size_t k = 0; k < ends.size(); ++k) {
    out.dates.push_back(p.dates[static_cast<size_t>(ends[k])]);
    for (Index c = 0; c < p.cols(); ++c) {
      double w = 1.0;
      bool any = false;
      for (Index r = start; r <= ends[k]; ++r) {
        const double x = p.values(r, c);
        if (std::isnan(x)) continue;
        w *= 1.0 + x;
        any = true;
      }
      if (any) out.values(static_cast<Index>(k), c) = w - 1.0;
    }
    start = ends[k] + 1;
  }
  return out;
}

Panel returns_to_wealth(const Panel& p) {
  Panel out = p;
  out.kind = ValueKind::Prices;
  for (Index c = 0; c < p.cols(); ++c) {
    double w = 1.0;
    for (Index r = 0; r < p.rows(); ++r) {
      const double x = p.values(r, c);
      if (std::isnan(x)) continue;
      w *= 1.0 + x;
      out.values(r, c) = w;
    }
  }
  return out;
}

}  // namespace riskdial
