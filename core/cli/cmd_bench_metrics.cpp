// riskdial bench-metrics [--quick] — times the full metrics suite (every key, all rolling series) for
// 400 daily series × 25 years against a benchmark, on seeded synthetic data generated in memory.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <cstdio>
#include <random>
#include <string>
#include <vector>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli_util.hpp"
#include "commands.hpp"
#include "riskdial/metrics.hpp"

namespace riskdial::cli {

int cmd_bench_metrics(int argc, char** argv) {
  const Args args = parse_args(argc, argv, 2, {"quick"});
  if (auto e = check_known(args, {"quick"})) return fail(*e);
  const bool quick = args.has("quick");
#if defined(__GLIBC__)
  // Each series' report (~1 MB of rolling series, dates and scratch) is freed before the next one; with
  // glibc's default 128 KB trim threshold every free shrinks the heap and the next series page-faults it
  // back in (≈ 70–180 faults per series, a third of the CPU time spent in the kernel zeroing pages). A
  // long-lived process (and WASM, whose memory never shrinks) keeps the heap, so the bench does too.
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
  const int n_series = 400, reps = quick ? 2 : 7;

  // 25 years of weekday dates, 252-ish per year.
  std::vector<Date> dates;
  for (Date d = date_from_ymd(2000, 1, 3); dates.size() < 25 * 252; ++d)
    if (iso_weekday(d) <= 5) dates.push_back(d);
  const Index n = static_cast<Index>(dates.size());
  PortableNormal nd(20240601);  // same data natively and in WASM
  Vec bench(n);
  for (Index i = 0; i < n; ++i) bench[i] = 0.0003 + 0.011 * nd();
  Mat series(n, n_series);
  for (int c = 0; c < n_series; ++c) {
    const double b = 0.3 + 1.2 * (c % 10) / 10.0, vol = 0.004 + 0.0002 * (c % 37);
    for (Index i = 0; i < n; ++i) series(i, c) = 0.0001 + b * bench[i] + vol * nd();
  }
  MetricsOptions opt;
  opt.periods_per_year = 252;
  opt.rf_annual = 0.02;

#if defined(__GLIBC__)
  const char* glibc_trim_off = "true";
#else
  const char* glibc_trim_off = "false";
#endif
  std::vector<double> times, cpu;
  double checksum = 0.0;
  std::size_t keys = 0, rolling_points = 0;
  for (int rep = 0; rep < reps; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    const std::clock_t c0 = std::clock();
    SeriesInput in;
    in.dates = dates;
    in.benchmark = bench;
    double cs = 0.0;
    for (int c = 0; c < n_series; ++c) {
      in.returns = series.col(c);
      auto r = compute_metrics(in, opt);
      if (!r) return fail(r.error());
      cs += r->get("sharpe_annualized_geometric");
      keys = r->metrics.size();
      rolling_points = 0;
      for (const auto& s : r->rolling) rolling_points += static_cast<std::size_t>(s.values.size());
    }
    const auto t1 = std::chrono::steady_clock::now();
    times.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    cpu.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
    checksum = cs;
  }
  // JSON serialization of one report, for scale (not part of the timed suite).
  SeriesInput in;
  in.dates = dates;
  in.benchmark = bench;
  in.returns = series.col(0);
  auto one = compute_metrics(in, opt);
  const auto j0 = std::chrono::steady_clock::now();
  const std::string js = metrics_to_json(*one);
  const double json_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - j0).count();

  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted[sorted.size() / 2], min = sorted.front();
  std::sort(cpu.begin(), cpu.end());
  const double cpu_median = cpu[cpu.size() / 2];
  std::printf(
      "{\"benchmark\": \"metrics\", \"cases\": [{\"name\": \"full_suite_400x25y_daily\", \"median_ms\": %.3f, "
      "\"min_ms\": %.3f, \"cpu_median_ms\": %.3f, \"reps\": %d, \"series\": %d, \"periods\": %lld, \"keys_per_series\": %zu, "
      "\"rolling_points_per_series\": %zu, \"glibc_trim_off\": %s, \"json_one_series_ms\": %.3f, \"json_bytes_one_series\": %zu, "
      "\"checksum\": %.12g}]}\n",
      median, min, cpu_median, reps, n_series, static_cast<long long>(n), keys, rolling_points, glibc_trim_off, json_ms, js.size(), checksum);
  return 0;
}

}  // namespace riskdial::cli
