// The presets' signals and decisions. No throw and no JSON here (the audits' JSON is written in
// strategies_audit.cpp): this file is compiled without exception support in WASM (core/CMakeLists.txt).
#include "riskdial/strategies.hpp"

#include <algorithm>
#include <cmath>

#include "strategies_audit.hpp"

namespace riskdial {

namespace {

/// Cash = 1 − risky; rounding-level negatives (|x| < 1e-14) become 0 so long-only books stay ≥ 0.
double cash_of(double risky) {
  const double c = 1.0 - risky;
  return std::abs(c) < 1e-14 ? 0.0 : c;
}

bool valid_at(const AsOfView& v, const std::vector<Index>& rows, Index c) {
  for (Index r : rows)
    if (std::isnan(v.price(r, c))) return false;
  return true;
}

// Ready for a month-end preset: `months` month-end rows exist and some universe asset has a price on all.
bool any_valid_on_month_ends(const AsOfView& v, const std::vector<Index>& universe, int months) {
  const auto me = month_end_rows(v, months);
  if (static_cast<int>(me.size()) < months) return false;
  for (Index c : universe)
    if (valid_at(v, me, c)) return true;
  return false;
}

}  // namespace

std::shared_ptr<const std::vector<std::string>> PresetBase::shared_names(const AsOfView& v) {
  return names_.get(v);
}

std::vector<Index> month_end_rows(const AsOfView& v, int count) {
  std::vector<Index> out;
  if (count <= 0) return out;
  // Reserved: growing the vector one row at a time cost 4–5 allocations per call (each decision and each
  // readiness test calls this).
  out.reserve(static_cast<size_t>(std::min<Index>(count, v.rows())));
  out.push_back(v.last());
  for (Index r = v.last() - 1; r >= 0 && static_cast<int>(out.size()) < count; --r)
    if (v.month_changes_after(r)) out.push_back(r);
  std::reverse(out.begin(), out.end());
  return out;
}

double cash_growth(const AsOfView& v, Index a, Index b) {
  double g = 1.0;
  for (Index t = a + 1; t <= b; ++t) g *= 1.0 + v.cash_return(t);
  return g;
}

// --------------------------------------------------------------------------------------------------------
// Faber
// --------------------------------------------------------------------------------------------------------

bool FaberStrategy::ready(const AsOfView& v) { return any_valid_on_month_ends(v, universe_, months_); }

Result<Decision> FaberStrategy::decide(const DecisionInput& in) {
  const AsOfView& v = in.view;
  const Index m = v.cols();
  const auto me = month_end_rows(v, months_);
  Decision d;
  d.weights = Vec::Zero(m + 1);
  std::vector<Index> elig;
  elig.reserve(universe_.size());  // one allocation per decision instead of one per doubling
  if (static_cast<int>(me.size()) == months_)
    for (Index c : universe_)
      if (valid_at(v, me, c)) elig.push_back(c);
  auto audit = std::make_shared<detail::FaberAudit>();
  audit->names = shared_names(v);
  audit->assets.reserve(universe_.size());
  const double N = static_cast<double>(elig.size());
  double risky = 0.0;
  for (Index c : universe_) {
    detail::AssetAudit a;
    a.column = c;
    const bool e = std::find(elig.begin(), elig.end(), c) != elig.end();
    a.eligible = e;
    if (e) {
      double s = 0.0;
      for (Index r : me) s += v.price(r, c);
      const double sma = s / months_;
      const double px = v.price(v.last(), c);
      const bool hold = px > sma;
      a.a = px;
      a.b = sma;
      a.signal = hold ? 1 : 0;
      if (hold) {
        d.weights(c) = 1.0 / N;
        risky += 1.0 / N;
      }
    }
    audit->assets.push_back(a);
  }
  d.weights(m) = cash_of(risky);
  audit->eligible_count = elig.size();
  d.payload = std::move(audit);
  return d;
}

// --------------------------------------------------------------------------------------------------------
// TSMOM
// --------------------------------------------------------------------------------------------------------

double mop_ewma_volatility(const AsOfView& v, Index c, double com, int ann) {
  const Index d = v.last();
  const Index nret = v.valid_run(d, c) - 1;
  if (nret < 2) return kNaN;
  const double delta = com / (1.0 + com);
  const Index n = std::min<Index>(nret, 4000);  // δ^4000 < 1e-28: the tail is below rounding
  double wsum = 0.0, mean = 0.0, wt = 1.0 - delta;
  for (Index i = 0; i < n; ++i, wt *= delta) mean += wt * v.ret(d - i, c);
  (void)wsum;
  double var = 0.0;
  wt = 1.0 - delta;
  for (Index i = 0; i < n; ++i, wt *= delta) {
    const double x = v.ret(d - i, c) - mean;
    var += wt * x * x;
  }
  return std::sqrt(ann * var);
}

double TsmomStrategy::ewma_sigma(const AsOfView& v, size_t k) {
  if (ewma_.size() != universe_.size()) ewma_.assign(universe_.size(), Ewma{});
  Ewma& e = ewma_[k];
  const Index c = universe_[k];
  const double delta = p_.com_days / (1.0 + p_.com_days), a = 1.0 - delta;
  for (Index r = e.row + 1; r <= v.last(); ++r) {
    const double x = v.ret(r, c);
    if (std::isnan(x)) {
      e = Ewma{};
    } else {
      // Adding the newest return: every older weight gains a factor δ, the newest gets (1−δ).
      e.s1 = a * x + delta * e.s1;
      e.s2 = a * x * x + delta * e.s2;
      e.w = a + delta * e.w;
      ++e.n;
    }
    e.row = r;
  }
  if (e.n < 2) return kNaN;
  // Σw(r − r̄)² with r̄ = S1 (same unnormalized weights): S2 − 2·S1² + S1²·W.
  const double var = e.s2 - e.s1 * e.s1 * (2.0 - e.w);
  return std::sqrt(p_.ann_factor * std::max(var, 0.0));
}

bool TsmomStrategy::ready(const AsOfView& v) {
  return any_valid_on_month_ends(v, universe_, p_.lookback_months + 1);
}

Result<Decision> TsmomStrategy::decide(const DecisionInput& in) {
  const AsOfView& v = in.view;
  const Index m = v.cols();
  const int L = p_.lookback_months, s = p_.skip_months;
  const auto me = month_end_rows(v, L + 1);  // me[0] = m−L, me[L] = m
  Decision d;
  d.weights = Vec::Zero(m + 1);
  std::vector<Index> elig;
  elig.reserve(universe_.size());  // one allocation per decision instead of one per doubling
  if (static_cast<int>(me.size()) == L + 1)
    for (Index c : universe_)
      if (valid_at(v, me, c)) elig.push_back(c);
  const double N = static_cast<double>(elig.size());
  auto audit = std::make_shared<detail::TsmomAudit>();
  audit->names = shared_names(v);
  audit->with_sigma = p_.mode != TsmomMode::LongOnly;
  audit->assets.reserve(universe_.size());
  double risky = 0.0;
  for (Index c : universe_) {
    detail::AssetAudit a;
    a.column = c;
    const bool e = std::find(elig.begin(), elig.end(), c) != elig.end();
    a.eligible = e;
    if (e) {
      const Index r0 = me[0], r1 = me[size_t(L - s)];
      const double x = v.price(r1, c) / v.price(r0, c) - 1.0 - (cash_growth(v, r0, r1) - 1.0);
      a.a = x;
      double w = 0.0;
      double sigma = kNaN;
      if (p_.mode != TsmomMode::LongOnly) {
        const size_t k = size_t(std::find(universe_.begin(), universe_.end(), c) - universe_.begin());
        sigma = ewma_sigma(v, k);
        a.b = sigma;
      }
      switch (p_.mode) {
        case TsmomMode::LongOnly: w = x > 0.0 ? 1.0 / N : 0.0; break;
        case TsmomMode::LongOnlyVolScaled:
          if (x > 0.0) w = (sigma > 0.0 ? std::min(p_.asset_vol_target / sigma, 1.0) : 1.0) / N;
          break;
        case TsmomMode::LongShortMop:
          if (sigma > 0.0 && x != 0.0) w = (x > 0.0 ? 1.0 : -1.0) * (p_.vol_target_mop / sigma) / N;
          break;
      }
      a.signal = x > 0.0 ? 1 : (x < 0.0 ? -1 : 0);
      a.weight = w;
      d.weights(c) = w;
      risky += w;
    }
    audit->assets.push_back(a);
  }
  d.weights(m) = cash_of(risky);
  audit->eligible_count = elig.size();
  d.payload = std::move(audit);
  return d;
}

// --------------------------------------------------------------------------------------------------------
// GEM
// --------------------------------------------------------------------------------------------------------

bool GemStrategy::ready(const AsOfView& v) {
  const auto me = month_end_rows(v, lookback_ + 1);
  return static_cast<int>(me.size()) == lookback_ + 1 && valid_at(v, me, us_);
}

Result<Decision> GemStrategy::decide(const DecisionInput& in) {
  const AsOfView& v = in.view;
  const Index m = v.cols();
  const auto me = month_end_rows(v, lookback_ + 1);
  Decision d;
  d.weights = Vec::Zero(m + 1);
  auto r12 = [&](Index c) -> double {
    if (c < 0 || static_cast<int>(me.size()) != lookback_ + 1 || !valid_at(v, me, c)) return kNaN;
    return v.price(me.back(), c) / v.price(me.front(), c) - 1.0;
  };
  const double us = r12(us_), intl = r12(intl_), bonds = r12(bonds_);
  const double cash = me.size() == size_t(lookback_ + 1) ? cash_growth(v, me.front(), me.back()) - 1.0 : kNaN;
  // Winner of US vs international (tie → US; international without data → US).
  const bool intl_wins = !std::isnan(intl) && intl > us;
  Index hold = -1;
  const char* why = "";
  if (filter_ == GemFilter::UsEquity) {
    if (us > cash) {
      hold = intl_wins ? intl_ : us_;
      why = "us_above_cash";
    }
  } else {
    const double w = intl_wins ? intl : us;
    if (w > cash) {
      hold = intl_wins ? intl_ : us_;
      why = "winner_above_cash";
    }
  }
  if (hold < 0) {
    why = "absolute_momentum_negative";
    hold = std::isnan(bonds) ? -1 : bonds_;
    if (hold < 0) detail::add_audit_flag(d.audit, "bonds_without_data_hold_cash");
  }
  if (hold >= 0) d.weights(hold) = 1.0;
  else d.weights(m) = 1.0;
  auto audit = std::make_shared<detail::GemAudit>();
  audit->names = shared_names(v);
  audit->us = us;
  audit->intl = intl;
  audit->bonds = bonds;
  audit->cash = cash;
  audit->hold = hold;
  audit->reason = why;
  d.payload = std::move(audit);
  return d;
}

// --------------------------------------------------------------------------------------------------------
// Inverse volatility
// --------------------------------------------------------------------------------------------------------

bool InverseVolStrategy::ready(const AsOfView& v) {
  for (Index c : universe_)
    if (v.eligible(c, lookback_)) return true;
  return false;
}

Result<Decision> InverseVolStrategy::decide(const DecisionInput& in) {
  const AsOfView& v = in.view;
  const Index m = v.cols(), d = v.last();
  Decision dec;
  dec.weights = Vec::Zero(m + 1);
  std::vector<Index> use;
  std::vector<double> inv;
  use.reserve(universe_.size());  // one allocation each per decision instead of one per doubling
  inv.reserve(universe_.size());
  auto audit = std::make_shared<detail::InverseVolAudit>();
  audit->names = shared_names(v);
  audit->assets.reserve(universe_.size());
  for (Index c : universe_) {
    detail::AssetAudit a;
    a.column = c;
    const bool e = v.eligible(c, lookback_);
    a.eligible = e;
    if (e) {
      double mu = 0.0;
      for (Index t = d - lookback_ + 1; t <= d; ++t) mu += v.ret(t, c);
      mu /= lookback_;
      double ss = 0.0;
      for (Index t = d - lookback_ + 1; t <= d; ++t) ss += (v.ret(t, c) - mu) * (v.ret(t, c) - mu);
      const double sigma = std::sqrt(ss / (lookback_ - 1) * v.periods_per_year());
      a.a = sigma;
      if (sigma > 0.0) {
        use.push_back(c);
        inv.push_back(1.0 / sigma);
      } else {
        detail::add_audit_flag(dec.audit, "zero_volatility:" + v.names()[size_t(c)]);
      }
    }
    audit->assets.push_back(a);
  }
  double s = 0.0;
  for (double x : inv) s += x;
  double risky = 0.0;
  for (size_t k = 0; k < use.size(); ++k) {
    dec.weights(use[k]) = inv[k] / s;
    risky += inv[k] / s;
  }
  dec.weights(m) = use.empty() ? 1.0 : cash_of(risky);
  dec.payload = std::move(audit);
  return dec;
}

}  // namespace riskdial
