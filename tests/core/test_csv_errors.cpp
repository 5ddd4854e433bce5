// CSV import: every bad-input case gives its error code, the file, the 1-based line and field, and no result.
#include <catch2/catch.hpp>

#include <string>

#include "riskdial/csv.hpp"

using namespace riskdial;
using Catch::Matchers::Contains;

namespace {

Error import_error(const std::string& text, const std::string& name = "bad.csv", ImportOptions opt = {}) {
  auto r = import_files({SourceFile{name, text}}, opt);
  if (r.ok()) FAIL("expected an error, got a panel: " << r->report_json);
  return r.error();
}

void check_where(const Error& e, ErrorCode code, int row, int column) {
  INFO(e.to_string());
  CHECK(error_code_name(e.code) == std::string(error_code_name(code)));
  CHECK(e.source == "bad.csv");
  CHECK(e.row == row);
  CHECK(e.column == column);
}

}  // namespace

TEST_CASE("empty file (zero bytes, or only blank lines / BOM)", "[csv][errors]") {
  check_where(import_error(""), ErrorCode::EmptyFile, 1, 1);
  check_where(import_error("\xEF\xBB\xBF\r\n  \n\n"), ErrorCode::EmptyFile, 1, 1);
  CHECK_THAT(import_error("").message, Contains("expected a header"));
}

TEST_CASE("header only", "[csv][errors]") {
  check_where(import_error("Date,A,B\n"), ErrorCode::HeaderOnly, 2, 1);
  check_where(import_error("Date,A,B\r\n\r\n\r\n"), ErrorCode::HeaderOnly, 2, 1);
  check_where(import_error("Date,A,B"), ErrorCode::HeaderOnly, 2, 1);
}

TEST_CASE("no date column", "[csv][errors]") {
  const Error e = import_error("A,B\n1,2\n3,4\n");
  check_where(e, ErrorCode::NoDateColumn, 1, 1);
  CHECK_THAT(e.message, Contains("'A'"));
  CHECK_THAT(e.message, Contains("expected a column named Date"));
}

TEST_CASE("unparseable date", "[csv][errors]") {
  const Error e = import_error("Date,A\n2024-01-02,1\n2024-01-03,2\nyesterday,3\n");
  check_where(e, ErrorCode::BadDate, 4, 1);
  CHECK_THAT(e.message, Contains("'yesterday'"));
  // not a calendar date
  check_where(import_error("Date,A\n2024-01-02,1\n2024-02-30,2\n"), ErrorCode::BadDate, 3, 1);
  // empty date cell with values
  check_where(import_error("Date,A\n2024-01-02,1\n,2\n"), ErrorCode::BadDate, 3, 1);
  // date column not first
  check_where(import_error("A,Date\n1,2024-01-02\n2,2024-13-01\n"), ErrorCode::BadDate, 3, 2);
  // ymd forced on a day/month file
  ImportOptions ymd;
  ymd.date_order = DateOrder::Ymd;
  check_where(import_error("Date,A\n31/01/2024,1\n", "bad.csv", ymd), ErrorCode::BadDate, 2, 1);
}

TEST_CASE("duplicate dates", "[csv][errors]") {
  const Error e = import_error("Date,A\n2024-01-02,1\n2024-01-03,2\n2024-01-02,3\n");
  check_where(e, ErrorCode::DuplicateDate, 4, 1);
  CHECK_THAT(e.message, Contains("2024-01-02"));
  CHECK_THAT(e.message, Contains("line 2"));
  check_where(import_error("Date,A\n2024-01-02,1\n2024-01-02,1\n"), ErrorCode::DuplicateDate, 3, 1);
}

TEST_CASE("mixed date formats", "[csv][errors]") {
  check_where(import_error("Date,A\n2024-01-02,1\n01/03/2024,2\n"), ErrorCode::MixedDateFormats, 3, 1);
  check_where(import_error("Date,A\n02.01.2024,1\n03/01/2024,2\n"), ErrorCode::MixedDateFormats, 3, 1);
  // both a day > 12 in the first place and a month-position value > 12 elsewhere
  const Error e = import_error("Date,A\n13/01/2024,1\n01/14/2024,2\n");
  check_where(e, ErrorCode::MixedDateFormats, 3, 1);
  CHECK_THAT(e.message, Contains("day/month order"));
}

