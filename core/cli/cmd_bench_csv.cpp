// riskdial bench-csv [--quick] [--only NAME_PART]: CSV import throughput on a seeded synthetic 400-column × 6,500-row daily
// price file generated in memory (the whole import_files call is timed: parse, dates, merge, fill, report).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "cli_util.hpp"
#include "commands.hpp"

namespace riskdial::cli {

namespace {

// Geometric random walks, 4 decimals; every 10th asset starts later (leading empty cells).
std::string make_csv(int cols, int rows, char delim, char decimal, std::uint64_t seed) {
  PortableNormal z(seed);  // same data natively and in WASM
  std::vector<double> price(static_cast<size_t>(cols));
  std::vector<int> start(static_cast<size_t>(cols));
  for (int c = 0; c < cols; ++c) {
    price[static_cast<size_t>(c)] = 20.0 + 180.0 * z.uniform();
    start[static_cast<size_t>(c)] = c % 10 == 9 ? rows / 3 : 0;
  }
  std::string out;
  out.reserve(static_cast<size_t>(rows) * static_cast<size_t>(cols) * 10);
  out += "Date";
  for (int c = 0; c < cols; ++c) {
    out += delim;
    out += "SIM_" + std::to_string(c);
  }
  out += '\n';
  Date day = date_from_ymd(2000, 1, 3);
  char buf[64];
  for (int r = 0; r < rows; ++r) {
    while (iso_weekday(day) > 5) ++day;
    out += format_iso(day);
    for (int c = 0; c < cols; ++c) {
      out += delim;
      double& p = price[static_cast<size_t>(c)];
      p *= std::exp(0.0002 + 0.015 * z());
      if (r < start[static_cast<size_t>(c)]) continue;
      const int n = std::snprintf(buf, sizeof buf, "%.4f", p);
      if (decimal != '.')
        std::replace(buf, buf + n, '.', decimal);
      out.append(buf, static_cast<size_t>(n));
    }
    out += '\n';
    ++day;
  }
  return out;
}

}  // namespace

int cmd_bench_csv(int argc, char** argv) {
  const Args args = parse_args(argc, argv, 2, {"quick"});
  if (auto e = check_known(args, {"quick", "only"})) return fail(*e);
  const std::string only = args.get("only").value_or("");  // run only cases whose name contains this
  const bool quick = args.has("quick");
  const int reps = quick ? 2 : 9;
  struct Case {
    const char* name;
    char delim, decimal;
  };
  const Case cases[] = {{"wide_400x6500_comma", ',', '.'}, {"wide_400x6500_semicolon_decimal_comma", ';', ','}};
  nlohmann::ordered_json out;
  out["benchmark"] = "csv";
  out["cases"] = nlohmann::ordered_json::array();
  for (const Case& k : cases) {
    if (!only.empty() && std::string(k.name).find(only) == std::string::npos) continue;
    const std::vector<SourceFile> files{SourceFile{"bench.csv", make_csv(400, 6500, k.delim, k.decimal, 20241121)}};
    const double mb = static_cast<double>(files[0].text.size()) / 1e6;
    std::vector<double> ms, cpu;
    Index rows = 0, cols = 0;
    for (int i = 0; i < reps; ++i) {
      const std::clock_t c0 = std::clock();
      const auto t0 = std::chrono::steady_clock::now();
      auto r = import_files(files, ImportOptions{});
      const auto t1 = std::chrono::steady_clock::now();
      cpu.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
      if (!r) return fail(r.error());
      rows = r->panel.rows();
      cols = r->panel.cols();
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2], best = ms.front();
    nlohmann::ordered_json c;
    c["name"] = k.name;
    c["median_ms"] = median;
    c["min_ms"] = best;
    c["reps"] = reps;
    c["min_cpu_ms"] = *std::min_element(cpu.begin(), cpu.end());  // process CPU time: robust on a busy machine
    c["megabytes"] = mb;
    c["mb_per_s"] = mb / (median / 1000.0);
    c["mb_per_s_best"] = mb / (best / 1000.0);
    c["rows"] = rows;
    c["columns"] = cols;
    out["cases"].push_back(std::move(c));
  }
  std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace riskdial::cli
