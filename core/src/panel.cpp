#include "riskdial/panel.hpp"

#include <algorithm>

namespace riskdial {

const char* frequency_name(Frequency f) noexcept {
  switch (f) {
    case Frequency::Daily: return "daily";
    case Frequency::Weekly: return "weekly";
    case Frequency::Monthly: return "monthly";
    case Frequency::Quarterly: return "quarterly";
    case Frequency::Annual: return "annual";
    case Frequency::Irregular: return "irregular";
  }
  return "irregular";
}

int periods_per_year(Frequency f) noexcept {
  switch (f) {
    case Frequency::Daily: return 252;
    case Frequency::Weekly: return 52;
    case Frequency::Monthly: return 12;
    case Frequency::Quarterly: return 4;
    case Frequency::Annual: return 1;
    case Frequency::Irregular: return 252;
  }
  return 252;
}

Frequency infer_frequency(const std::vector<Date>& dates) noexcept {
  if (dates.size() < 2) return Frequency::Daily;
  std::vector<int> gaps;
  gaps.reserve(dates.size() - 1);
  for (size_t i = 1; i < dates.size(); ++i) gaps.push_back(dates[i] - dates[i - 1]);
  std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
  return frequency_from_median_gap(gaps[gaps.size() / 2]);
}

Frequency frequency_from_median_gap(int g) noexcept {
  if (g <= 4) return Frequency::Daily;
  if (g <= 10) return Frequency::Weekly;
  if (g <= 45) return Frequency::Monthly;
  if (g <= 120) return Frequency::Quarterly;
  if (g <= 400) return Frequency::Annual;
  return Frequency::Irregular;
}

Index Panel::find(const std::string& name) const noexcept {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Index>(i);
  return -1;
}

}  // namespace riskdial
