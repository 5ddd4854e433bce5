// compute_metrics(): the full report for one series (keys: docs/metrics.md), and the panel entry point.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "metrics_detail.hpp"
#include "metrics_json.hpp"
#include "riskdial/metrics.hpp"

namespace riskdial {

namespace {

using detail::Moments;
using detail::moments;
using detail::rolling_sums;
using detail::WindowSums;

double cum(const double* r, Index n) {
  return (Eigen::Map<const Vec>(r, n).array() + 1.0).prod() - 1.0;
}

double ann_geo(const double* r, Index n, double p) {
  if (n == 0) return kNaN;
  return std::pow(1.0 + cum(r, n), p / static_cast<double>(n)) - 1.0;
}

/// Π(1 + r)^e − 1 with the exponent e = 1/years given (n = 0 → NaN).
double ann_geo_e(const double* r, Index n, double e) {
  if (n == 0) return kNaN;
  return std::pow(1.0 + cum(r, n), e) - 1.0;
}

/// Median spacing of consecutive dates in days (the period length used to date the NAV before the first
/// return when it is not known); fewer than 2 dates: 365.25/P rounded.
Date median_spacing(const std::vector<Date>& d, int p) {
  if (d.size() < 2) return static_cast<Date>(std::lround(365.25 / p));
  std::vector<Date> gaps(d.size() - 1);
  for (size_t i = 1; i < d.size(); ++i) gaps[i - 1] = d[i] - d[i - 1];
  const size_t m = gaps.size() / 2;
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(m), gaps.end());
  const Date hi = gaps[m];
  if (gaps.size() % 2 == 1) return hi;
  const Date lo = *std::max_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(m));
  return static_cast<Date>((lo + hi) / 2);  // even count: mean of the two middle gaps, rounded down
}

/// First NAV date of an input: start_date, else dates[0] − median spacing.
Date first_nav_date(const SeriesInput& in, int p) {
  if (in.start_date) return *in.start_date;
  return in.dates.front() - median_spacing(in.dates, p);
}

/// Calendar years between two NAV dates (spec §1.5 year_basis = calendar).
inline double calendar_years(Date from, Date to) { return static_cast<double>(to - from) / 365.25; }

/// "95", "99", "97_5" for p = 0.95, 0.99, 0.975.
std::string level_suffix(double p) {
  const double pct = std::round(p * 1e4) / 100.0;
  char buf[32];
  if (pct == std::floor(pct)) {
    std::snprintf(buf, sizeof buf, "%d", static_cast<int>(pct));
  } else {
    std::snprintf(buf, sizeof buf, "%g", pct);
    for (char* c = buf; *c; ++c)
      if (*c == '.') *c = '_';
  }
  return buf;
}

class Builder {
 public:
  explicit Builder(MetricsReport& r) : rep_(r) { rep_.metrics.reserve(256); }
  /// Store a value; a non-finite value gets `why` as its flag (null in JSON).
  void put(const std::string& key, double v, const char* why = nullptr) {
    rep_.metrics.emplace_back(key, v);
    if (!std::isfinite(v)) flag(key, why ? why : "undefined");
  }
  void flag(const std::string& key, const std::string& f) {
    auto& v = rep_.flags[key];
    if (std::find(v.begin(), v.end(), f) == v.end()) v.push_back(f);
  }

 private:
  MetricsReport& rep_;
};

/// Why a ratio num/den is not finite: den == 0 → `zero_flag`, otherwise `other`.
const char* why_div(double den, const char* zero_flag, const char* other = "insufficient_data") {
  return den == 0.0 ? zero_flag : other;
}

/// First row of the trailing k-year window ending at the last row, or -1 if the history is too short.
/// P ≤ 12: the last k·P rows (on monthly data the anchor is the month-end 12k months earlier; W_0 = 1
/// allows the window to start at the first row). P > 12: rows after the last date ≤ T − k years.
Index trailing_start(const std::vector<Date>& dates, int p, int k) {
  const Index n = static_cast<Index>(dates.size());
  if (n == 0) return -1;
  if (p <= 12) {
    const Index s = n - static_cast<Index>(k) * p;
    return s >= 0 ? s : -1;
  }
  const Date anchor = add_months(dates.back(), -12 * k);
  const auto it = std::upper_bound(dates.begin(), dates.end(), anchor);
  if (it == dates.begin()) return -1;
  return static_cast<Index>(it - dates.begin());  // first row after the anchor row
}

/// Centered sum of squares from shifted sums; 0 when it is rounding noise (constant window).
inline double centered_ss(double s, double ss, double w) {
  const double v = ss - s * s / w;
  return v <= 1e-12 * ss ? 0.0 : v;
}

/// Runs of rows in the same calendar month: run j covers rows [start[j], start[j+1]) and has month id
/// id[j] = year·12 + month − 1; start has one entry more than id (= number of rows). One date conversion
/// and one binary search per month, no per-row work.
struct MonthRuns {
  std::vector<Index> start;
  std::vector<int> id;
  explicit MonthRuns(const std::vector<Date>& d) {
    const size_t m = d.size();
    start.reserve(m / 15 + 2);
    id.reserve(m / 15 + 1);
    size_t i = 0;
    while (i < m) {
      const Ymd a = ymd_from_date(d[i]);
      const Date bound = a.month == 12 ? date_from_ymd(a.year + 1, 1, 1) : date_from_ymd(a.year, a.month + 1, 1);
      start.push_back(static_cast<Index>(i));
      id.push_back(a.year * 12 + a.month - 1);
      i = static_cast<size_t>(std::lower_bound(d.begin() + static_cast<std::ptrdiff_t>(i), d.end(), bound) - d.begin());
    }
    start.push_back(static_cast<Index>(m));
  }
  size_t size() const { return id.size(); }
};

/// Historical tail of a sample: the smallest k values sorted ascending (one O(n) selection plus a sort
/// of the tail), enough for type-7 quantiles and historical ES at tail probabilities ≤ max_alpha.
struct TailPrefix {
  Index n = 0;
  std::vector<double> low;  ///< sorted ascending; the true order statistics 0..low.size()-1
  /// `mean`, `sd` (may be NaN) give a pre-filter threshold: values below mean + z·sd are gathered in one
  /// branch-free pass; when at least k of them fall below it they contain the k smallest, and only that
  /// buffer is selected and sorted. Otherwise (odd samples) the whole copy is selected.
  void build(const double* r, Index n_, double max_alpha, double mean, double sd) {
    n = n_;
    low.clear();
    if (n < 2) return;
    const Index k = std::min<Index>(n, static_cast<Index>(std::floor(static_cast<double>(n - 1) * max_alpha)) + 2);
    std::vector<double> work(static_cast<size_t>(n));
    Index c = n;
    if (std::isfinite(sd) && sd > 0.0 && max_alpha < 0.2) {
      const double t = mean + normal_quantile(std::min(0.45, 2.0 * max_alpha + 0.02)) * sd;
      c = 0;
      for (Index i = 0; i < n; ++i) {
        work[static_cast<size_t>(c)] = r[i];
        c += r[i] < t;
      }
      if (c < k) c = n;  // too few below the threshold: fall back to the full sample
    }
    if (c == n) std::copy(r, r + n, work.begin());
    std::nth_element(work.begin(), work.begin() + (k - 1), work.begin() + c);
    work.resize(static_cast<size_t>(k));
    std::sort(work.begin(), work.end());
    low = std::move(work);
  }
  /// VaR (−Q₇) and historical ES (−mean{r < Q₇}, empty → −Q₇) at tail probability a.
  void at(double a, double& var, double& es) const {
    var = es = kNaN;
    if (n < 2) return;
    const double h = static_cast<double>(n - 1) * a, fl = std::floor(h);
    const Index lo = static_cast<Index>(fl);
    const double v0 = low[static_cast<size_t>(lo)];
    const double q = lo >= n - 1 ? v0 : v0 + (h - fl) * (low[static_cast<size_t>(lo + 1)] - v0);
    double s = 0.0;
    Index c = 0;
    for (Index i = 0; i <= lo && low[static_cast<size_t>(i)] < q; ++i, ++c) s += low[static_cast<size_t>(i)];
    var = -q;
    es = c == 0 ? -q : -(s / static_cast<double>(c));
  }
};

struct Gathered {
  std::vector<Date> dates;
  Vec r, b, f;
};

}  // namespace

double MetricsReport::get(const std::string& key) const {
  for (const auto& kv : metrics)
    if (kv.first == key) return kv.second;
  return kNaN;
}

bool MetricsReport::has_flag(const std::string& key, const std::string& flag) const {
  const auto it = flags.find(key);
  return it != flags.end() && std::find(it->second.begin(), it->second.end(), flag) != it->second.end();
}

