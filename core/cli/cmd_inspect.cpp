// riskdial inspect FILE... [--layout wide|long|auto] [--date-format auto|ymd|mdy|dmy]
//                          [--kind auto|prices|returns] [--max-ffill-days N] [--values]
// Prints the import report (ImportResult::report_json) on stdout; with --values also the parsed panel.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli_util.hpp"
#include "commands.hpp"

namespace riskdial::cli {

namespace {

Error bad_option(const std::string& key, const std::string& value, const char* expected) {
  return make_error(ErrorCode::InvalidArgument,
                    "--" + key + ": expected " + expected + ", got '" + value + "'");
}

}  // namespace

int cmd_inspect(int argc, char** argv) {
  const Args args = parse_args(argc, argv, 2, {"values"});
  if (auto e = check_known(args, {"layout", "date-format", "kind", "max-ffill-days", "values"}))
    return fail(*e);
  ImportOptions opt;
  if (auto v = args.get("layout")) {
    if (*v == "auto") opt.layout = Layout::Auto;
    else if (*v == "wide") opt.layout = Layout::Wide;
    else if (*v == "long") opt.layout = Layout::Long;
    else return fail(bad_option("layout", *v, "auto, wide or long"));
  }
  if (auto v = args.get("date-format")) {
    if (*v == "auto") opt.date_order = DateOrder::Auto;
    else if (*v == "ymd") opt.date_order = DateOrder::Ymd;
    else if (*v == "mdy") opt.date_order = DateOrder::Mdy;
    else if (*v == "dmy") opt.date_order = DateOrder::Dmy;
    else return fail(bad_option("date-format", *v, "auto, ymd, mdy or dmy"));
  }
  if (auto v = args.get("kind")) {
    if (*v == "auto") opt.kind = KindHint::Auto;
    else if (*v == "prices") opt.kind = KindHint::Prices;
    else if (*v == "returns") opt.kind = KindHint::Returns;
    else return fail(bad_option("kind", *v, "auto, prices or returns"));
  }
  if (auto v = args.get("max-ffill-days")) {
    auto d = parse_double_option("max-ffill-days", *v);
    if (!d) return fail(d.error());
    if (*d < 0 || *d != static_cast<int>(*d))
      return fail(bad_option("max-ffill-days", *v, "a whole number >= 0"));
    opt.max_ffill_days = static_cast<int>(*d);
  }
  if (args.positional.empty())
    return fail(make_error(ErrorCode::InvalidArgument, "usage: riskdial inspect FILE... [options]"));
  std::vector<SourceFile> files;
  for (const auto& path : args.positional) {
    auto f = read_source(path);
    if (!f) return fail(f.error());
    files.push_back(std::move(f).value());
  }
  auto r = import_files(files, opt);
  if (!r) return fail(r.error());
  if (!args.has("values")) {
    std::printf("%s\n", r->report_json.c_str());
    return 0;
  }
  auto j = nlohmann::ordered_json::parse(r->report_json);
  j["panel"] = nlohmann::ordered_json::parse(panel_to_json(r->panel));
  std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  return 0;
}

}  // namespace riskdial::cli
