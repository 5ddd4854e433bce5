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

namespace {

nlohmann::json report(const ImportResult& r) { return nlohmann::json::parse(r.report_json); }

bool has_warning(const nlohmann::json& warnings, const std::string& needle) {
  for (const auto& w : warnings)
    if (w.get<std::string>().find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("long / tidy layout: one column per ticker on the union of dates", "[csv]") {
  const auto r = import_one(
      "date,ticker,value\n"
      "2024-01-02,AAA,10\n2024-01-02,BBB,20\n"
      "2024-01-03,AAA,11\n"
      "2024-01-04,BBB,22\n2024-01-04,AAA,12\n"
      "2024-01-05,AAA,13\n2024-01-05,BBB,23\n");
  const Panel& p = r.panel;
  REQUIRE(p.names == std::vector<std::string>{"AAA", "BBB"});
  REQUIRE(p.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 4), d(2024, 1, 5)});
  CHECK(p.values(0, 0) == 10);
  CHECK(p.values(1, 0) == 11);
  CHECK(p.values(2, 0) == 12);
  CHECK(p.values(3, 0) == 13);
  CHECK(p.values(0, 1) == 20);
  CHECK(p.values(1, 1) == 20);  // forward-filled
  CHECK(p.values(2, 1) == 22);
  CHECK(p.values(3, 1) == 23);
  const auto j = report(r);
  CHECK(j["files"][0]["layout"] == "long");
  CHECK(j["columns"][1]["observations"] == 3);
  CHECK(j["columns"][1]["gaps_filled"] == 1);
}

TEST_CASE("long layout: repeated identical rows are accepted with a warning; forced layout", "[csv]") {
  const std::string text =
      "Symbol;Date;Close\nX;2024-01-02;1,5\nX;2024-01-03;1,6\nX;2024-01-03;1,6\nY;2024-01-03;7,25\n"
      "X;2024-01-04;1,7\nY;2024-01-04;7,5\nY;2024-01-05;7,75\n";
  ImportOptions opt;
  opt.layout = Layout::Long;
  const auto r = import_one(text, "t.csv", opt);
  const Panel& p = r.panel;
  REQUIRE(p.names == std::vector<std::string>{"X", "Y"});
  REQUIRE(p.rows() == 4);
  CHECK(p.values(0, 0) == 1.5);
  CHECK(p.values(1, 0) == 1.6);
  CHECK(p.values(2, 0) == 1.7);
  CHECK(std::isnan(p.values(3, 0)));  // trailing gaps are never filled
  CHECK(std::isnan(p.values(0, 1)));  // leading gap stays missing
  CHECK(p.values(3, 1) == 7.75);
  CHECK(has_warning(report(r)["warnings"], "identical"));
}

TEST_CASE("one file per asset: name from the file or from a ticker column", "[csv]") {
  const auto r = import_one("Date,Close\n2024-01-02,100\n2024-01-03,101\n2024-01-04,99.5\n", "data/SPY.csv");
  REQUIRE(r.panel.names == std::vector<std::string>{"SPY"});
  CHECK(r.panel.values(2, 0) == 99.5);
  CHECK(report(r)["files"][0]["layout"] == "single");

  const auto t = import_one("Date,Ticker,Close\n2024-01-02,QQQ,400\n2024-01-03,QQQ,401.25\n2024-01-04,QQQ,402\n",
                            "whatever.csv");
  REQUIRE(t.panel.names == std::vector<std::string>{"QQQ"});
  CHECK(t.panel.values(1, 0) == 401.25);

  // a single column with a real asset name keeps it
  const auto n = import_one("Date,EFA\n2024-01-02,70\n2024-01-03,71\n2024-01-04,72\n", "x.csv");
  CHECK(n.panel.names == std::vector<std::string>{"EFA"});
}

TEST_CASE("Yahoo export uses Adj Close, Stooq export uses Close", "[csv]") {
  const auto y = import_one(
      "Date,Open,High,Low,Close,Adj Close,Volume\n"
      "2024-01-02,187.15,188.44,183.89,185.64,184.73,82488700\n"
      "2024-01-03,184.22,185.88,183.43,184.25,183.35,58414500\n"
      "2024-01-04,182.15,183.09,180.88,181.91,181.02,71983600\n",
      "AAPL.csv");
  REQUIRE(y.panel.names == std::vector<std::string>{"AAPL"});
  CHECK(y.panel.values(0, 0) == 184.73);
  CHECK(y.panel.values(2, 0) == 181.02);
  CHECK(report(y)["files"][0]["value_column"] == "Adj Close");
  CHECK(report(y)["files"][0]["layout"] == "ohlc");

  const auto s = import_one(
      "Date,Open,High,Low,Close,Volume\n2024-01-02,10,11,9,10.5,1000\n2024-01-03,10.5,11,10,10.75,900\n"
      "2024-01-04,10.75,12,10,11.5,1200\n",
      "spy_us_d.csv");
  REQUIRE(s.panel.names == std::vector<std::string>{"spy_us_d"});
  CHECK(s.panel.values(1, 0) == 10.75);

  // Stooq's bulk format: <TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>
  const auto b = import_one(
      "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\n"
      "SPY.US,D,20240102,000000,472.16,473.67,470.49,472.65,123623700,0\n"
      "SPY.US,D,20240103,000000,470.43,471.19,468.17,468.79,103585900,0\n"
      "QQQ.US,D,20240103,000000,400.1,401,399,400.5,1000,0\n");
  REQUIRE(b.panel.names == std::vector<std::string>{"SPY.US", "QQQ.US"});
  REQUIRE(b.panel.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3)});
  CHECK(b.panel.values(1, 0) == 468.79);
  CHECK(std::isnan(b.panel.values(0, 1)));
  CHECK(b.panel.values(1, 1) == 400.5);
}

