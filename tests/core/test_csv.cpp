// CSV import: accepted layouts and value/date forms (values asserted), see test_csv_errors.cpp for bad input.
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>

#include "riskdial/csv.hpp"

using namespace riskdial;
using Catch::Matchers::WithinRel;

namespace {

ImportResult import_one(const std::string& text, const std::string& name = "t.csv",
                        ImportOptions opt = {}) {
  auto r = import_files({SourceFile{name, text}}, opt);
  if (!r) FAIL("unexpected error: " << r.error().to_string());
  return std::move(r).value();
}

Date d(int y, int m, int day) { return date_from_ymd(y, m, day); }

}  // namespace

TEST_CASE("wide ISO CSV: dates, names, values, forward fill, report", "[csv]") {
  const auto r = import_one("Date,A,B\n2024-01-02,100,50\n2024-01-03,101,\n2024-01-04,102.5,51\n");
  const Panel& p = r.panel;
  REQUIRE(p.rows() == 3);
  REQUIRE(p.cols() == 2);
  CHECK(p.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 4)});
  CHECK(p.names == std::vector<std::string>{"A", "B"});
  CHECK(p.values(0, 0) == 100.0);
  CHECK(p.values(1, 0) == 101.0);
  CHECK(p.values(2, 0) == 102.5);
  CHECK(p.values(0, 1) == 50.0);
  CHECK(p.values(1, 1) == 50.0);  // filled from the previous price
  CHECK(p.values(2, 1) == 51.0);
  CHECK(p.kind == ValueKind::Prices);
  CHECK(p.frequency == Frequency::Daily);

  const auto j = nlohmann::json::parse(r.report_json);
  CHECK(j["rows"] == 3);
  CHECK(j["frequency"] == "daily");
  CHECK(j["kind"] == "prices");
  REQUIRE(j["columns"].size() == 2);
  CHECK(j["columns"][1]["name"] == "B");
  CHECK(j["columns"][1]["first_date"] == "2024-01-02");
  CHECK(j["columns"][1]["last_date"] == "2024-01-04");
  CHECK(j["columns"][1]["observations"] == 2);
  CHECK(j["columns"][1]["gaps_filled"] == 1);
  CHECK(j["columns"][0]["gaps_filled"] == 0);
  CHECK(j["columns"][0]["kind"] == "prices");
  CHECK(j["warnings"].is_array());
}
