// Durations as written in config files: "90s", "15m", "1h", "1h30m", "2d",
// "500ms". A bare number is an error (a unit is always required).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "base/result.h"

namespace newsalert {

using Duration = std::chrono::milliseconds;

Result<Duration> ParseDuration(std::string_view text);

// The shortest exact form: 90000ms -> "1m30s", 0 -> "0s".
std::string FormatDuration(Duration duration);

}  // namespace newsalert