TEST_CASE("several files merge on the union of dates; same-named columns join", "[csv]") {
  auto r = import_files({SourceFile{"a.csv", "Date,A\n2024-01-02,1\n2024-01-04,1.5\n2024-01-05,2\n"},
                         SourceFile{"b.csv", "Date,B\n2024-01-03,10\n2024-01-04,11\n2024-01-05,12\n"},
                         SourceFile{"a2.csv", "Date,A\n2024-01-05,2\n2024-01-08,3\n"}},
                        ImportOptions{});
  REQUIRE(r.ok());
  const Panel& p = r->panel;
  REQUIRE(p.names == std::vector<std::string>{"A", "B"});
  REQUIRE(p.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 4), d(2024, 1, 5),
                                       d(2024, 1, 8)});
  CHECK(p.values(0, 0) == 1);
  CHECK(p.values(1, 0) == 1);  // filled
  CHECK(p.values(2, 0) == 1.5);
  CHECK(p.values(3, 0) == 2);
  CHECK(p.values(4, 0) == 3);
  CHECK(std::isnan(p.values(0, 1)));
  CHECK(p.values(1, 1) == 10);
  CHECK(p.values(3, 1) == 12);
  CHECK(std::isnan(p.values(4, 1)));  // trailing gap: never filled
  const auto j = report(*r);
  CHECK(j["columns"][0]["source"] == "a.csv, a2.csv");
  CHECK(j["columns"][0]["observations"] == 4);
  CHECK(j["rows"] == 5);
}

