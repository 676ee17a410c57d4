// Logging setup. Every component logs through spdlog's default logger; this
// unit only decides where lines go and how they look.
//
// Lines are one event each: a short message plus stable key=value fields
// ("feed poll failed feed=rfa status=503"). Values that may contain spaces go
// through Quote(). Secrets never reach a log line: URLs of webhooks go
// through RedactUrl() (base/strings.h), passwords and keys are never logged.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace newsalert {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };

Result<LogLevel> ParseLogLevel(std::string_view name);

struct LogOptions {
  LogLevel level = LogLevel::kInfo;
  // Prefix each line with "<N>" (syslog priority) instead of a timestamp, for
  // journald. Default: on when JOURNAL_STREAM is set, as under systemd.
  bool journald_prefixes = false;
};

// Sends log lines to stderr. Safe to call again to change the level.
void InitLogging(const LogOptions& options);

// LogOptions with journald_prefixes set from the environment.
LogOptions LogOptionsFromEnvironment(LogLevel level);

void SetLogLevel(LogLevel level);

// `value` in double quotes with '"' and '\' escaped when it contains spaces,
// quotes or control characters; unchanged otherwise.
std::string Quote(std::string_view value);

}  // namespace newsalert