TEST_CASE("ambiguous day/month order is an error unless chosen", "[csv][errors]") {
  const Error e = import_error("Date,A\n03/04/2024,1\n04/04/2024,2\n");
  check_where(e, ErrorCode::AmbiguousDate, 2, 1);
  CHECK_THAT(e.message, Contains("dmy or mdy"));
}

TEST_CASE("non-numeric value", "[csv][errors]") {
  const Error e = import_error("Date,A,B\n2024-01-02,1,2\n2024-01-03,1.5,abc\n");
  check_where(e, ErrorCode::NonNumeric, 3, 3);
  CHECK_THAT(e.message, Contains("'abc'"));
  CHECK_THAT(e.message, Contains("expected a number"));
  // bad thousands grouping is not silently read as another number
  check_where(import_error("Date,A\n2024-01-02,\"1,5\"\n"), ErrorCode::NonNumeric, 2, 2);
  check_where(import_error("Date,A\n2024-01-02,inf\n"), ErrorCode::NonNumeric, 2, 2);
  check_where(import_error("Date,A\n2024-01-02,1.2.3\n"), ErrorCode::NonNumeric, 2, 2);
}

TEST_CASE("price <= 0", "[csv][errors]") {
  const Error e = import_error("Date,A,B\n2024-01-02,10,5\n2024-01-03,10.5,5.1\n2024-01-04,10.4,0\n"
                               "2024-01-05,10.6,5.2\n2024-01-08,10.7,5.3\n");
  check_where(e, ErrorCode::NonPositivePrice, 4, 3);
  CHECK_THAT(e.message, Contains("expected a price > 0, got 0"));
  ImportOptions prices;
  prices.kind = KindHint::Prices;
  check_where(import_error("Date,A\n2024-01-02,0.01\n2024-01-03,-0.02\n", "bad.csv", prices),
              ErrorCode::NonPositivePrice, 3, 2);
  // first offending cell in file order, even after sorting a descending file
  check_where(import_error("Date,A\n2024-01-05,10\n2024-01-04,-1\n2024-01-03,10.2\n2024-01-02,-2\n"
                           "2024-01-01,10.1\n2023-12-29,10.3\n2023-12-28,10.2\n",
                           "bad.csv", prices),
              ErrorCode::NonPositivePrice, 3, 2);
}

TEST_CASE("a column that is entirely empty", "[csv][errors]") {
  const Error e = import_error("Date,A,B\n2024-01-02,1,\n2024-01-03,2,NA\n");
  check_where(e, ErrorCode::EmptyColumn, 1, 3);
  CHECK_THAT(e.message, Contains("'B'"));
}

TEST_CASE("ragged rows", "[csv][errors]") {
  const Error few = import_error("Date,A,B\n2024-01-02,1,2\n2024-01-03,1\n");
  check_where(few, ErrorCode::RaggedRow, 3, 3);
  CHECK_THAT(few.message, Contains("found 2 fields, expected 3"));
  check_where(import_error("Date,A,B\n2024-01-02,1,2,3\n"), ErrorCode::RaggedRow, 2, 4);
  // line numbers count line breaks inside quoted fields
  check_where(import_error("Date,\"A\nx\",B\n2024-01-02,1,2\n2024-01-03,1\n"), ErrorCode::RaggedRow, 4, 3);
}

TEST_CASE("binary (non-text) file", "[csv][errors]") {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const Error e = import_error(png);
  check_where(e, ErrorCode::BinaryFile, 3, 1);  // the NUL is on line 3
  CHECK_THAT(e.message, Contains("0x00"));
  const std::string ctl("Date,A\n2024-01-02,1\x01\n", 21);
  check_where(import_error(ctl), ErrorCode::BinaryFile, 2, 1);
}