TEST_CASE("returns are detected; kind can be overridden; returns are never filled", "[csv]") {
  const std::string text =
      "Date,A,B\n2024-01-31,0.01,-0.02\n2024-02-29,-0.005,0.03\n2024-03-31,0.02,\n"
      "2024-04-30,0.0,0.01\n2024-05-31,-0.01,0.015\n";
  const auto r = import_one(text);
  CHECK(r.panel.kind == ValueKind::Returns);
  CHECK(r.panel.frequency == Frequency::Monthly);
  CHECK(r.panel.values(1, 0) == -0.005);
  CHECK(std::isnan(r.panel.values(2, 1)));  // a missing return is not invented
  const auto j = report(r);
  CHECK(j["kind"] == "returns");
  CHECK(j["frequency"] == "monthly");
  CHECK(j["columns"][1]["kind"] == "returns");
  CHECK(j["columns"][1]["gaps_filled"] == 0);
  CHECK(j["columns"][1]["missing"] == 1);

  // prices that happen to be small still read as prices (small period-to-period changes)
  const auto s = import_one("Date,P\n2024-01-02,0.101\n2024-01-03,0.102\n2024-01-04,0.1015\n2024-01-05,0.103\n");
  CHECK(s.panel.kind == ValueKind::Prices);

  // smooth, tiny returns (cash, T-bills): returns, although their relative changes are small
  const auto cash = import_one("Date,CASH,BOND\n2024-01-02,0.00020,0.001\n2024-01-03,0.00021,-0.002\n"
                               "2024-01-04,0.00020,0.0005\n2024-01-05,0.00020,0.0012\n");
  CHECK(cash.panel.kind == ValueKind::Returns);
  CHECK(cash.panel.values(1, 0) == 0.00021);

  ImportOptions opt;
  opt.kind = KindHint::Returns;
  const auto o = import_one("Date,P\n2024-01-02,0.101\n2024-01-03,0.102\n2024-01-04,\n2024-01-05,0.103\n",
                            "t.csv", opt);
  CHECK(o.panel.kind == ValueKind::Returns);
  CHECK(std::isnan(o.panel.values(2, 0)));
  CHECK(has_warning(report(o)["columns"][0]["warnings"], "look like prices"));
}

TEST_CASE("percent values become decimals", "[csv]") {
  const auto r = import_one("Date,A,B\n2024-01-31,1.23%,0.5%\n2024-02-29,-0.5%,0\n2024-03-31,0%,\n"
                            "2024-04-30, 2 % ,-1.25%\n");
  const Panel& p = r.panel;
  CHECK(p.kind == ValueKind::Returns);
  CHECK_THAT(p.values(0, 0), WithinRel(0.0123, 1e-15));
  CHECK_THAT(p.values(1, 0), WithinRel(-0.005, 1e-15));
  CHECK(p.values(2, 0) == 0.0);
  CHECK_THAT(p.values(3, 0), WithinRel(0.02, 1e-15));
  CHECK(p.values(1, 1) == 0.0);  // a bare 0 in a percent column
  CHECK_THAT(p.values(3, 1), WithinRel(-0.0125, 1e-15));
  CHECK(report(r)["columns"][0]["percent"] == true);
}

TEST_CASE("thousands separators and quoted fields (names with delimiters and quotes)", "[csv]") {
  const auto r = import_one(
      "Date,\"Fund, A\",\"Big \"\"B\"\"\"\n"
      "2024-01-02,\"1,234.50\",\"12,345,678.25\"\n"
      "\"2024-01-03\",\"1,240\",12345679\n"
      "2024-01-04,1250.5,\"12,400,000\"\n");
  const Panel& p = r.panel;
  REQUIRE(p.names == std::vector<std::string>{"Fund, A", "Big \"B\""});
  CHECK(p.dates[1] == d(2024, 1, 3));
  CHECK(p.values(0, 0) == 1234.5);
  CHECK(p.values(1, 0) == 1240.0);
  CHECK(p.values(2, 0) == 1250.5);
  CHECK(p.values(0, 1) == 12345678.25);
  CHECK(p.values(1, 1) == 12345679.0);
  CHECK(p.values(2, 1) == 12400000.0);
}

