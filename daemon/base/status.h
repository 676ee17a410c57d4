// Status: the one error type of newsalert. OK, or a code plus a message.
//
// Errors are values: functions that can fail return Status or Result<T>
// (base/result.h) and exceptions never cross a module boundary. Messages read
// "stage: subject: what happened", e.g. "fetch: https://x/feed: HTTP 503".
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace newsalert {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // Bad input from the user: config, filter, command line.
  kNotFound,
  kIoError,           // File system, database.
  kParseError,        // A document we could not read.
  kNetworkError,      // DNS, connect, TLS, protocol.
  kTimeout,
  kTooLarge,          // A body or document over its limit.
  kUnavailable,       // The other side asked us to come back later.
  kInternal,          // A bug.
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK.
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status IoError(std::string message) {
    return Status(StatusCode::kIoError, std::move(message));
  }
  static Status ParseError(std::string message) {
    return Status(StatusCode::kParseError, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const { return ok() ? "OK" : message_; }

  // Adds context in front of the message: "config: " + "x.toml:3:1: ...".
  Status WithPrefix(std::string_view prefix) const {
    if (ok()) return *this;
    return Status(code_, std::string(prefix) + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

}  // namespace newsalert

// Returns early from the calling function when `expr` is not OK.
#define NEWSALERT_RETURN_IF_ERROR(expr)          \
  do {                                           \
    ::newsalert::Status status_macro_ = (expr);  \
    if (!status_macro_.ok()) return status_macro_; \
  } while (false)
