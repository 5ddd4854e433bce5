// riskdial/metrics.hpp — the metrics suite (spec §2): returns, dispersion, ratios, drawdowns, tail risk,
// benchmark-relative statistics, trailing windows, calendar tables and rolling series.
//
// Conventions (spec §0.3, §1, Appendix C — R PerformanceAnalytics 2.1.0 by default):
//  * Inputs are simple decimal returns per period (0.01 = +1 %), NaN = missing. The building-block
//    functions below take NaN-free vectors (the caller drops NaN, as PA `na.omit`); compute_metrics()
//    drops NaN itself (complete cases of series, risk-free and, for relative metrics, benchmark).
//  * `periods_per_year` (P) is always explicit: 252 daily, 52 weekly, 12 monthly, 4 quarterly, 1 annual.
//  * sd = sample standard deviation (n − 1); moments for VaR/ES/skewness/kurtosis are population (n).
//  * VaR and ES are positive losses (PA invert = FALSE); drawdowns are ≤ 0 (spec §1.10).
//  * Undefined values are NaN (or ±Inf from IEEE division); MetricsReport pairs every such value with a
//    flag and the JSON writer emits null.
//
// Implemented: every key listed in docs/metrics.md. Entry points: compute_metrics() for one series (the
// backtest engine), compute_panel_metrics() for a panel (CLI, WASM), and the *_to_json serializers.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "riskdial/date.hpp"
#include "riskdial/error.hpp"
#include "riskdial/panel.hpp"
#include "riskdial/types.hpp"