TEST_CASE("decimal comma with ';' delimiter, European dates, '.' thousands", "[csv]") {
  const auto r = import_one("Datum;Fonds A;Fonds B\n02.01.2024;1.234,5;12,5\n03.01.2024;1.240,25;12,75\n"
                            "04.01.2024;1.250;13\n15.01.2024;1.260,125;13,5\n");
  const Panel& p = r.panel;
  REQUIRE(p.names == std::vector<std::string>{"Fonds A", "Fonds B"});
  CHECK(p.dates[0] == d(2024, 1, 2));
  CHECK(p.dates[3] == d(2024, 1, 15));
  CHECK(p.values(0, 0) == 1234.5);
  CHECK(p.values(1, 0) == 1240.25);
  CHECK(p.values(2, 0) == 1250.0);
  CHECK(p.values(3, 0) == 1260.125);
  CHECK(p.values(0, 1) == 12.5);
  CHECK(p.values(2, 1) == 13.0);
  const auto j = report(r);
  CHECK(j["files"][0]["delimiter"] == ";");
  CHECK(j["files"][0]["decimal"] == ",");
  CHECK(j["files"][0]["date_format"] == "DD.MM.YYYY");
}

TEST_CASE("semicolon with decimal point, tab delimiter", "[csv]") {
  const auto s = import_one("Date;A\n2024-01-02;1.5\n2024-01-03;1.25\n2024-01-04;1.75\n");
  CHECK(s.panel.values(1, 0) == 1.25);
  CHECK(report(s)["files"][0]["decimal"] == ".");
  const auto t = import_one("Date\tA\tB\n2024-01-02\t1.5\t3\n2024-01-03\t1.25\t3.5\n2024-01-04\t1.75\t4\n");
  REQUIRE(t.panel.names == std::vector<std::string>{"A", "B"});
  CHECK(t.panel.values(1, 0) == 1.25);
  CHECK(t.panel.values(2, 1) == 4.0);
  CHECK(report(t)["files"][0]["delimiter"] == "\t");
}

TEST_CASE("BOM, CRLF, blank trailing lines, rows of empty cells, missing markers", "[csv]") {
  const auto r = import_one(
      "\xEF\xBB\xBF" "Date,A,B\r\n2024-01-02,1,NA\r\n2024-01-03,2,#N/A\r\n2024-01-04,3,5\r\n"
      "2024-01-05,4,null\r\n,,\r\n\r\n\r\n");
  const Panel& p = r.panel;
  REQUIRE(p.names == std::vector<std::string>{"A", "B"});  // no BOM in the name
  REQUIRE(p.rows() == 4);
  CHECK(p.values(3, 0) == 4.0);
  CHECK(std::isnan(p.values(0, 1)));
  CHECK(std::isnan(p.values(1, 1)));
  CHECK(p.values(2, 1) == 5.0);
  CHECK(std::isnan(p.values(3, 1)));
  CHECK(report(r)["columns"][1]["first_date"] == "2024-01-04");
  CHECK(report(r)["warnings"].empty());  // trailing blank lines are normal
  const auto m = import_one("Date,A\n2024-01-02,1\n\n,\n2024-01-03,2\n");
  CHECK(m.panel.values(1, 0) == 2.0);
  CHECK(has_warning(report(m)["warnings"], "2 blank line(s) between data rows"));
}

TEST_CASE("leading empty cells: assets that start later", "[csv]") {
  const auto r = import_one("Date,OLD,NEW\n2024-01-02,10,\n2024-01-03,11,\n2024-01-04,12,50\n2024-01-05,13,51\n");
  const Panel& p = r.panel;
  CHECK(std::isnan(p.values(0, 1)));
  CHECK(std::isnan(p.values(1, 1)));
  CHECK(p.values(2, 1) == 50.0);
  const auto j = report(r);
  CHECK(j["columns"][1]["first_date"] == "2024-01-04");
  CHECK(j["columns"][1]["observations"] == 2);
  CHECK(j["columns"][1]["gaps_filled"] == 0);
}

