#include "cli_util.hpp"
#include "commands.hpp"

namespace riskdial::cli {

// Stub: replaced by the issue that implements this command.
int cmd_bench_csv(int, char**) { return fail(make_error(ErrorCode::Internal, "command not implemented yet")); }

}  // namespace riskdial::cli