namespace riskdial {

// ---------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------

/// VaR / ES estimation method (PA `method=`).
enum class TailMethod { Historical, Gaussian, Modified };
/// Annualized-alpha convention (spec §2.4).
enum class AlphaConvention { OlsCompound, OlsLinear, ReturnMinusBeta };
/// Up/down capture: PA arithmetic Σr/Σb (spec default), PA 2.1.0 geometric (Π(1+r)−1)/(Π(1+b)−1),
/// Morningstar geometric-mean ratio.
enum class CaptureMethod { PaArithmetic, PaGeometric, MorningstarGeometric };
/// Which PA release's conventions the Sharpe family follows (spec §0.2): 2.1.0 divides by sd(r − f) and
/// evaluates the modified-Sharpe/STARR risk on r − f; 2.0.8 uses sd(r) and the risk of r.
enum class PaVersion { V2_1_0, V2_0_8 };
/// How years are counted in annualized returns (spec §1.5, §6.1 `year_basis`): `Periods` = n/P (PA),
/// `Calendar` = calendar days between the NAV date before the first return and the last date / 365.25.
/// Volatility and other √P / P scalings of per-period quantities do not depend on it.
enum class YearBasis { Periods, Calendar };
/// Which trailing-window return keys are emitted (spec §6.2 `trailing_display`): cumulative
/// (`return_cumulative_Ky`), annualized (`return_annualized_Ky`, `benchmark_return_annualized_Ky`,
/// `excess_return_annualized_Ky`) or both (default).
enum class TrailingDisplay { Both, Cumulative, Annualized };

/// Option names of the spec (§6.1/§6.2), shared by the CLI and the scenario parser; nullopt = unknown name.
/// trailing_display accepts both spellings `annualised` and `annualized`.
std::optional<YearBasis> year_basis_from_name(const std::string& s);
std::optional<TrailingDisplay> trailing_display_from_name(const std::string& s);
const char* year_basis_name(YearBasis b);
const char* trailing_display_name(TrailingDisplay d);

struct MetricsOptions {
  int periods_per_year = 0;        ///< P; 0 = infer from the dates (spec §1.3)
  double rf_annual = 0.0;          ///< constant annual risk-free rate (used when no risk-free column)
  Deannualize rf_deannualize = Deannualize::Geometric;  ///< also applied to mar_annual / omega
  double mar_annual = 0.0;         ///< MAR for Sortino, downside deviation, UPR (annual; per period inside)
  double omega_threshold_annual = 0.0;  ///< Omega threshold L (annual; per period inside)
  std::vector<double> tail_levels = {0.95, 0.99};  ///< confidence levels p for the VaR/ES keys
  bool es_operational = true;      ///< modified ES: PA `operational=TRUE` (ES ≥ modified VaR)
  double modified_sharpe_p = 0.95; ///< p of the modified-VaR/ES Sharpe ratios
  double starr_p = 0.95;           ///< p of STARR
  TailMethod starr_method = TailMethod::Historical;  ///< ES method of STARR (spec §2.5 CHOICE)
  double sterling_excess = 0.10;   ///< PA SterlingRatio `excess`
  int calmar_window_months = 0;    ///< 0 = full sample (PA); Young's Calmar: 36
  bool burke_pa_compat = false;    ///< reproduce PA's BurkeRatio quirks (spec §2.3)
  bool ulcer_pa208_compat = false; ///< reproduce PA 2.0.8's percent-scale UlcerIndex bug
  PaVersion pa_version = PaVersion::V2_1_0;
  AlphaConvention alpha_convention = AlphaConvention::OlsCompound;
  CaptureMethod capture_method = CaptureMethod::PaArithmetic;
  std::vector<int> trailing_years = {1, 3, 5, 10};      ///< trailing windows (years)
  std::vector<int> rolling_excess_years = {1, 3, 5};    ///< rolling excess-return windows (years)
  int rolling_months = 12;         ///< window of rolling Sharpe / volatility / beta / correlation
  int drawdown_count = 5;          ///< number of deepest episodes reported
  bool compute_rolling = true;     ///< rolling series (cost O(n) per window)
  bool compute_series = true;      ///< growth of $1 and underwater series
  YearBasis year_basis = YearBasis::Periods;  ///< years in annualized returns: n/P or calendar days/365.25
  int var_horizon_periods = 1;     ///< h (1..252): VaR/ES over h periods (μh, σ√h, S/√h, K/h; historical
                                   ///< on non-overlapping h-period compounded returns anchored at the end)
  TrailingDisplay trailing_display = TrailingDisplay::Both;  ///< which `_Ky` return keys are emitted
  /// NAV date at which "since inception" starts (spec §6.2): since-inception keys use the returns dated
  /// after it; trailing windows, YTD, last month/period, calendar and rolling series use all rows. Unset =
  /// the first NAV date. Before the first NAV date, or on/after the last date → error.
  std::optional<Date> inception_anchor;
};

/// Check ranges (p in (0,1), years ≥ 1, …). Error names the option.
std::optional<Error> validate_metrics_options(const MetricsOptions& options);

// ---------------------------------------------------------------------------------------------------
// Building blocks. Inputs: NaN-free per-period simple returns. Outputs: NaN when undefined (n too small),
// IEEE ±Inf/NaN for zero denominators, as documented per function.
// ---------------------------------------------------------------------------------------------------

/// Arithmetic mean (1/n)Σr. n = 0 → NaN.
double mean_return(const VecRef& r);
/// Sample standard deviation (n − 1), per period (PA `StdDev`). n < 2 → NaN.
double volatility(const VecRef& r);
/// sd(r)·√P (PA `StdDev.annualized`). n < 2 → NaN.
double annualized_volatility(const VecRef& r, double periods_per_year);
/// Population central moment m_k = (1/n)Σ(r − mean)^k. n = 0 → NaN.
double central_moment(const VecRef& r, int k);
/// Π(1 + r) − 1 (PA `Return.cumulative`). n = 0 → 0.
double cumulative_return(const VecRef& r);
/// Geometric Π(1 + r)^(P/n) − 1, or arithmetic P·mean(r) (PA `Return.annualized`). n = 0 → NaN.
double annualized_return(const VecRef& r, double periods_per_year, bool geometric = true);

enum class SkewnessMethod { Moment, Fisher, Sample };
/// PA `skewness`: moment m3/m2^1.5 (default); fisher √(n(n−1))/(n−2)·moment (Excel SKEW); sample
/// Σ((r−x̄)/√m2)³·n/((n−1)(n−2)). n < 3 → NaN; m2 = 0 → NaN.
double skewness(const VecRef& r, SkewnessMethod method = SkewnessMethod::Moment);
enum class KurtosisMethod { Excess, Moment, SampleExcess, Sample };
/// PA `kurtosis`: excess m4/m2² − 3 (default); moment m4/m2²; sample_excess = unbiased G2 (Excel KURT);
/// sample Σ(r−x̄)⁴/s⁴·n(n+1)/((n−1)(n−2)(n−3)). n < 4 → NaN; m2 = 0 → NaN.
double kurtosis(const VecRef& r, KurtosisMethod method = KurtosisMethod::Excess);

/// Downside deviation at per-period MAR τ: √(Σ_{r<τ}(τ − r)² / N), N = n (full, PA default) or
/// #{r < τ} (subset). Per period, not annualized. No r < τ → 0 (subset: NaN, 0/0).
double downside_deviation(const VecRef& r, double mar, bool subset = false);
/// LPM₁: Σ_{r<τ}(τ − r)/n (PA `DownsidePotential`). Per period.
double downside_potential(const VecRef& r, double mar);
/// Downside deviation (full) with MAR = mean(r) (PA `SemiDeviation`). Per period.
double semi_deviation(const VecRef& r);
/// PA `UpsidePotentialRatio`: subset (default) [Σ_{r>τ}(r−τ)/#{r>τ}] / √(Σ_{r<τ}(τ−r)²/#{r<τ});
/// full divides both sums by n. No r < τ → +Inf.
double upside_potential_ratio(const VecRef& r, double mar, bool subset = true);
/// Omega (Keating–Shadwick, PA `Omega(method="simple")`): Σmax(r−L,0)/Σmax(L−r,0), L per period.
double omega_ratio(const VecRef& r, double threshold);
/// Sortino per period: mean(r − τ)/DownsideDeviation_full(τ) (PA `SortinoRatio`). No r < τ → ±Inf.
double sortino_ratio(const VecRef& r, double mar);

/// Sharpe per period: mean(x)/sd(x) for excess returns x (PA 2.1.0 `SharpeRatio(FUN="StdDev")`).
double sharpe_ratio(const VecRef& excess);
/// Annualized Sharpe on excess returns x (PA 2.1.0 `SharpeRatio.annualized`): geometric
/// (Π(1+x)^(P/n) − 1)/(sd(x)√P) or arithmetic √P·mean(x)/sd(x).
double sharpe_ratio_annualized(const VecRef& excess, double periods_per_year, bool geometric);

/// R `quantile(type = 7)` of an ascending-sorted vector at probability a ∈ [0, 1].
double quantile_type7(const VecRef& sorted, double a);
/// PA `.setalphaprob`: tail probability α = 1 − p for p ≥ 0.51, else p.
double tail_probability(double p);
/// Φ⁻¹(a), standard normal quantile, full double precision (Acklam + Halley step on erfc).
double normal_quantile(double a);
/// Value at risk at confidence p as a positive loss (PA `VaR(invert=FALSE)` negated), per period.
/// Historical: −Q₇(r; α). Gaussian: −μ − z·σ_pop. Modified: Cornish–Fisher with population S, K (m2 = 0 →
/// S = K = 0). A "gain" (≤ 0) → NaN (PA NA); > 1 → 1. n < 2 (historical/gaussian) or n < 4 (modified)
/// → NaN.
double value_at_risk(const VecRef& r, double p, TailMethod method);
/// Expected shortfall at confidence p as a positive loss, per period (PA `ES(invert=FALSE)` negated).
/// Historical: −mean{r < Q₇} (empty → VaR). Gaussian: −μ + σφ(z)/α. Modified: operational (default)
/// −μ − σ·min(−E/α, z_cf) or −μ + σE/α. Gain → NaN, > 1 → 1, non-finite → NaN.
double expected_shortfall(const VecRef& r, double p, TailMethod method, bool operational = true);

/// Underwater series DD_t = W_t / max(1, max_{s≤t} W_s) − 1 ≤ 0 (initial wealth 1 is a peak).
Vec drawdown_series(const VecRef& r);
/// Max drawdown min_t DD_t ≤ 0 (PA `maxDrawdown` = −this). n = 0 → 0.
double max_drawdown(const VecRef& r);

/// One drawdown episode (PA `findDrawdowns`); indexes are 0-based positions in the input vector.
struct DrawdownEpisode {
  Index from = 0;        ///< first period with DD < 0
  Index trough = 0;      ///< period of the minimum DD
  Index to = 0;          ///< first period back at DD = 0; n (one past the end) if not recovered
  bool recovered = false;
  double depth = 0.0;    ///< min DD in the episode (< 0)
  Index length = 0;      ///< to − from + 1 (PA convention, also for open episodes)
  Index to_trough = 0;   ///< trough − from + 1
  Index recovery = 0;    ///< to − trough (open: n − trough, as PA)
};
/// All episodes in time order.
std::vector<DrawdownEpisode> drawdown_episodes(const VecRef& r);
/// Ulcer index √(ΣDD_t²/n) over all periods (PA 2.1.0); pa208_compat reproduces PA 2.0.8's percent bug.
double ulcer_index(const VecRef& r, bool pa208_compat = false);
/// Pain index Σ|DD_t|/n (PA `PainIndex`).
double pain_index(const VecRef& r);
/// Burke denominator √(ΣD_j²) over maximal runs of negative returns. Exact: D_j = Π(1+r) − 1 over the
/// run, all observations. pa_compat: scan from the 2nd observation, D_j = 100·(Π(1 + r/100) − 1).
double burke_denominator(const VecRef& r, bool pa_compat = false);

/// OLS slope of x on y: Σ(x−x̄)(y−ȳ)/Σ(y−ȳ)² (PA `CAPM.beta`; pass excess returns). Var(y) = 0 → NaN.
double beta(const VecRef& x, const VecRef& y);
/// OLS intercept x̄ − β·ȳ, per period (PA `CAPM.alpha`).
double alpha(const VecRef& x, const VecRef& y);
/// Pearson correlation. Zero variance → NaN.
double correlation(const VecRef& x, const VecRef& y);
/// sd(r − b)·√P (PA `TrackingError`). n < 2 → NaN.
double tracking_error(const VecRef& r, const VecRef& b, double periods_per_year);

/// Net series after a management fee (spec §1.8 subtract_monthly): on the last row of each calendar
/// month present in `dates`, (fee_annual/12)·NAV_net(previous month end) is deducted. On monthly data this
/// is exactly r − fee/12. NaN rows stay NaN. Partial first/last months are charged in full (documented).
Vec apply_management_fee(const std::vector<Date>& dates, const VecRef& gross, double fee_annual);

// ---------------------------------------------------------------------------------------------------
// Full report for one series
// ---------------------------------------------------------------------------------------------------

/// One series to evaluate; all vectors have dates.size() entries (NaN = missing).
struct SeriesInput {
  std::vector<Date> dates;  ///< strictly increasing
  Vec returns;              ///< simple returns per period
  Vec benchmark;            ///< empty = no benchmark-relative metrics
  Vec risk_free;            ///< per-period risk-free returns; empty = options.rf_annual
  /// First NAV date (the date before the first return, e.g. the first price date) when known; must be
  /// before dates[0]. Unset: dates[0] − the median spacing of `dates`. Used by year_basis = calendar and
  /// as the earliest allowed inception_anchor.
  std::optional<Date> start_date;
};

/// A dated series (rolling statistics, growth of $1, underwater); values may be NaN (flagged).
struct DatedSeries {
  std::string key;
  int window = 0;           ///< rolling window in periods (0 for cumulative series)
  std::vector<Date> dates;
  Vec values;
};

struct CalendarYear {
  int year = 0;
  double months[12];        ///< compounded return per calendar month, NaN = no data
  double total = kNaN;      ///< Π(1+r) − 1 over the year's rows
  bool partial = false;     ///< year not fully covered by the data
};

struct MetricsReport {
  int periods_per_year = 0;
  int n_periods = 0;        ///< rows used for single-series metrics
  int n_relative = 0;       ///< rows used for benchmark-relative metrics (0 = no benchmark)
  Date first_date = 0, last_date = 0;
  std::optional<Date> inception_date;  ///< NAV date since-inception keys start from (inception_anchor set)
  YearBasis year_basis = YearBasis::Periods;                ///< options echoed in the JSON header when
  int var_horizon_periods = 1;                              ///< not the default
  TrailingDisplay trailing_display = TrailingDisplay::Both;
  std::vector<std::pair<std::string, double>> metrics;           ///< in document order
  std::map<std::string, std::vector<std::string>> flags;           ///< key ("" = whole series) → flags
  std::vector<DrawdownEpisode> drawdowns;                          ///< deepest first, ≤ drawdown_count
  std::vector<Date> used_dates;                                    ///< dates of the rows used (episodes)
  std::vector<CalendarYear> calendar;
  std::vector<DatedSeries> rolling;
  std::vector<DatedSeries> series;                                 ///< growth_of_1, underwater