TEST_CASE("date forms: US, European, with time, compact; day/month order from the whole column", "[csv]") {
  const auto us = import_one("Date,A\n01/30/2024,1\n01/31/2024,2\n02/01/2024,3\n");
  CHECK(us.panel.dates == std::vector<Date>{d(2024, 1, 30), d(2024, 1, 31), d(2024, 2, 1)});
  CHECK(report(us)["files"][0]["date_format"] == "MM/DD/YYYY");

  const auto eu = import_one("Date,A\n01/02/2024,1\n02/02/2024,2\n13/02/2024,3\n");  // 13 → day first
  CHECK(eu.panel.dates == std::vector<Date>{d(2024, 2, 1), d(2024, 2, 2), d(2024, 2, 13)});
  CHECK(report(eu)["files"][0]["date_format"] == "DD/MM/YYYY");

  const auto dots = import_one("Date,A\n31.01.2024,1\n29.02.2024,2\n");
  CHECK(dots.panel.dates == std::vector<Date>{d(2024, 1, 31), d(2024, 2, 29)});

  const auto t = import_one("Date,A\n2024-01-02 16:00:00,1\n2024-01-03T16:00:00Z,2\n2024-01-04,3\n");
  CHECK(t.panel.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 4)});
  CHECK(has_warning(report(t)["warnings"], "times of day"));

  const auto c = import_one("Date,A\n20240102,1\n20240103,2\n");
  CHECK(c.panel.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3)});

  const auto slash_iso = import_one("Date,A\n2024/01/02,1\n2024/1/3,2\n");
  CHECK(slash_iso.panel.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3)});

  // ambiguous column decided by the option
  const std::string amb = "Date,A\n03/04/2024,1\n04/04/2024,2\n05/04/2024,3\n";
  ImportOptions dmy;
  dmy.date_order = DateOrder::Dmy;
  CHECK(import_one(amb, "t.csv", dmy).panel.dates ==
        std::vector<Date>{d(2024, 4, 3), d(2024, 4, 4), d(2024, 4, 5)});
  ImportOptions mdy;
  mdy.date_order = DateOrder::Mdy;
  CHECK(import_one(amb, "t.csv", mdy).panel.dates ==
        std::vector<Date>{d(2024, 3, 4), d(2024, 4, 4), d(2024, 5, 4)});
  // ISO dates are read whatever the order option says
  CHECK(import_one("Date,A\n2024-01-02,1\n", "t.csv", dmy).panel.dates == std::vector<Date>{d(2024, 1, 2)});
}

TEST_CASE("descending and unsorted files are sorted, values follow their dates", "[csv]") {
  const auto r = import_one("Date,A\n2024-01-04,3\n2024-01-03,2\n2024-01-02,1\n");
  CHECK(r.panel.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 4)});
  CHECK(r.panel.values(0, 0) == 1);
  CHECK(r.panel.values(2, 0) == 3);
  CHECK(has_warning(report(r)["warnings"], "descending"));
  const auto u = import_one("Date,A\n2024-01-03,2\n2024-01-02,1\n2024-01-04,3\n");
  CHECK(u.panel.values(0, 0) == 1);
  CHECK(u.panel.values(1, 0) == 2);
  CHECK(u.panel.values(2, 0) == 3);
  CHECK(has_warning(report(u)["warnings"], "not in date order"));
}

