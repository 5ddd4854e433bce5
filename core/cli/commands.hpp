// The riskdial command-line front end: one function per subcommand, each in its own cmd_*.cpp.
// Contract for every command: JSON on stdout; bad input → exit status 2, nothing on stdout and one line
// "error: FILE:ROW:COLUMN: message" on stderr (see cli_util.hpp: fail()).
#pragma once

namespace riskdial::cli {

int cmd_inspect(int argc, char** argv);         // issue 2: import report
int cmd_metrics(int argc, char** argv);         // issue 3: metrics suite
int cmd_optimize(int argc, char** argv);        // issue 4: optimizer
int cmd_run(int argc, char** argv);             // issues 5/6: scenario backtest
int cmd_bench_csv(int argc, char** argv);       // benchmarks (scripts/bench.sh)
int cmd_bench_metrics(int argc, char** argv);
int cmd_bench_optimize(int argc, char** argv);
int cmd_bench_backtest(int argc, char** argv);

}  // namespace riskdial::cli