std::optional<Error> validate_metrics_options(const MetricsOptions& o) {
  auto bad = [](const std::string& what) { return make_error(ErrorCode::InvalidArgument, what); };
  if (o.periods_per_year < 0 || o.periods_per_year > 366)
    return bad("periods_per_year: expected 0 (infer) or 1..366, got " + std::to_string(o.periods_per_year));
  auto prob_ok = [](double p) { return p > 0.0 && p < 1.0 && std::isfinite(p); };
  for (double p : o.tail_levels)
    if (!prob_ok(p)) return bad("tail level: expected a probability in (0, 1), got " + std::to_string(p));
  if (!prob_ok(o.modified_sharpe_p)) return bad("modified_sharpe_p: expected a probability in (0, 1)");
  if (!prob_ok(o.starr_p)) return bad("starr_p: expected a probability in (0, 1)");
  for (double v : {o.rf_annual, o.mar_annual, o.omega_threshold_annual, o.sterling_excess})
    if (!std::isfinite(v) || v <= -1.0) return bad("rates: expected a finite annual rate > -1");
  if (o.calmar_window_months < 0) return bad("calmar_window_months: expected >= 0");
  for (int k : o.trailing_years)
    if (k < 1 || k > 100) return bad("trailing_years: expected 1..100, got " + std::to_string(k));
  for (int k : o.rolling_excess_years)
    if (k < 1 || k > 100) return bad("rolling_excess_years: expected 1..100, got " + std::to_string(k));
  if (o.rolling_months < 1 || o.rolling_months > 1200) return bad("rolling_months: expected 1..1200");
  if (o.drawdown_count < 0) return bad("drawdown_count: expected >= 0");
  if (o.var_horizon_periods < 1 || o.var_horizon_periods > 252)
    return bad("var_horizon_periods: expected 1..252, got " + std::to_string(o.var_horizon_periods));
  return std::nullopt;
}