TEST_CASE("forward fill limit (spec 1.2): gaps of max_ffill_days rows filled, longer ones not", "[csv]") {
  // A: gap of 5 rows (filled); B: gap of 6 rows (left missing, warned)
  std::string text = "Date,A,B\n";
  for (int i = 0; i < 9; ++i) {
    const bool a_missing = i >= 1 && i <= 5, b_missing = i >= 1 && i <= 6;
    text += format_iso(d(2024, 1, 2) + i) + "," + (a_missing ? "" : std::to_string(100 + i)) + "," +
            (b_missing ? "" : std::to_string(200 + i)) + "\n";
  }
  const auto r = import_one(text);
  const Panel& p = r.panel;
  for (int i = 1; i <= 5; ++i) CHECK(p.values(i, 0) == 100.0);
  for (int i = 1; i <= 6; ++i) CHECK(std::isnan(p.values(i, 1)));
  const auto j = report(r);
  CHECK(j["columns"][0]["gaps_filled"] == 5);
  CHECK(j["columns"][0]["missing"] == 0);
  CHECK(j["columns"][1]["gaps_filled"] == 0);
  CHECK(j["columns"][1]["missing"] == 6);
  CHECK(has_warning(j["columns"][1]["warnings"], "longer than 5 rows"));

  ImportOptions opt;
  opt.max_ffill_days = 6;
  const auto r6 = import_one(text, "t.csv", opt);
  CHECK(r6.panel.values(6, 1) == 200.0);
  CHECK(report(r6)["columns"][1]["gaps_filled"] == 6);
}

TEST_CASE("doctor warnings: jumps, stale runs, percent-looking returns", "[csv]") {
  const auto r = import_one(
      "Date,J,S\n2024-01-02,100,10\n2024-01-03,101,10\n2024-01-04,160,10\n2024-01-05,161,10\n"
      "2024-01-08,162,10\n2024-01-09,163,10.5\n2024-01-10,164,10.6\n");
  const auto j = report(r);
  CHECK(has_warning(j["columns"][0]["warnings"], "1 jump(s) over 50%"));
  CHECK(has_warning(j["columns"][0]["warnings"], "2024-01-04"));
  CHECK(j["columns"][0]["warnings"].size() == 1);
  CHECK(has_warning(j["columns"][1]["warnings"], "stale run"));
  CHECK(has_warning(j["columns"][1]["warnings"], "longest 5 from 2024-01-02"));

  const auto pct = import_one("Date,R\n2024-01-31,1.2\n2024-02-29,-0.8\n2024-03-31,2.5\n2024-04-30,-1.5\n");
  CHECK(pct.panel.kind == ValueKind::Returns);
  CHECK(has_warning(report(pct)["columns"][0]["warnings"], "percent numbers without a % sign"));
}


namespace {
SourceFile read_fixture(const std::string& name) {
  std::FILE* f = std::fopen((std::string(RISKDIAL_FIXTURES) + "/csv/" + name).c_str(), "rb");
  REQUIRE(f != nullptr);
  std::string s;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return SourceFile{name, s};
}
}  // namespace

TEST_CASE("realistic fixture files (tests/fixtures/csv/README.md)", "[csv]") {
  auto r = import_files({read_fixture("yahoo_SPY.csv"), read_fixture("eu_funds.csv")}, ImportOptions{});
  REQUIRE(r.ok());
  const Panel& p = r->panel;
  REQUIRE(p.names == std::vector<std::string>{"yahoo_SPY", "Fonds Europa", "Fonds Asien"});
  REQUIRE(p.dates == std::vector<Date>{d(2024, 1, 2), d(2024, 1, 3), d(2024, 1, 4), d(2024, 1, 5),
                                       d(2024, 1, 8), d(2024, 1, 9)});
  CHECK(p.values(0, 0) == 465.780487);
  CHECK(p.values(5, 0) == 466.992645);
  CHECK(p.values(0, 1) == 1215.50);  // last line of the descending file
  CHECK(p.values(4, 1) == 1230.00);
  CHECK(p.values(5, 1) == 1234.56);
  for (int i = 0; i < 4; ++i) CHECK(std::isnan(p.values(i, 2)));
  CHECK(p.values(4, 2) == 97.95);
  CHECK(p.values(5, 2) == 98.10);
  const auto j = report(*r);
  CHECK(j["files"][1]["layout"] == "wide");
  CHECK(j["files"][1]["decimal"] == ",");
  CHECK(j["files"][1]["date_format"] == "DD.MM.YYYY");
  CHECK(has_warning(j["warnings"], "eu_funds.csv: rows were in descending date order"));
  CHECK(j["columns"][2]["first_date"] == "2024-01-08");
  CHECK(has_warning(j["columns"][2]["warnings"], "only 2 observation(s)"));

  auto l = import_files({read_fixture("long_returns.csv")}, ImportOptions{});
  REQUIRE(l.ok());
  const Panel& q = l->panel;
  REQUIRE(q.names == std::vector<std::string>{"Global Bond", "World Equity"});
  CHECK(q.kind == ValueKind::Returns);
  CHECK(q.frequency == Frequency::Monthly);
  REQUIRE(q.rows() == 5);
  CHECK_THAT(q.values(0, 0), WithinRel(0.0052, 1e-15));
  CHECK_THAT(q.values(1, 1), WithinRel(-0.0235, 1e-15));
  CHECK(std::isnan(q.values(3, 0)));  // April: no return for the bond fund
  CHECK_THAT(q.values(4, 0), WithinRel(-0.004, 1e-15));
}

