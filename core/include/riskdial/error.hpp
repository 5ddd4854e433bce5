// riskdial/error.hpp — the engine's one failure channel for bad input: Result<T> holding an Error.
//
// The public API of core/ never throws. Bad data, bad files or bad settings produce an Error naming the
// source (file name or field), the 1-based row and column where known (0 = not applicable) and a message of
// the form "expected X, got Y". Numerical outcomes (an infeasible target, a non-binding constraint) are not
// errors: they are status values and flags inside the result types.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace riskdial {

enum class ErrorCode {
  InvalidArgument,     ///< a setting or argument is out of range / of the wrong form
  EmptyFile,           ///< zero bytes, or only whitespace
  HeaderOnly,          ///< a header line but no data rows
  NoDateColumn,        ///< no column could be read as dates
  BadDate,             ///< a date cell that cannot be parsed
  AmbiguousDate,       ///< day/month order cannot be decided and was not given
  MixedDateFormats,    ///< dates in one column use different formats
  DuplicateDate,       ///< the same date twice in one series
  NonNumeric,          ///< a value cell that is not a number
  NonPositivePrice,    ///< a price <= 0
  EmptyColumn,         ///< a value column without a single number
  RaggedRow,           ///< a row with a different number of fields than the header
  BinaryFile,          ///< not text (NUL bytes, invalid UTF-8)
  FileTooLarge,        ///< over the import size limit
  ConflictingDuplicate,///< long format: one (date, ticker) pair with two different values
  UnknownColumn,       ///< a named column (benchmark, asset, risk-free) does not exist
  InsufficientData,    ///< too few observations for the requested computation
  InvalidScenario,     ///< a scenario document field is missing or invalid
  Internal,            ///< a bug: an invariant failed (never expected)
};

/// Stable snake_case name of a code ("empty_file"), used in JSON and in the JS EngineError.code.
const char* error_code_name(ErrorCode code) noexcept;

struct Error {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  ///< human-readable: what was found and what was expected
  std::string source;   ///< file name or scenario field path; empty if not applicable
  int row = 0;          ///< 1-based line number in the file (header = 1); 0 = not applicable
  int column = 0;       ///< 1-based field number; 0 = not applicable

  /// "FILE:ROW:COLUMN: message" (parts that are not applicable are left out).
  std::string to_string() const;
};

/// A value or an Error. Minimal std::expected stand-in (C++23 is not available in em++ 3.1.6's libc++).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

/// Convenience constructor: make_error(ErrorCode::BadDate, "expected …", "prices.csv", 12, 1).
inline Error make_error(ErrorCode code, std::string message, std::string source = {}, int row = 0,
                        int column = 0) {
  return Error{code, std::move(message), std::move(source), row, column};
}

}  // namespace riskdial
