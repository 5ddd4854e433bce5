// Small helpers shared by the CLI subcommands: argument parsing, file reading, error reporting.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "riskdial/csv.hpp"
#include "riskdial/error.hpp"

namespace riskdial::cli {

/// Parsed command line: positional arguments and --key value / --key=value / --flag options.
struct Args {
  std::vector<std::string> positional;
  std::vector<std::pair<std::string, std::string>> options;  ///< in order; flags have value ""

  bool has(const std::string& key) const;
  std::optional<std::string> get(const std::string& key) const;
};

/// Parse argv[first..]; every "--x" takes the next argument as its value unless it is listed in `flags`
/// or the next argument also starts with "--". Unknown keys are rejected by check_known().
Args parse_args(int argc, char** argv, int first, const std::vector<std::string>& flags = {});
/// Error for any option not in `known` (InvalidArgument naming the option).
std::optional<Error> check_known(const Args& args, const std::vector<std::string>& known);

/// Read a whole file (binary-safe). Errors name the file.
Result<SourceFile> read_source(const std::string& path);
/// Parse a number option; error names the option and the expected form.
Result<double> parse_double_option(const std::string& key, const std::string& value);

/// Print "error: <error.to_string()>" on stderr and return exit status 2.
int fail(const Error& error);

}  // namespace riskdial::cli
