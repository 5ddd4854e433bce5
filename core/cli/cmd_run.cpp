// riskdial run SCENARIO.json [--data FILE ...] [--out result.json] [--pretty] [--weights-csv FILE]
// Runs every strategy of the scenario (docs/scenario.md) and writes the result JSON to stdout or --out;
// --weights-csv also writes the weights in long format (date,strategy,asset,kind,weight; backtest.hpp).
#include <cstdio>
#include <fstream>

#include "cli_util.hpp"
#include "commands.hpp"
#include <nlohmann/json.hpp>

#include "riskdial/csv.hpp"
#include "riskdial/scenario.hpp"

namespace riskdial::cli {

int cmd_run(int argc, char** argv) {
  const Args args = parse_args(argc, argv, 2, {"pretty"});
  if (auto e = check_known(args, {"data", "out", "pretty", "weights-csv"})) return fail(*e);
  if (args.positional.size() != 1)
    return fail(make_error(ErrorCode::InvalidArgument,
                           "usage: riskdial run SCENARIO.json [--data FILE ...] [--out result.json] [--pretty] "
                           "[--weights-csv FILE]"));
  const std::string path = args.positional[0];
  auto src = read_source(path);
  if (!src) return fail(src.error());
  auto sc = parse_scenario(src->text);
  if (!sc) {
    Error e = sc.error();
    e.source = src->name + (e.source.empty() ? "" : ": " + e.source);
    return fail(e);
  }
  std::vector<std::string> files;
  for (const auto& [k, v] : args.options)
    if (k == "data") files.push_back(v);
  if (files.empty()) {
    std::string dir;
    if (auto slash = path.find_last_of('/'); slash != std::string::npos) dir = path.substr(0, slash + 1);
    for (const auto& f : sc->data_files) files.push_back(f.size() && f[0] == '/' ? f : dir + f);
  }
  if (files.empty())
    return fail(make_error(ErrorCode::InvalidArgument,
                           "no data: pass --data FILE (repeatable) or list \"data.files\" in the scenario"));
  std::vector<SourceFile> sources;
  for (const auto& f : files) {
    auto s = read_source(f);
    if (!s) return fail(s.error());
    sources.push_back(std::move(s).value());
  }
  ImportOptions io;
  io.max_ffill_days = sc->data.max_ffill_days;
  io.kind = sc->data_kind == "prices"    ? KindHint::Prices
            : sc->data_kind == "returns" ? KindHint::Returns
                                         : KindHint::Auto;
  auto imp = import_files(sources, io);
  if (!imp) return fail(imp.error());
  auto res = run_scenario(*sc, imp->panel);
  if (!res) {
    Error e = res.error();
    if (e.code == ErrorCode::InvalidScenario || e.code == ErrorCode::UnknownColumn)
      e.source = src->name + (e.source.empty() ? "" : ": " + e.source);
    return fail(e);
  }
  if (auto wf = args.get("weights-csv")) {  // written first: on failure nothing reaches stdout
    std::ofstream f(*wf, std::ios::binary);
    if (!f) return fail(make_error(ErrorCode::InvalidArgument, "cannot write file", *wf));
    f << weights_long_csv(res->strategies);
    if (!f) return fail(make_error(ErrorCode::InvalidArgument, "write failed", *wf));
  }
  const std::string out = scenario_result_to_json(*res, args.has("pretty") ? 1 : -1);
  if (auto o = args.get("out")) {
    std::ofstream f(*o, std::ios::binary);
    if (!f) return fail(make_error(ErrorCode::InvalidArgument, "cannot write file", *o));
    f << out << '\n';
    if (!f) return fail(make_error(ErrorCode::InvalidArgument, "write failed", *o));
    const nlohmann::json w{{"written", *o}, {"strategies", res->strategies.size()}};
    std::printf("%s\n", w.dump().c_str());
  } else {
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fputc('\n', stdout);
  }
  return 0;
}

}  // namespace riskdial::cli