namespace {

/// The report without the inception anchor and the trailing-display filter (compute_metrics adds both).
Result<MetricsReport> compute_core(const SeriesInput& in, const MetricsOptions& o) {
  const Index N = static_cast<Index>(in.dates.size());
  if (in.returns.size() != N)
    return make_error(ErrorCode::InvalidArgument, "returns: expected " + std::to_string(N) +
                                                      " values (one per date), got " +
                                                      std::to_string(in.returns.size()));
  const bool has_b = in.benchmark.size() > 0, has_fc = in.risk_free.size() > 0;
  if (has_b && in.benchmark.size() != N)
    return make_error(ErrorCode::InvalidArgument, "benchmark: expected one value per date");
  if (has_fc && in.risk_free.size() != N)
    return make_error(ErrorCode::InvalidArgument, "risk_free: expected one value per date");
  {
    bool unsorted = false;  // no early exit: the check vectorizes
    for (size_t i = 1; i < in.dates.size(); ++i) unsorted |= in.dates[i] <= in.dates[i - 1];
    if (unsorted) return make_error(ErrorCode::InvalidArgument, "dates: expected strictly increasing dates");
  }

  MetricsReport rep;
  Builder B(rep);
  const int P = o.periods_per_year > 0 ? o.periods_per_year : periods_per_year(infer_frequency(in.dates));
  const double Pd = P;
  rep.periods_per_year = P;
  auto per_period = [&](double annual) {
    return o.rf_deannualize == Deannualize::Geometric ? std::pow(1.0 + annual, 1.0 / Pd) - 1.0 : annual / Pd;
  };
  const double f_const = per_period(o.rf_annual);
  const double tau = per_period(o.mar_annual);
  const double omega_l = per_period(o.omega_threshold_annual);
  const bool v208 = o.pa_version == PaVersion::V2_0_8;

  // ---- complete cases -------------------------------------------------------------------------
  Gathered g, gr;  // own rows; relative rows (with benchmark)
  // Fast path: no NaN in the inputs (a NaN-free sum proves it) → every row is used, bulk copies.
  auto nan_free = [](const Vec& v) {
    bool any = false;  // no early exit: the check vectorizes
    for (Index i = 0; i < v.size(); ++i) any |= std::isnan(v[i]);
    return !any;
  };
  const bool own_complete = nan_free(in.returns) && (!has_fc || nan_free(in.risk_free));
  Index n = 0, nr = 0;
  Index t0_own = 0, t0_rel = 0;  // input row of the first own / relative row
  if (own_complete) {
    n = N;
    g.dates = in.dates;
    g.r = in.returns;
    if (has_fc) g.f = in.risk_free;
    else g.f.setConstant(n, f_const);
  } else {
    g.dates.reserve(static_cast<size_t>(N));
    std::vector<Index> own_rows;
    own_rows.reserve(static_cast<size_t>(N));
    for (Index t = 0; t < N; ++t)
      if (!std::isnan(in.returns[t]) && (!has_fc || !std::isnan(in.risk_free[t]))) own_rows.push_back(t);
    n = static_cast<Index>(own_rows.size());
    if (n > 0) t0_own = own_rows.front();
    g.r.resize(n);
    g.f.resize(n);
    for (Index i = 0; i < n; ++i) {
      const Index t = own_rows[static_cast<size_t>(i)];
      g.dates.push_back(in.dates[static_cast<size_t>(t)]);
      g.r[i] = in.returns[t];
      g.f[i] = has_fc ? in.risk_free[t] : f_const;
    }
  }
  if (has_b) {
    if (own_complete && nan_free(in.benchmark)) {  // relative rows = own rows = all rows (aliased below)
      nr = n;
      gr.b = in.benchmark;
    } else {
      std::vector<Index> rel;
      for (Index t = 0; t < N; ++t)
        if (!std::isnan(in.returns[t]) && (!has_fc || !std::isnan(in.risk_free[t])) &&
            !std::isnan(in.benchmark[t]))
          rel.push_back(t);
      nr = static_cast<Index>(rel.size());
      if (nr > 0) t0_rel = rel.front();
      gr.r.resize(nr);
      gr.b.resize(nr);
      gr.f.resize(nr);
      gr.dates.reserve(rel.size());
      for (Index i = 0; i < nr; ++i) {
        const Index t = rel[static_cast<size_t>(i)];
        gr.dates.push_back(in.dates[static_cast<size_t>(t)]);
        gr.r[i] = in.returns[t];
        gr.b[i] = in.benchmark[t];
        gr.f[i] = has_fc ? in.risk_free[t] : f_const;
      }
    }
    if (nr < n) B.flag("", "partial_overlap");
  }
  // Relative rows are a subset of the own rows: the same count means the same rows (and dates).
  const bool same_rows = has_b && nr == n;
  if (same_rows) t0_rel = t0_own;
  // Relative-row views: the own rows themselves when they coincide (no copies).
  const Vec& rr = same_rows ? g.r : gr.r;
  const Vec& fr = same_rows ? g.f : gr.f;
  const std::vector<Date>& dr = same_rows ? g.dates : gr.dates;
  rep.n_periods = static_cast<int>(n);
  rep.n_relative = static_cast<int>(nr);
  if (n > 0) {
    rep.first_date = g.dates.front();
    rep.last_date = g.dates.back();
  } else {
    B.flag("", "insufficient_data");
  }
  const double* r = g.r.data();
  const Vec x = g.r - g.f;
  const double dn = static_cast<double>(n);
  // Year basis (spec §1.5): periods n/P, or calendar days from the NAV date before a window's first row to
  // its last row / 365.25. The NAV date before input row t is the previous input row's date (a return
  // spans from the previous row), before row 0 the first NAV date (start_date or the median-spacing rule).
  const bool cal = o.year_basis == YearBasis::Calendar;
  Date nav0 = 0;
  if (cal && N > 0) nav0 = first_nav_date(in, P);
  auto nav_before_input = [&](Index t) { return t > 0 ? in.dates[static_cast<size_t>(t - 1)] : nav0; };
  const Date inc_own = cal && n > 0 ? nav_before_input(t0_own) : 0;
  const Date inc_rel = cal && nr > 0 ? nav_before_input(t0_rel) : 0;
  // NAV date before used row i (own rows / relative rows).
  auto nav_before_own = [&](Index i) { return i > 0 ? g.dates[static_cast<size_t>(i - 1)] : inc_own; };
  auto nav_before_rel = [&](Index i) {
    return i > 0 ? (same_rows ? g.dates : gr.dates)[static_cast<size_t>(i - 1)] : inc_rel;
  };
  const double years_inc = cal ? (n > 0 ? calendar_years(inc_own, g.dates.back()) : kNaN) : dn / Pd;
  // Exponent of the since-inception annualization: P/n, or 1/years (calendar).
  const double e_inc = cal ? 1.0 / years_inc : Pd / dn;
  // Annual risk-free rate subtracted from annualized returns (PA Martin/Burke/Jensen/MSquared).
  const double rf_ann = has_fc ? ann_geo_e(g.f.data(), n, e_inc) : o.rf_annual;

  const Moments mr = moments(r, n);
  // Wealth index W_t (growth of $1); trailing windows use ratios of it.
  Vec wealth_path(n);
  {
    double w = 1.0;
    for (Index i = 0; i < n; ++i) wealth_path[i] = (w *= 1.0 + r[i]);
  }
  // Π(1 + x) and Σx as the Eigen reductions (x + 1).prod() and x.sum() (reduce_lanes).
  const double* xp = x.data();
  const double prod_x =
      n > 0 ? detail::reduce_lanes<1>(n, 0, [xp](Index i) { return std::array<double, 1>{xp[i] + 1.0}; },
                                      detail::Times())[0]
            : 1.0;
  const double sum_x =
      n > 0 ? detail::reduce_lanes<1>(n, 0, [xp](Index i) { return std::array<double, 1>{xp[i]}; },
                                      detail::Plus())[0]
            : 0.0;
  // With a constant risk-free rate x = r − f has the same central moments as r (exactly, in real arithmetic).
  Moments mx = mr;
  if (has_fc) mx = moments(x.data(), n);
  else mx.mean = n > 0 ? sum_x / dn : kNaN;
  auto w_at = [&](Index i) { return i < 0 ? 1.0 : wealth_path[i]; };
  const char* short2 = "insufficient_data";

  // Downside family at MAR τ.
  // One fused branch-free pass (max(τ − r, 0) is exactly 0 where r ≥ τ). When the Omega threshold equals
  // the MAR (the default, both 0) its sums are the same numbers and are not accumulated twice.
  const detail::DownsideSums ds = detail::downside_sums(r, n, tau, mr.mean);
  const double dd_sum2 = ds.dd_sum2, dd_sum1 = ds.dd_sum1, up_sum = ds.up_sum, semi2 = ds.semi2;
  const Index n_below = ds.n_below, n_above = ds.n_above;
  double om_up = 0.0, om_dn = 0.0;
  Index om_below = 0;
  const bool same_l = omega_l == tau;
  if (same_l) {
    om_up = up_sum;
    om_dn = dd_sum1;
    om_below = n_below;
  } else {
    for (Index i = 0; i < n; ++i) {
      const double v = r[i];
      om_up += v - omega_l > 0.0 ? v - omega_l : 0.0;
      om_dn += omega_l - v > 0.0 ? omega_l - v : 0.0;
      om_below += v < omega_l;
    }
  }
  Index n_positive = n_above;  // τ = 0: #{r > 0} is #{r > τ}
  if (tau != 0.0) {
    n_positive = 0;
    for (Index i = 0; i < n; ++i) n_positive += r[i] > 0.0;
  }

  // ---- returns -----------------------------------------------------------------------------
  B.put("n_periods", dn);
  B.put("years", years_inc, short2);
  const double wealth = w_at(n - 1);
  const double r_cum = wealth - 1.0;
  const double r_ann = n > 0 ? std::pow(wealth, e_inc) - 1.0 : kNaN;
  B.put("return_cumulative", n > 0 ? r_cum : kNaN, short2);
  B.put("return_annualized", r_ann, short2);
  B.put("return_annualized_arithmetic", cal ? mr.mean * dn / years_inc : Pd * mr.mean, short2);
  B.put("last_period_return", n > 0 ? r[n - 1] : kNaN, short2);

  // Calendar table (also gives the last month and % positive months).
  const MonthRuns runs(g.dates);
  {
    Index i = 0;
    size_t j = 0;  // month run of row i
    while (i < n) {
      CalendarYear cy;
      cy.year = runs.id[j] / 12;
      for (double& m : cy.months) m = kNaN;
      double wy = 1.0;
      int months_seen = 0;
      const bool first_year = rep.calendar.empty();
      while (i < n && runs.id[j] / 12 == cy.year) {
        const int id = runs.id[j];
        double wm = 1.0;
        const Index end = runs.start[j + 1];
        while (i < end) wm *= 1.0 + r[i++];
        ++j;
        cy.months[id % 12] = wm - 1.0;
        wy *= wm;
        ++months_seen;
      }
      cy.total = wy - 1.0;
      bool partial = months_seen < 12;
      if (P > 12) {  // sub-monthly data: first/last year cut inside its first/last month
        const Ymd f = ymd_from_date(g.dates.front()), l = ymd_from_date(g.dates.back());
        if (first_year && f.day > 7) partial = true;
        if (i == n && l.day < days_in_month(l.year, l.month) - 7) partial = true;
      }
      cy.partial = partial;
      rep.calendar.push_back(cy);
    }
  }
  {
    double last_month = kNaN;
    int pos = 0, cnt = 0;
    for (const auto& cy : rep.calendar)
      for (double m : cy.months)
        if (!std::isnan(m)) {
          last_month = m;
          ++cnt;
          if (m > 0.0) ++pos;
        }
    B.put("last_month_return", last_month, short2);
    B.put("pct_positive_months", cnt > 0 ? static_cast<double>(pos) / cnt : kNaN, short2);
  }
  {  // YTD: W_T / W_(last row of the previous calendar year) − 1
    double ytd = kNaN;
    if (n > 0) {
      const int yT = runs.id.back() / 12;
      size_t j = runs.size() - 1;  // first run of the last calendar year
      while (j > 0 && runs.id[j - 1] / 12 == yT) --j;
      const Index first = runs.start[j];
      double w = 1.0;
      Index i = n - 1;
      for (; i >= first; --i) w *= 1.0 + r[i];
      ytd = w - 1.0;
      if (i < 0) B.flag("return_ytd", "partial_period");
    }
    B.put("return_ytd", ytd, short2);
  }
  {
    double best = kNaN, worst = kNaN;
    Index pos = 0;
    if (n > 0) {
      best = ds.r_max;
      worst = ds.r_min;
      pos = n_positive;
    }
    B.put("best_period", best, short2);
    B.put("worst_period", worst, short2);
    B.put("pct_positive_periods", n > 0 ? static_cast<double>(pos) / dn : kNaN, short2);
  }
  for (int k : o.trailing_years) {
    const std::string s = "_" + std::to_string(k) + "y";
    const Index st = trailing_start(g.dates, P, k);
    double c = kNaN, a = kNaN, v = kNaN, rv = kNaN;
    if (st >= 0) {
      const Index m = n - st;
      c = w_at(n - 1) / w_at(st - 1) - 1.0;
      a = std::pow(1.0 + c, cal ? 1.0 / calendar_years(nav_before_own(st), g.dates.back()) : 1.0 / k) - 1.0;
      v = detail::sample_sd(r + st, m) * std::sqrt(Pd);
      rv = a / v;
    }
    B.put("return_cumulative" + s, c, short2);
    B.put("return_annualized" + s, a, short2);
    B.put("volatility_annualized" + s, v, short2);
    B.put("ret_to_vol" + s, rv, st >= 0 ? "zero_variance" : short2);
  }

  // ---- dispersion and shape ----------------------------------------------------------------------
  const char* zv_or_short = n >= 2 ? "zero_variance" : short2;
  B.put("volatility", mr.sd, short2);
  B.put("volatility_annualized", mr.sd * std::sqrt(Pd), short2);
  {
    const double g1 = (n >= 3 && mr.m2 > 0.0) ? mr.m3 / std::pow(mr.m2, 1.5) : kNaN;
    const char* w3 = n < 3 ? short2 : "zero_variance";
    B.put("skewness", g1, w3);
    B.put("skewness_fisher", g1 * std::sqrt(dn * (dn - 1.0)) / (dn - 2.0), w3);
    B.put("skewness_sample", g1 * dn * dn / ((dn - 1.0) * (dn - 2.0)), w3);
    const char* w4 = n < 4 ? short2 : "zero_variance";
    const bool ok4 = n >= 4 && mr.m2 > 0.0;
    const double kex = ok4 ? mr.m4 / (mr.m2 * mr.m2) - 3.0 : kNaN;
    const double ks = ok4 ? mr.m4 * dn / std::pow(mr.sd, 4.0) * dn * (dn + 1.0) /
                                ((dn - 1.0) * (dn - 2.0) * (dn - 3.0)) -
                                3.0 * (dn - 1.0) * (dn - 1.0) / ((dn - 2.0) * (dn - 3.0))
                          : kNaN;
    B.put("kurtosis_excess", kex, w4);
    B.put("kurtosis_sample_excess", ks, w4);
  }
  const double dd_full = n > 0 ? std::sqrt(dd_sum2 / dn) : kNaN;
  const double dd_subset = n_below > 0 ? std::sqrt(dd_sum2 / static_cast<double>(n_below)) : kNaN;
  const char* nd = n > 0 ? "no_downside" : short2;
  B.put("downside_deviation", dd_full, short2);
  if (n > 0 && n_below == 0) B.flag("downside_deviation", "no_downside");
  B.put("downside_deviation_annualized", dd_full * std::sqrt(Pd), short2);
  B.put("downside_deviation_subset", dd_subset, nd);
  {
    const double s2 = semi2;
    B.put("semi_deviation", n > 0 ? std::sqrt(s2 / dn) : kNaN, short2);
  }
  B.put("downside_potential", n > 0 ? dd_sum1 / dn : kNaN, short2);
  B.put("upside_potential_ratio",
        (up_sum / static_cast<double>(n_above)) / std::sqrt(dd_sum2 / static_cast<double>(n_below)),
        n == 0 ? short2 : (n_below == 0 ? "no_downside" : "no_upside"));
  B.put("upside_potential_ratio_full", (up_sum / dn) / std::sqrt(dd_sum2 / dn),
        n == 0 ? short2 : (n_below == 0 ? "no_downside" : "no_upside"));
  B.put("downside_frequency", n > 0 ? static_cast<double>(n_below) / dn : kNaN, short2);
  B.put("upside_frequency", n > 0 ? static_cast<double>(n_above) / dn : kNaN, short2);

  // ---- drawdowns -------------------------------------------------------------------------------
  Vec dd(n);
  detail::drawdowns_into(r, n, dd.data());
  // min(dd), Σdd² and Σ|dd| (dd.minCoeff(), squaredNorm(), cwiseAbs().sum(): reduce_lanes).
  double dd_min = kNaN, dd_ss = 0.0, dd_abs = 0.0;
  if (n > 0) {
    const double* ddp = dd.data();
    dd_min = detail::reduce_lanes<1>(n, 0, [ddp](Index i) { return std::array<double, 1>{ddp[i]}; },
                                     detail::Min())[0];
    const auto s = detail::reduce_lanes<2>(
        n, 0, [ddp](Index i) { return std::array<double, 2>{ddp[i] * ddp[i], std::fabs(ddp[i])}; },
        detail::Plus());
    dd_ss = s[0];
    dd_abs = s[1];
  }
  const double mdd = n > 0 ? std::min(0.0, dd_min) : kNaN;
  const auto episodes = detail::episodes_from_dd(dd.data(), n);
  double avg_dd = 0.0, avg_len = 0.0, avg_rec = 0.0, dd_dev = 0.0;
  for (const auto& e : episodes) {
    avg_dd += e.depth;
    avg_len += static_cast<double>(e.length);
    avg_rec += static_cast<double>(e.recovery);
    dd_dev += e.depth * e.depth;
  }
  const double ne = static_cast<double>(episodes.size());
  if (!episodes.empty()) {
    avg_dd /= ne;
    avg_len /= ne;
    avg_rec /= ne;
  }
  const double ulcer = n > 0 ? (o.ulcer_pa208_compat ? detail::ulcer_pa208(r, n)
                                                      : std::sqrt(dd_ss / dn))
                             : kNaN;
  const double pain = n > 0 ? dd_abs / dn : kNaN;
  B.put("max_drawdown", mdd, short2);
  B.put("current_drawdown", n > 0 ? dd[n - 1] : kNaN, short2);
  B.put("average_drawdown", n > 0 ? avg_dd : kNaN, short2);
  B.put("average_drawdown_length", n > 0 ? avg_len : kNaN, short2);
  B.put("average_recovery", n > 0 ? avg_rec : kNaN, short2);
  B.put("drawdown_deviation", n > 0 ? std::sqrt(dd_dev / dn) : kNaN, short2);
  B.put("drawdown_episodes", ne);
  if (n > 0 && episodes.empty())
    for (const char* k : {"max_drawdown", "average_drawdown", "average_drawdown_length", "average_recovery"})
      B.flag(k, "no_drawdown");
  B.put("ulcer_index", ulcer, short2);
  B.put("pain_index", pain, short2);

  // ---- ratios ----------------------------------------------------------------------------------
  const double sd_den = v208 ? mr.sd : mx.sd;  // Sharpe denominators: sd(r) (2.0.8) or sd(x) (2.1.0)
  const double x_ann = n > 0 ? std::pow(1.0 + (prod_x - 1.0), e_inc) - 1.0 : kNaN;  // ann_geo_e(x)
  const double vol_ann = mr.sd * std::sqrt(Pd);
  B.put("sharpe_per_period", mx.mean / sd_den, zv_or_short);
  B.put("sharpe_annualized_arithmetic", std::sqrt(Pd) * mx.mean / sd_den, zv_or_short);
  B.put("sharpe_annualized_geometric", x_ann / (sd_den * std::sqrt(Pd)), zv_or_short);
  B.put("sharpe_seed003", (r_ann - rf_ann) / vol_ann, zv_or_short);
  B.put("ret_to_vol", r_ann / vol_ann, zv_or_short);

  // Tail risk: historical from a sorted tail prefix; gaussian/modified from the moments.
  double max_alpha = tail_probability(o.starr_p);
  for (double p : o.tail_levels) max_alpha = std::max(max_alpha, tail_probability(p));
  TailPrefix tail_r, tail_x;
  tail_r.build(r, n, max_alpha, mr.mean, mr.sd);
  const bool need_tail_x = !v208 && o.starr_method == TailMethod::Historical;
  if (need_tail_x) {
    if (has_fc) {
      tail_x.build(x.data(), n, max_alpha, mx.mean, mx.sd);
    } else {  // x = r − f with constant f: the same order statistics shifted (subtraction is monotone)
      tail_x = tail_r;
      for (double& v : tail_x.low) v -= f_const;
    }
  }
  auto tail = [&](const Moments& m, const TailPrefix& tp, double p, TailMethod meth, bool es_wanted, bool oper) {
    if (meth == TailMethod::Historical) {
      double v, e;
      tp.at(tail_probability(p), v, e);
      return es_wanted ? e : v;
    }
    return es_wanted ? detail::raw_es(m, nullptr, p, meth, oper) : detail::raw_var(m, nullptr, p, meth);
  };
  auto put_tail = [&](const std::string& key, double raw, Index need, Index have = -1) {
    if ((have < 0 ? n : have) < need) return B.put(key, kNaN, short2);
    if (std::isfinite(raw) && raw <= 0.0) return B.put(key, kNaN, "inverse_risk");
    const double v = detail::tail_post(raw);
    if (std::isfinite(raw) && raw > 1.0) B.flag(key, "capped_at_one");
    B.put(key, v, "undefined");
  };
  // Horizon h > 1 (spec §2.5): Gaussian / modified with μh, σ√h, S/√h, K/h; historical on the
  // non-overlapping h-period compounded returns, blocks anchored at the last row (a leading remainder of
  // n mod h rows is dropped).
  const int H = o.var_horizon_periods;
  TailPrefix tail_h;
  Index n_blocks = n;
  double mu_h = 0, sig_h = 0, s_h = 0, k_h = 0;
  if (H > 1) {
    n_blocks = n / H;
    Vec blocks(n_blocks);
    for (Index j = 0; j < n_blocks; ++j) {
      const Index end = n - (n_blocks - 1 - j) * H;  // block j covers rows [end − H, end)
      blocks[j] = cum(r + end - H, H);
    }
    tail_h.build(blocks.data(), n_blocks, max_alpha, kNaN, kNaN);
    double s1, k1;
    detail::skew_kurt_for_tail(mr, s1, k1);
    const double hd = H;
    mu_h = mr.mean * hd;
    sig_h = std::sqrt(mr.m2) * std::sqrt(hd);
    s_h = s1 / std::sqrt(hd);
    k_h = k1 / hd;
  }
  for (double p : o.tail_levels) {
    const std::string s = level_suffix(p);
    if (H > 1) {
      double hv, he;
      tail_h.at(tail_probability(p), hv, he);
      const bool ok2 = n >= 2, ok4 = n >= 4;
      auto pv = [&](TailMethod m, bool ok) { return ok ? detail::raw_var_param(mu_h, sig_h, s_h, k_h, p, m) : kNaN; };
      auto pe = [&](TailMethod m, bool ok, bool oper) {
        return ok ? detail::raw_es_param(mu_h, sig_h, s_h, k_h, p, m, oper) : kNaN;
      };
      put_tail("var_historical_" + s, hv, 2, n_blocks);
      put_tail("var_gaussian_" + s, pv(TailMethod::Gaussian, ok2), 2);
      put_tail("var_modified_" + s, pv(TailMethod::Modified, ok4), 4);
      put_tail("es_historical_" + s, he, 2, n_blocks);
      put_tail("es_gaussian_" + s, pe(TailMethod::Gaussian, ok2, true), 2);
      put_tail("es_modified_" + s, pe(TailMethod::Modified, ok4, o.es_operational), 4);
      continue;
    }
    double hv, he;
    tail_r.at(tail_probability(p), hv, he);
    put_tail("var_historical_" + s, hv, 2);
    put_tail("var_gaussian_" + s, detail::raw_var(mr, nullptr, p, TailMethod::Gaussian), 2);
    put_tail("var_modified_" + s, detail::raw_var(mr, nullptr, p, TailMethod::Modified), 4);
    put_tail("es_historical_" + s, he, 2);
    put_tail("es_gaussian_" + s, detail::raw_es(mr, nullptr, p, TailMethod::Gaussian, true), 2);
    put_tail("es_modified_" + s, detail::raw_es(mr, nullptr, p, TailMethod::Modified, o.es_operational), 4);
  }
  {
    // Modified Sharpe / STARR: risk of x (2.1.0) or of r (2.0.8).
    const Moments& mt = v208 ? mr : mx;
    const TailPrefix& tp = v208 ? tail_r : tail_x;
    auto ratio = [&](const std::string& key, double raw, Index need, double scale) {
      if (n < need) return B.put(key, kNaN, short2);
      const double risk = detail::tail_post(raw);
      if (std::isnan(risk)) return B.put(key, kNaN, "inverse_risk");
      B.put(key, scale * mx.mean / risk, "undefined");
    };
    const std::string sm = level_suffix(o.modified_sharpe_p), ss = level_suffix(o.starr_p);
    ratio("sharpe_modified_var_" + sm, tail(mt, tp, o.modified_sharpe_p, TailMethod::Modified, false, true),
          4, 1.0);
    ratio("sharpe_modified_es_" + sm,
          tail(mt, tp, o.modified_sharpe_p, TailMethod::Modified, true, o.es_operational), 4, 1.0);
    const Index need_s = o.starr_method == TailMethod::Modified ? 4 : 2;
    const double es_s = tail(mt, tp, o.starr_p, o.starr_method, true, o.es_operational);
    ratio("starr_" + ss, es_s, need_s, 1.0);
    ratio("starr_annualized_" + ss, es_s, need_s, Pd);
  }
  {
    const double ex = mr.mean - tau;
    B.put("sortino_ratio", ex / dd_full, n == 0 ? short2 : why_div(dd_full, "no_downside"));
    B.put("sortino_ratio_annualized", std::sqrt(Pd) * ex / dd_full,
          n == 0 ? short2 : why_div(dd_full, "no_downside"));
    B.put("sortino_seed003", (r_ann - rf_ann) / (dd_subset * std::sqrt(Pd)), nd);
    B.put("omega_ratio", om_up / om_dn, n == 0 ? short2 : "no_downside");
    B.put("omega_conditional",
          1.0 + (mr.mean - omega_l) * static_cast<double>(om_below) / (dn * (om_dn / dn)),
          n == 0 ? short2 : "no_downside");
  }
  {
    double cal_r = kNaN;
    const char* why = short2;
    if (o.calmar_window_months > 0) {
      const Index m = static_cast<Index>(std::lround(o.calmar_window_months * Pd / 12.0));
      if (n >= m && m > 0) {
        Vec ddw(m);
        detail::drawdowns_into(r + n - m, m, ddw.data());
        const double mddw = std::min(0.0, ddw.minCoeff());
        cal_r = (cal ? ann_geo_e(r + n - m, m, 1.0 / calendar_years(nav_before_own(n - m), g.dates.back()))
                     : ann_geo(r + n - m, m, Pd)) /
                -mddw;
        why = "no_drawdown";
      }
    } else if (n > 0) {
      cal_r = r_ann / -mdd;
      why = "no_drawdown";
    }
    B.put("calmar_ratio", cal_r, why);
  }
  const char* nodd = n > 0 ? "no_drawdown" : short2;
  B.put("sterling_ratio", r_ann / (-mdd + o.sterling_excess), nodd);
  B.put("sterling_ratio_avg_drawdown", (r_ann - rf_ann) / -avg_dd, nodd);
  {
    const double den = n > 0 ? burke_denominator(g.r, o.burke_pa_compat) : kNaN;
    const char* why = n > 0 ? "no_downside" : short2;
    B.put("burke_ratio", (r_ann - rf_ann) / den, why);
    B.put("burke_ratio_modified", (r_ann - rf_ann) / den * std::sqrt(dn), why);
  }
  B.put("martin_ratio", (r_ann - rf_ann) / ulcer, nodd);
  B.put("pain_ratio", (r_ann - rf_ann) / pain, nodd);

  // ---- benchmark-relative ----------------------------------------------------------------------
  Vec rel_wealth_p, rel_wealth_b;
  if (has_b) {
    const Vec xr_own = same_rows ? Vec() : Vec(rr - fr);
    const Vec& xr = same_rows ? x : xr_own;  // x = r − f on the same rows
    const Vec yr = gr.b - fr;
    const char* sh = nr >= 2 ? "zero_variance" : short2;
    const detail::CovSums cs = detail::cov_sums(xr.data(), yr.data(), nr);
    const double sxx = nr >= 2 ? cs.sxx : 0.0, syy = nr >= 2 ? cs.syy : 0.0;
    const double sxy = nr >= 2 ? cs.sxy : kNaN;
    const bool const_f = !has_fc;  // then cov/var of (x, y) equal those of (r, b)
    const double bta = (nr >= 2 && syy > 0.0) ? sxy / syy : kNaN;
    const double xm = cs.mx, ym = cs.my;  // NaN when nr = 0
    const double alp = xm - bta * ym;
    // Wealth after each relative row (trailing windows, rolling excess); on the own rows it is wealth_path.
    Vec& wb = rel_wealth_b;
    wb.resize(nr);
    if (same_rows) {
      double b = 1.0;
      for (Index i = 0; i < nr; ++i) wb[i] = (b *= 1.0 + gr.b[i]);
    } else {
      rel_wealth_p.resize(nr);
      double a = 1.0, b = 1.0;
      for (Index i = 0; i < nr; ++i) {
        rel_wealth_p[i] = (a *= 1.0 + rr[i]);
        wb[i] = (b *= 1.0 + gr.b[i]);
      }
    }
    const Vec& wp = same_rows ? wealth_path : rel_wealth_p;
    // Π(1+r) − 1 once per series, shared by the annualized return and the return-minus-beta alpha (both
    // products in one pass: reduce_lanes, the order of Eigen's (r + 1).prod()).
    double cum_r = 0.0, cum_b = 0.0;
    if (nr > 0) {
      const double *rp_ = rr.data(), *bp_ = gr.b.data();
      const auto pr = detail::reduce_lanes<2>(
          nr, 0, [rp_, bp_](Index i) { return std::array<double, 2>{rp_[i] + 1.0, bp_[i] + 1.0}; },
          detail::Times());
      cum_r = pr[0] - 1.0;
      cum_b = pr[1] - 1.0;
    }
    const double e_rel =
        cal ? (nr > 0 ? 1.0 / calendar_years(inc_rel, dr.back()) : kNaN) : Pd / static_cast<double>(nr);
    const double rp = nr > 0 ? std::pow(1.0 + cum_r, e_rel) - 1.0 : kNaN;
    const double rb = nr > 0 ? std::pow(1.0 + cum_b, e_rel) - 1.0 : kNaN;
    const double rf_rel = has_fc ? ann_geo_e(fr.data(), nr, e_rel) : o.rf_annual;
    const double a_comp = std::pow(1.0 + alp, Pd) - 1.0, a_lin = Pd * alp;
    const double a_rmb = cum_r - bta * cum_b;
    auto pick_alpha = [&](double comp, double lin, double rmb) {
      switch (o.alpha_convention) {
        case AlphaConvention::OlsCompound: return comp;
        case AlphaConvention::OlsLinear: return lin;
        case AlphaConvention::ReturnMinusBeta: return rmb;
      }
      return comp;
    };
    B.put("beta", bta, sh);
    B.put("alpha", alp, sh);
    B.put("alpha_annualized", pick_alpha(a_comp, a_lin, a_rmb), sh);
    B.put("alpha_annualized_ols_compound", a_comp, sh);
    B.put("alpha_annualized_ols_linear", a_lin, sh);
    B.put("alpha_return_minus_beta", a_rmb, sh);
    double cxx = 0, cyy = 0;
    double cxy = kNaN;
    if (const_f) {
      cxx = sxx;
      cyy = syy;
      cxy = sxy;
    } else if (nr >= 2) {
      cxy = detail::cov_sum(rr.data(), gr.b.data(), nr, cxx, cyy);
    }
    const double corr = (cxx > 0.0 && cyy > 0.0) ? cxy / std::sqrt(cxx * cyy) : kNaN;
    B.put("correlation", corr, sh);
    B.put("r_squared", corr * corr, sh);
    B.put("jensen_alpha", rp - rf_rel - bta * (rb - rf_rel), sh);
    {
      const double xa = same_rows ? x_ann : ann_geo_e(xr.data(), nr, e_rel);
      double tr = kNaN;
      const char* why = sh;
      if (std::isfinite(bta)) {
        if (std::fabs(bta) < 1e-8) {
          why = "zero_beta";
        } else {
          tr = xa / bta;
          if (bta < 0.0) B.flag("treynor_ratio", "negative_beta");
        }
      }
      B.put("treynor_ratio", tr, why);
    }
    const Vec act = rr - gr.b;
    const double te = detail::active_sd(act.data(), rr.data(), gr.b.data(), nr) * std::sqrt(Pd);
    const double ap = rp - rb;
    B.put("tracking_error", te, short2);
    B.put("active_premium", ap, short2);
    B.put("excess_return_annualized", ap, short2);
    B.put("information_ratio", te > 0.0 ? ap / te : kNaN, nr >= 2 ? "zero_variance" : short2);
    B.put("benchmark_return_annualized", rb, short2);
    const double sd_b = detail::sample_sd(gr.b.data(), nr);
    const double sd_r = nr == n ? mr.sd : detail::sample_sd(rr.data(), nr);
    const double sd_xr = const_f ? sd_r : detail::sample_sd(xr.data(), nr);
    const double mean_xr = xm;
    B.put("benchmark_volatility_annualized", sd_b * std::sqrt(Pd), short2);
    // σ_pop(b)/σ_pop(r) = sd(b)/sd(r) (same n)
    const double m2 = (rp - rf_rel) * sd_b / sd_r + rf_rel;
    B.put("m_squared", m2, sh);
    B.put("m_squared_excess", m2 - rb, sh);
    B.put("m_squared_excess_geometric", (1.0 + m2) / (1.0 + rb) - 1.0, sh);
    B.put("modigliani_per_period", mean_xr / (v208 ? sd_r : sd_xr) * sd_b + (nr > 0 ? fr.mean() : kNaN),
          sh);
    {  // capture ratios (raw r and b, no Rf)
      const bool geo = o.capture_method != CaptureMethod::PaArithmetic;  // products only when needed
      const detail::CaptureSums cp = detail::capture_sums(rr.data(), gr.b.data(), nr, geo);
      const double su_r = cp.su_r, su_b = cp.su_b, sd_r = cp.sd_r, sd_b = cp.sd_b;
      const double pu_r = cp.pu_r, pu_b = cp.pu_b, pd_r = cp.pd_r, pd_b = cp.pd_b;
      const Index nu = cp.nu, nneg = cp.nneg, num_up = cp.num_up, num_dn = cp.num_dn, pct_up = cp.pct_up,
                  pct_dn = cp.pct_dn;
      const Index ndn = nr - nu;
      double up = kNaN, dnc = kNaN;
      switch (o.capture_method) {
        case CaptureMethod::PaArithmetic:
          up = su_r / su_b;
          dnc = sd_r / sd_b;
          break;
        case CaptureMethod::PaGeometric:
          up = (pu_r - 1.0) / (pu_b - 1.0);
          dnc = (pd_r - 1.0) / (pd_b - 1.0);
          break;
        case CaptureMethod::MorningstarGeometric:
          up = (std::pow(pu_r, 1.0 / nu) - 1.0) / (std::pow(pu_b, 1.0 / nu) - 1.0);
          dnc = (std::pow(pd_r, 1.0 / ndn) - 1.0) / (std::pow(pd_b, 1.0 / ndn) - 1.0);
          break;
      }
      if (nu == 0) up = kNaN;
      if (ndn == 0) dnc = kNaN;
      B.put("up_capture", up, nu == 0 ? "no_up_periods" : "zero_denominator");
      B.put("down_capture", dnc, ndn == 0 ? "no_down_periods" : "zero_denominator");
      B.put("up_number", nu ? static_cast<double>(num_up) / nu : kNaN, "no_up_periods");
      B.put("down_number", nneg ? static_cast<double>(num_dn) / nneg : kNaN, "no_down_periods");
      B.put("up_percent", nu ? static_cast<double>(pct_up) / nu : kNaN, "no_up_periods");
      B.put("down_percent", nneg ? static_cast<double>(pct_dn) / nneg : kNaN, "no_down_periods");
    }
    {  // bull / bear beta on periods with y > 0 / y < 0 (y = 0 belongs to neither)
      // Two passes (means, then centered sums) with one scalar accumulator per side and 0/1 weights (no
      // branches, no indexed accumulators); the other side adds an exact 0, so each sum sees the same
      // terms in the same order as a per-side loop.
      const detail::BullBearSums bbs = detail::bull_bear_sums(xr.data(), yr.data(), nr);
      const double* cn = bbs.cn;
      const double* cxy = bbs.cxy;
      const double* cyy = bbs.cyy;
      auto sub_beta = [&](bool bull) {
        const int sd = bull ? 0 : 1;
        if (cn[sd] < 2) return std::make_pair(kNaN, short2);
        if (cyy[sd] == 0.0) return std::make_pair(kNaN, "zero_variance");
        return std::make_pair(cxy[sd] / cyy[sd], "undefined");
      };
      const auto bu = sub_beta(true), be = sub_beta(false);
      B.put("beta_bull", bu.first, bu.second);
      B.put("beta_bear", be.first, be.second);
      B.put("timing_ratio", bu.first / be.first,
            !std::isfinite(bu.first) ? bu.second : (!std::isfinite(be.first) ? be.second : "zero_beta"));
    }
    for (int k : o.trailing_years) {
      const std::string s = "_" + std::to_string(k) + "y";
      const Index st = trailing_start(dr, P, k);
      double ab = kNaN, ex = kNaN, tek = kNaN, ir = kNaN, bk = kNaN, ck = kNaN, alk = kNaN;
      const char* why = short2;
      if (st >= 0) {
        const Index m = nr - st;
        why = m >= 2 ? "zero_variance" : short2;
        const double cp = wp[nr - 1] / (st > 0 ? wp[st - 1] : 1.0) - 1.0;
        const double cb = wb[nr - 1] / (st > 0 ? wb[st - 1] : 1.0) - 1.0;
        const double e_k = cal ? 1.0 / calendar_years(nav_before_rel(st), dr.back()) : 1.0 / k;
        const double ap_k = std::pow(1.0 + cp, e_k) - 1.0;
        ab = std::pow(1.0 + cb, e_k) - 1.0;
        ex = ap_k - ab;
        tek = detail::active_sd(act.data() + st, rr.data() + st, gr.b.data() + st, m) * std::sqrt(Pd);
        ir = tek > 0.0 ? ex / tek : kNaN;
        if (m >= 2) {
          const detail::CovSums kc = detail::cov_sums(xr.data() + st, yr.data() + st, m);
          const double kxx = kc.sxx, kyy = kc.syy, kxy = kc.sxy;
          bk = kyy > 0.0 ? kxy / kyy : kNaN;
          double qxx = kxx, qyy = kyy, qxy = kxy;
          if (!const_f) qxy = detail::cov_sum(rr.data() + st, gr.b.data() + st, m, qxx, qyy);
          ck = (qxx > 0.0 && qyy > 0.0) ? qxy / std::sqrt(qxx * qyy) : kNaN;
          const double al = kc.mx - bk * kc.my;
          alk = pick_alpha(std::pow(1.0 + al, Pd) - 1.0, Pd * al, cp - bk * cb);
        }
      }
      B.put("benchmark_return_annualized" + s, ab, short2);
      B.put("excess_return_annualized" + s, ex, short2);
      B.put("tracking_error" + s, tek, short2);
      B.put("information_ratio" + s, ir, why);
      B.put("beta" + s, bk, why);
      B.put("correlation" + s, ck, why);
      B.put("alpha" + s, alk, why);
    }
  }

  // ---- drawdown table, series -----------------------------------------------------------------
  {
    std::vector<DrawdownEpisode> sorted = episodes;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const DrawdownEpisode& a, const DrawdownEpisode& b) { return a.depth < b.depth; });
    if (static_cast<int>(sorted.size()) > o.drawdown_count) sorted.resize(static_cast<size_t>(o.drawdown_count));
    rep.drawdowns = std::move(sorted);
  }
  rep.used_dates = g.dates;
  if (o.compute_series) {
    rep.series.push_back(DatedSeries{"growth_of_1", 0, g.dates, wealth_path});
    rep.series.push_back(DatedSeries{"underwater", 0, g.dates, dd});
  }

  // ---- rolling series -------------------------------------------------------------------------
  if (o.compute_rolling) {
    const Index w = std::max<Index>(2, std::lround(o.rolling_months * Pd / 12.0));
    const std::string ms = "_" + std::to_string(o.rolling_months) + "m";
    const double wd = static_cast<double>(w), sqp = std::sqrt(Pd);
    auto make = [&](const std::string& key, const std::vector<Date>& dates, Index len, Index win) {
      DatedSeries s{key, static_cast<int>(win), {}, Vec()};
      if (len >= win) {
        s.dates.assign(dates.begin() + (win - 1), dates.begin() + len);
        s.values.resize(len - win + 1);
      } else {
        B.flag(key, "insufficient_data");
      }
      return s;
    };
    DatedSeries vol = make("rolling_volatility" + ms, g.dates, n, w);
    DatedSeries shp = make("rolling_sharpe" + ms, g.dates, n, w);
    DatedSeries bt, cr;
    // The sequential pass stores raw window sums; the divisions and square roots run afterwards as
    // vectorized array operations. Zero denominators (exact zeros from centered_ss) give non-finite
    // values, replaced by NaN with a zero_variance flag.
    // Sharpe: mean(x)/sd(x) (2.1.0) or sd(r) (2.0.8); beta on (x, y); correlation on (r, b).
    const Index nv = n >= w ? n - w + 1 : 0, nvr = has_b && nr >= w ? nr - w + 1 : 0;
    Eigen::ArrayXd ss_x, syy_b, prod_c;  // Σ(x−x̄)² (when it differs from r's), Σ(y−ȳ)², Σ(r−r̄)²·Σ(b−b̄)²
    const bool fused = has_b && nr == n && !has_fc;  // same rows, constant f: one pass over (r, b)
    const bool own_x = !fused && !v208;
    if (own_x) ss_x.resize(nv);
    if (has_b) {
      bt = make("rolling_beta" + ms, dr, nr, w);
      cr = make("rolling_correlation" + ms, dr, nr, w);
      syy_b.resize(nvr);
      prod_c.resize(nvr);
    }
    if (fused) {
      if (n >= w) {
        // The sequential pass only stores the window sums; the same per-window formulas (centered_ss,
        // s_ab − s_a·s_b/w, …) then run as vectorized array expressions, operation for operation.
        Eigen::ArrayXd sa(nv), saa(nv), sb(nv), sbb(nv), sab(nv), ca(nv);
        detail::rolling_pair_sums(r, gr.b.data(), n, w, sa.data(), saa.data(), sb.data(), sbb.data(), sab.data(),
                                  ca.data());
        const Eigen::ArrayXd vx = saa - sa * sa / wd, vy = sbb - sb * sb / wd;
        const Eigen::ArrayXd sxx = (vx <= 1e-12 * saa).select(0.0, vx);
        syy_b = (vy <= 1e-12 * sbb).select(0.0, vy);
        vol.values.array() = sxx;
        shp.values.array() = ca + sa / wd - f_const;
        bt.values.array() = sab - sa * sb / wd;
        cr.values = bt.values;
        prod_c = sxx * syy_b;
      }
    } else {
      if (n >= w)
        rolling_sums(r, x.data(), n, w, [&](Index t, const WindowSums& s) {
          const Index j = t - w + 1;
          vol.values[j] = centered_ss(s.sa, s.saa, wd);
          if (own_x) ss_x[j] = centered_ss(s.sb, s.sbb, wd);
          shp.values[j] = s.cb + s.sb / wd;
        });
      if (has_b && nr >= w) {
        const Vec xr = rr - fr, yr = gr.b - fr;
        rolling_sums(xr.data(), yr.data(), nr, w, [&](Index t, const WindowSums& s) {
          bt.values[t - w + 1] = s.sab - s.sa * s.sb / wd;
          syy_b[t - w + 1] = centered_ss(s.sb, s.sbb, wd);
        });
        rolling_sums(rr.data(), gr.b.data(), nr, w, [&](Index t, const WindowSums& s) {
          cr.values[t - w + 1] = s.sab - s.sa * s.sb / wd;
          prod_c[t - w + 1] = centered_ss(s.sa, s.saa, wd) * centered_ss(s.sb, s.sbb, wd);
        });
      }
    }
    auto nanify = [](Vec& v) {
      bool all_finite = true;  // no early exit: the check vectorizes
      for (Index i = 0; i < v.size(); ++i) all_finite &= std::isfinite(v[i]);
      if (all_finite) return false;
      bool any = false;
      for (Index i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i])) {
          v[i] = kNaN;
          any = true;
        }
      return any;
    };
    bool zs = false, zb = false, zc = false;
    if (nv > 0) {
      const double inv = 1.0 / (wd - 1.0);
      const Eigen::ArrayXd sdr = (vol.values.array() * inv).sqrt();
      if (own_x) {
        shp.values.array() = sqp * shp.values.array() / (ss_x * inv).sqrt();
      } else {
        shp.values.array() = sqp * shp.values.array() / sdr;
      }
      vol.values.array() = sdr * sqp;
      zs = nanify(shp.values);
    }
    if (nvr > 0) {
      bt.values.array() /= syy_b;
      cr.values.array() /= prod_c.sqrt();
      zb = nanify(bt.values);
      zc = nanify(cr.values);
    }
    if (zs) B.flag(shp.key, "zero_variance");
    rep.rolling.push_back(std::move(vol));
    rep.rolling.push_back(std::move(shp));
    if (has_b) {
      if (zb) B.flag(bt.key, "zero_variance");
      if (zc) B.flag(cr.key, "zero_variance");
      rep.rolling.push_back(std::move(bt));
      rep.rolling.push_back(std::move(cr));
      // Rolling k-year excess of annualized returns, at every month-end (P > 12) or every row (P ≤ 12).
      std::vector<Index> ends;  // row indexes of the evaluation points
      std::vector<int> month_id;
      if (P > 12) {
        const MonthRuns rel_runs = same_rows ? MonthRuns({}) : MonthRuns(dr);
        const MonthRuns& rr_runs = same_rows ? runs : rel_runs;
        ends.reserve(rr_runs.size());
        for (size_t j = 0; j < rr_runs.size(); ++j) ends.push_back(rr_runs.start[j + 1] - 1);
        month_id = rr_runs.id;
      }
      const Vec& wp = same_rows ? wealth_path : rel_wealth_p;
      const Vec& wb = rel_wealth_b;
      for (int k : o.rolling_excess_years) {
        DatedSeries ex{"rolling_excess_return_" + std::to_string(k) + "y", 0, {}, Vec()};
        std::vector<double> vals;
        const double inv_k = 1.0 / k;
        bool bad = false;
        auto emit = [&](Index t, Index anchor) {  // anchor = row before the window, -1 = inception
          const double wa_p = anchor >= 0 ? wp[anchor] : 1.0, wa_b = anchor >= 0 ? wb[anchor] : 1.0;
          const double gp = wp[t] / wa_p, gb = wb[t] / wa_b;
          double v;
          if (cal) {  // calendar years between the anchor NAV date and row t
            const double e = 1.0 / calendar_years(nav_before_rel(anchor + 1), dr[static_cast<size_t>(t)]);
            v = std::pow(gp, e) - std::pow(gb, e);
          } else {
            // k = 1 needs no root (pow is costly, notably in WASM); k > 1: the k-th root.
            v = k == 1 ? gp - gb : std::pow(gp, inv_k) - std::pow(gb, inv_k);
          }
          if (!std::isfinite(v)) bad = true;
          ex.dates.push_back(dr[static_cast<size_t>(t)]);
          vals.push_back(std::isfinite(v) ? v : kNaN);
        };
        if (P > 12) {
          ex.window = 12 * k;  // months
          const size_t m = ends.size();
          // month_id is strictly increasing: two pointers find the month-end exactly 12k months earlier.
          size_t j = 0;
          for (size_t i = 0; i < m; ++i) {
            const int target = month_id[i] - 12 * k;
            while (j < i && month_id[j] < target) ++j;
            if (j < i && month_id[j] == target) emit(ends[i], ends[j]);
          }
        } else {
          const Index win = static_cast<Index>(k) * P;
          ex.window = static_cast<int>(win);
          for (Index t = win - 1; t < nr; ++t) emit(t, t - win);
        }
        ex.values = Eigen::Map<const Vec>(vals.data(), static_cast<Index>(vals.size()));
        if (vals.empty()) B.flag(ex.key, "insufficient_data");
        if (bad) B.flag(ex.key, "undefined");
        rep.rolling.push_back(std::move(ex));
      }
    }
  }
  return rep;
}

