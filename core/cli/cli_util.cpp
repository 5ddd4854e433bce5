#include "cli_util.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace riskdial::cli {

bool Args::has(const std::string& key) const {
  return std::any_of(options.begin(), options.end(), [&](const auto& kv) { return kv.first == key; });
}

std::optional<std::string> Args::get(const std::string& key) const {
  for (auto it = options.rbegin(); it != options.rend(); ++it)
    if (it->first == key) return it->second;
  return std::nullopt;
}

Args parse_args(int argc, char** argv, int first, const std::vector<std::string>& flags) {
  Args a;
  for (int i = first; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0 && s.size() > 2) {
      std::string key = s.substr(2), value;
      if (auto eq = key.find('='); eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
      } else if (std::find(flags.begin(), flags.end(), key) == flags.end() && i + 1 < argc &&
                 std::string(argv[i + 1]).rfind("--", 0) != 0) {
        value = argv[++i];
      }
      a.options.emplace_back(key, value);
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::optional<Error> check_known(const Args& args, const std::vector<std::string>& known) {
  for (const auto& [k, v] : args.options)
    if (std::find(known.begin(), known.end(), k) == known.end())
      return make_error(ErrorCode::InvalidArgument, "unknown option --" + k);
  return std::nullopt;
}

Result<SourceFile> read_source(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::InvalidArgument, "cannot open file", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string name = path;
  if (auto slash = name.find_last_of('/'); slash != std::string::npos) name = name.substr(slash + 1);
  return SourceFile{name, ss.str()};
}

Result<double> parse_double_option(const std::string& key, const std::string& value) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || errno != 0 || end != value.c_str() + value.size())
    return make_error(ErrorCode::InvalidArgument,
                      "--" + key + ": expected a number, got '" + value + "'");
  return v;
}

int fail(const Error& error) {
  std::fprintf(stderr, "error: %s\n", error.to_string().c_str());
  return 2;
}

}  // namespace riskdial::cli