  /// Value of a key, NaN if absent.
  double get(const std::string& key) const;
  /// Whether the key (or "" for the series) carries the flag.
  bool has_flag(const std::string& key, const std::string& flag) const;
};

/// Compute every metric for one series (see docs/metrics.md for the keys). Errors: size mismatch,
/// unsorted dates, invalid options. An all-NaN or short series is not an error: values are NaN + flags.
Result<MetricsReport> compute_metrics(const SeriesInput& input, const MetricsOptions& options);

/// JSON object {"metrics", "flags", "flags_by_metric", "drawdowns", "calendar_returns", "rolling",
/// "series", …} for one report. Never writes NaN/Inf: null (the flag explains why).
std::string metrics_to_json(const MetricsReport& report);

// ---------------------------------------------------------------------------------------------------
// Panel entry point (CLI and WASM)
// ---------------------------------------------------------------------------------------------------

struct PanelMetricsRequest {
  std::string benchmark;             ///< benchmark column name; empty = none
  std::string rf_column;             ///< per-period risk-free column; empty = options.rf_annual
  std::vector<std::string> columns;  ///< columns to report; empty = all but benchmark / risk-free
  std::optional<double> fee_annual;  ///< when set, a "net" report is added per column (spec §1.8)
  std::optional<Date> start_date;    ///< first NAV date of the panel, if known (SeriesInput::start_date)
  MetricsOptions options;
};

struct ColumnMetrics {
  std::string name;
  MetricsReport gross;
  std::optional<MetricsReport> net;
};

struct PanelMetricsResult {
  int periods_per_year = 0;
  std::string frequency;
  std::vector<ColumnMetrics> columns;
  std::optional<MetricsReport> benchmark;  ///< single-series metrics of the benchmark (no relative keys)
  std::string benchmark_name;
};

/// Metrics for the columns of a returns panel (kind must be Returns). Errors: unknown columns
/// (UnknownColumn), invalid options.
Result<PanelMetricsResult> compute_panel_metrics(const Panel& returns,
                                                 const PanelMetricsRequest& request);
/// {"periods_per_year", "frequency", "benchmark", "columns": {NAME: {...metrics_to_json..., "net"}}}
std::string panel_metrics_to_json(const PanelMetricsResult& result);

}  // namespace riskdial
