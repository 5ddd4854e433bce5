// Small helpers shared by the CLI subcommands: argument parsing, file reading, error reporting.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
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

/// Seeded standard normals that are identical natively and in WASM (benchmarks time the same data in both):
/// mt19937_64 is specified bit-exactly by the standard, std::normal_distribution is not (libstdc++ and libc++
/// differ), so normals come from Box–Muller on 53-bit uniforms.
class PortableNormal {
 public:
  explicit PortableNormal(std::uint64_t seed) : rng_(seed) {}
  double operator()() {
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double uniform() { return (static_cast<double>(rng_() >> 11) + 0.5) * 0x1.0p-53; }

 private:
  std::mt19937_64 rng_;
};

/// Print "error: <error.to_string()>" on stderr and return exit status 2.
int fail(const Error& error);

}  // namespace riskdial::cli