TEST_CASE("file over the size limit (the message states the limit)", "[csv][errors]") {
  ImportOptions opt;
  opt.max_bytes = 32;
  const Error e = import_error("Date,A\n2024-01-02,1\n2024-01-03,2\n2024-01-04,3\n2024-01-05,4\n", "bad.csv", opt);
  check_where(e, ErrorCode::FileTooLarge, 1, 1);
  CHECK_THAT(e.message, Contains("at most 32 bytes"));
  const Error big = import_error(std::string((std::size_t{256} << 20) + 1, 'x'));
  check_where(big, ErrorCode::FileTooLarge, 1, 1);
  CHECK_THAT(big.message, Contains("256.0 MiB"));
}

TEST_CASE("long format with conflicting duplicates", "[csv][errors]") {
  const Error e = import_error("date,ticker,value\n2024-01-02,A,1\n2024-01-02,B,2\n2024-01-03,A,1.1\n"
                               "2024-01-02,A,1.5\n");
  check_where(e, ErrorCode::ConflictingDuplicate, 5, 3);
  CHECK_THAT(e.message, Contains("line 2"));
  CHECK_THAT(e.message, Contains("1.5"));
  // empty ticker
  check_where(import_error("date,ticker,value\n2024-01-02,A,1\n2024-01-03,,2\n"), ErrorCode::UnknownColumn, 3, 2);
  // a ticker without numbers
  check_where(import_error("date,ticker,value\n2024-01-02,A,1\n2024-01-03,B,\n2024-01-04,A,2\n"),
              ErrorCode::EmptyColumn, 3, 3);
  // forced long layout without a ticker column
  ImportOptions lo;
  lo.layout = Layout::Long;
  check_where(import_error("Date,A\n2024-01-02,1\n", "bad.csv", lo), ErrorCode::UnknownColumn, 1, 1);
}

TEST_CASE("files that disagree where they overlap; columns of different kinds", "[csv][errors]") {
  auto r = import_files({SourceFile{"a.csv", "Date,A\n2024-01-02,1\n2024-01-03,2\n"},
                         SourceFile{"bad.csv", "Date,A\n2024-01-03,2.5\n2024-01-04,3\n"}},
                        ImportOptions{});
  REQUIRE(!r.ok());
  check_where(r.error(), ErrorCode::ConflictingDuplicate, 2, 2);
  CHECK_THAT(r.error().message, Contains("a.csv line 3"));

  const Error k = import_error("Date,P,R\n2024-01-02,100,0.01\n2024-01-03,101,-0.02\n2024-01-04,102,0.015\n"
                               "2024-01-05,101.5,-0.01\n");
  check_where(k, ErrorCode::InvalidArgument, 1, 3);
  CHECK_THAT(k.message, Contains("looks like returns"));
}

TEST_CASE("malformed quotes and duplicate names", "[csv][errors]") {
  check_where(import_error("Date,A\n2024-01-02,\"1\n"), ErrorCode::InvalidArgument, 2, 2);
  check_where(import_error("Date,A\n2024-01-02,\"1\"x\n"), ErrorCode::InvalidArgument, 2, 2);
  check_where(import_error("Date,A,A\n2024-01-02,1,2\n"), ErrorCode::InvalidArgument, 1, 3);
}

TEST_CASE("no files, bad options", "[csv][errors]") {
  auto r = import_files({}, ImportOptions{});
  REQUIRE(!r.ok());
  CHECK(r.error().code == ErrorCode::InvalidArgument);
  ImportOptions o;
  o.max_ffill_days = -1;
  auto s = import_files({SourceFile{"a.csv", "Date,A\n2024-01-02,1\n"}}, o);
  REQUIRE(!s.ok());
  CHECK(s.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("error messages keep UTF-8 text and escape raw bytes", "[csv][errors]") {
  const Error e = import_error("Date,A\n2024-01-02,f\xC3\xBCnf\n");
  check_where(e, ErrorCode::NonNumeric, 2, 2);
  CHECK_THAT(e.message, Contains("'f\xC3\xBCnf'"));
  const Error b = import_error("Date,A\n2024-01-02,f\xFCnf\n");
  CHECK_THAT(b.message, Contains("'f\\xFCnf'"));
}