/// Keys of trailing windows ending at the last row (`_Ky`), YTD and last month / period: unaffected by the
/// inception anchor.
/// "_Ky" (snprintf: GCC 12 warns falsely on "_" + std::to_string(k) here, bug 105651).
std::string year_suffix(int k) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "_%dy", k);
  return buf;
}

bool is_window_key(const std::string& key, const MetricsOptions& o) {
  if (key == "return_ytd" || key == "last_month_return" || key == "last_period_return") return true;
  for (int k : o.trailing_years) {
    const std::string s = year_suffix(k);
    if (key.size() > s.size() && key.compare(key.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

}  // namespace

void detail::apply_trailing_display(MetricsReport& rep, const std::vector<int>& trailing_years,
                                    TrailingDisplay display) {
  rep.trailing_display = display;
  if (display == TrailingDisplay::Both) return;
  std::vector<std::string> drop;
  for (int k : trailing_years) {
    const std::string s = year_suffix(k);
    auto add = [&](const char* base) {
      std::string key(base);
      key.append(s);
      drop.push_back(std::move(key));
    };
    if (display == TrailingDisplay::Cumulative) {
      add("return_annualized");
      add("benchmark_return_annualized");
      add("excess_return_annualized");
    } else {
      add("return_cumulative");
    }
  }
  auto dropped = [&](const std::string& k) { return std::find(drop.begin(), drop.end(), k) != drop.end(); };
  rep.metrics.erase(std::remove_if(rep.metrics.begin(), rep.metrics.end(),
                                   [&](const std::pair<std::string, double>& kv) { return dropped(kv.first); }),
                    rep.metrics.end());
  for (const auto& k : drop) rep.flags.erase(k);
}

std::optional<YearBasis> year_basis_from_name(const std::string& s) {
  if (s == "periods") return YearBasis::Periods;
  if (s == "calendar") return YearBasis::Calendar;
  return std::nullopt;
}

std::optional<TrailingDisplay> trailing_display_from_name(const std::string& s) {
  if (s == "both") return TrailingDisplay::Both;
  if (s == "cumulative") return TrailingDisplay::Cumulative;
  if (s == "annualised" || s == "annualized") return TrailingDisplay::Annualized;
  return std::nullopt;
}

const char* year_basis_name(YearBasis b) { return b == YearBasis::Calendar ? "calendar" : "periods"; }

const char* trailing_display_name(TrailingDisplay d) {
  switch (d) {
    case TrailingDisplay::Both: return "both";
    case TrailingDisplay::Cumulative: return "cumulative";
    case TrailingDisplay::Annualized: return "annualized";
  }
  return "both";
}

Result<MetricsReport> compute_metrics(const SeriesInput& in, const MetricsOptions& o) {
  if (auto e = validate_metrics_options(o)) return *e;
  const Index N = static_cast<Index>(in.dates.size());
  if (in.start_date && N > 0 && *in.start_date >= in.dates.front())
    return make_error(ErrorCode::InvalidArgument, "start_date: expected a date before the first return date " +
                                                      format_iso(in.dates.front()) + ", got " +
                                                      format_iso(*in.start_date));
  if (!o.inception_anchor || N == 0) {
    auto rep = compute_core(in, o);
    if (!rep) return rep;
    rep->year_basis = o.year_basis;
    rep->var_horizon_periods = o.var_horizon_periods;
    detail::apply_trailing_display(*rep, o.trailing_years, o.trailing_display);
    return rep;
  }
  // Inception anchor: since-inception keys from the rows dated after the anchor; window keys, calendar and
  // rolling series from all rows.
  const Date anchor = *o.inception_anchor;
  const int P = o.periods_per_year > 0 ? o.periods_per_year : periods_per_year(infer_frequency(in.dates));
  const Date nav0 = first_nav_date(in, P);
  if (anchor < nav0)
    return make_error(ErrorCode::InvalidArgument, "inception_anchor: " + format_iso(anchor) +
                                                      " is before the first NAV date " + format_iso(nav0));
  if (anchor >= in.dates.back())
    return make_error(ErrorCode::InvalidArgument, "inception_anchor: " + format_iso(anchor) +
                                                      " is on or after the last date " +
                                                      format_iso(in.dates.back()) + " (no period after it)");
  MetricsOptions base = o;
  base.inception_anchor.reset();
  auto full = compute_core(in, base);
  if (!full) return full;
  MetricsReport rep = std::move(full).value();
  rep.year_basis = o.year_basis;
  rep.var_horizon_periods = o.var_horizon_periods;
  const Index k = static_cast<Index>(std::upper_bound(in.dates.begin(), in.dates.end(), anchor) - in.dates.begin());
  rep.inception_date = k > 0 ? in.dates[static_cast<size_t>(k - 1)] : nav0;
  if (k > 0) {
    SeriesInput tin;
    tin.dates.assign(in.dates.begin() + k, in.dates.end());
    const Index m = N - k;
    tin.returns = in.returns.tail(m);
    if (in.benchmark.size() > 0) tin.benchmark = in.benchmark.tail(m);
    if (in.risk_free.size() > 0) tin.risk_free = in.risk_free.tail(m);
    tin.start_date = in.dates[static_cast<size_t>(k - 1)];
    base.periods_per_year = P;
    auto part = compute_core(tin, base);
    if (!part) return part;
    MetricsReport& pr = *part;
    // Same options → same keys in the same order.
    for (size_t i = 0; i < rep.metrics.size(); ++i) {
      const std::string& key = rep.metrics[i].first;
      if (is_window_key(key, o)) continue;
      rep.metrics[i].second = pr.metrics[i].second;
      const auto it = pr.flags.find(key);
      if (it != pr.flags.end()) rep.flags[key] = it->second;
      else rep.flags.erase(key);
    }
    for (const auto& f : pr.flags[""])  // series-level flags of both row sets
      if (!rep.has_flag("", f)) rep.flags[""].push_back(f);
    rep.drawdowns = std::move(pr.drawdowns);
    rep.used_dates = std::move(pr.used_dates);
    rep.series = std::move(pr.series);
  }
  detail::apply_trailing_display(rep, o.trailing_years, o.trailing_display);
  return rep;
}

// ---------------------------------------------------------------------------------------------------
// Panel entry point
// ---------------------------------------------------------------------------------------------------

Result<PanelMetricsResult> compute_panel_metrics(const Panel& panel, const PanelMetricsRequest& req) {
  if (panel.kind != ValueKind::Returns)
    return make_error(ErrorCode::InvalidArgument, "metrics: expected a returns panel, got prices");
  if (auto e = validate_metrics_options(req.options)) return *e;
  if (req.fee_annual && (!std::isfinite(*req.fee_annual) || *req.fee_annual < 0.0 || *req.fee_annual > 1.0))
    return make_error(ErrorCode::InvalidArgument, "fee: expected an annual fraction in [0, 1]");
  Index bi = -1, fi = -1;
  if (!req.benchmark.empty()) {
    bi = panel.find(req.benchmark);
    if (bi < 0) return make_error(ErrorCode::UnknownColumn, "benchmark column '" + req.benchmark + "' not found");
  }
  if (!req.rf_column.empty()) {
    fi = panel.find(req.rf_column);
    if (fi < 0) return make_error(ErrorCode::UnknownColumn, "risk-free column '" + req.rf_column + "' not found");
  }
  std::vector<Index> cols;
  if (req.columns.empty()) {
    for (Index c = 0; c < panel.cols(); ++c)
      if (c != bi && c != fi) cols.push_back(c);
  } else {
    for (const auto& name : req.columns) {
      const Index c = panel.find(name);
      if (c < 0) return make_error(ErrorCode::UnknownColumn, "column '" + name + "' not found");
      cols.push_back(c);
    }
  }
  PanelMetricsResult out;
  MetricsOptions opt = req.options;
  if (opt.periods_per_year == 0) opt.periods_per_year = periods_per_year(infer_frequency(panel.dates));
  out.periods_per_year = opt.periods_per_year;
  out.frequency = frequency_name(infer_frequency(panel.dates));
  SeriesInput in;
  in.dates = panel.dates;
  in.start_date = req.start_date;
  if (bi >= 0) in.benchmark = panel.values.col(bi);
  if (fi >= 0) in.risk_free = panel.values.col(fi);
  for (Index c : cols) {
    ColumnMetrics cm;
    cm.name = panel.names[static_cast<size_t>(c)];
    in.returns = panel.values.col(c);
    auto g = compute_metrics(in, opt);
    if (!g) return std::move(g).error();
    cm.gross = std::move(g).value();
    if (req.fee_annual) {
      in.returns = apply_management_fee(panel.dates, panel.values.col(c), *req.fee_annual);
      auto nt = compute_metrics(in, opt);
      if (!nt) return std::move(nt).error();
      cm.net = std::move(nt).value();
    }
    out.columns.push_back(std::move(cm));
  }
  if (bi >= 0) {
    SeriesInput bin;
    bin.dates = panel.dates;
    bin.start_date = req.start_date;
    bin.returns = panel.values.col(bi);
    if (fi >= 0) bin.risk_free = panel.values.col(fi);
    auto b = compute_metrics(bin, opt);
    if (!b) return std::move(b).error();
    out.benchmark = std::move(b).value();
    out.benchmark_name = req.benchmark;
  }
  return out;
}

}  // namespace riskdial