TEST_CASE("ambiguous day/month settled by European conventions, with a warning", "[csv]") {
  const auto dots = import_one("Date,A\n03.04.2024,1\n04.04.2024,2\n");
  CHECK(dots.panel.dates == std::vector<Date>{d(2024, 4, 3), d(2024, 4, 4)});
  CHECK(has_warning(report(dots)["warnings"], "read as day/month/year"));
  const auto comma = import_one("Date;A\n03/04/2024;1,5\n04/04/2024;2,5\n");
  CHECK(comma.panel.dates == std::vector<Date>{d(2024, 4, 3), d(2024, 4, 4)});
  CHECK(comma.panel.values(1, 0) == 2.5);
  // a dotted column whose second number exceeds 12 is month-first after all
  const auto md = import_one("Date,A\n01.30.2024,1\n01.31.2024,2\n");
  CHECK(md.panel.dates == std::vector<Date>{d(2024, 1, 30), d(2024, 1, 31)});
}

TEST_CASE("Excel sep= line; Latin-1 names are converted to UTF-8", "[csv]") {
  const auto s = import_one("sep=;\nDate;A;B\n2024-01-02;1;2\n2024-01-03;1.5;2.5\n");
  REQUIRE(s.panel.names == std::vector<std::string>{"A", "B"});
  CHECK(s.panel.values(1, 1) == 2.5);
  const auto l = import_one("Date,Soci\xE9t\xE9\n2024-01-02,10\n2024-01-03,11\n");
  REQUIRE(l.panel.names == std::vector<std::string>{"Soci\xC3\xA9t\xC3\xA9"});
  CHECK(l.panel.values(1, 0) == 11);
  CHECK(has_warning(report(l)["warnings"], "Latin-1"));
}

TEST_CASE("old Mac CR line ends, and mixed CR / LF (more rows than line feeds)", "[csv]") {
  const auto r = import_one("Date,A\r2024-01-02,1\r2024-01-03,2\r2024-01-04,3\r");
  REQUIRE(r.panel.rows() == 3);
  CHECK(r.panel.values(2, 0) == 3.0);
  std::string mixed = "Date,A,B\n";
  for (int i = 0; i < 40; ++i)
    mixed += format_iso(d(2024, 1, 1) + i) + "," + std::to_string(100 + i) + "," + std::to_string(200 + i) +
             (i % 3 == 0 ? "\n" : "\r");
  const auto m = import_one(mixed);
  REQUIRE(m.panel.rows() == 40);
  for (int i = 0; i < 40; ++i) {
    CHECK(m.panel.values(i, 0) == 100.0 + i);
    CHECK(m.panel.values(i, 1) == 200.0 + i);
  }
}
