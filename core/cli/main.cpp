// riskdial — native command-line front end to the engine (tests and benchmarks use it).
#include <cstdio>
#include <cstring>

#include "commands.hpp"

namespace {

struct Command {
  const char* name;
  int (*fn)(int, char**);
  const char* summary;
};

constexpr Command kCommands[] = {
    {"inspect", riskdial::cli::cmd_inspect, "import CSV files and print the import report (JSON)"},
    {"metrics", riskdial::cli::cmd_metrics, "compute the metrics suite for a CSV (JSON)"},
    {"optimize", riskdial::cli::cmd_optimize, "optimize portfolio weights (JSON)"},
    {"run", riskdial::cli::cmd_run, "run a scenario backtest (JSON)"},
    {"bench-csv", riskdial::cli::cmd_bench_csv, "benchmark: CSV parsing throughput"},
    {"bench-metrics", riskdial::cli::cmd_bench_metrics, "benchmark: full metrics suite"},
    {"bench-optimize", riskdial::cli::cmd_bench_optimize, "benchmark: optimizer solves"},
    {"bench-backtest", riskdial::cli::cmd_bench_backtest, "benchmark: strategy backtests"},
};

void usage(std::FILE* out) {
  std::fprintf(out, "usage: riskdial COMMAND [ARGS]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(out, "  %-15s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  for (const auto& c : kCommands)
    if (!std::strcmp(argv[1], c.name)) return c.fn(argc, argv);
  std::fprintf(stderr, "error: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
