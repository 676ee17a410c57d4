#include "base/duration.h"

#include <cstdint>
#include <limits>

namespace newsalert {

Result<Duration> ParseDuration(std::string_view text) {
  auto error = [&](std::string_view why) {
    return Status::InvalidArgument("invalid duration \"" + std::string(text) +
                                   "\": " + std::string(why) +
                                   " (use e.g. \"90s\", \"15m\", \"1h30m\")");
  };
  if (text.empty()) return error("empty");
  std::int64_t total_ms = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t digits_start = pos;
    std::int64_t number = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (number > std::numeric_limits<std::int64_t>::max() / 10 - 10) {
        return error("too large");
      }
      number = number * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == digits_start) return error("expected a number");
    std::size_t unit_start = pos;
    while (pos < text.size() && text[pos] >= 'a' && text[pos] <= 'z') ++pos;
    std::string_view unit = text.substr(unit_start, pos - unit_start);
    std::int64_t unit_ms;
    if (unit == "ms") {
      unit_ms = 1;
    } else if (unit == "s") {
      unit_ms = 1000;
    } else if (unit == "m") {
      unit_ms = 60'000;
    } else if (unit == "h") {
      unit_ms = 3'600'000;
    } else if (unit == "d") {
      unit_ms = 86'400'000;
    } else if (unit.empty()) {
      return error("missing unit");
    } else {
      return error("unknown unit \"" + std::string(unit) + "\"");
    }
    if (number > std::numeric_limits<std::int64_t>::max() / unit_ms - total_ms) {
      return error("too large");
    }
    total_ms += number * unit_ms;
  }
  return Duration(total_ms);
}

std::string FormatDuration(Duration duration) {
  std::int64_t ms = duration.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  struct Unit {
    std::int64_t ms;
    const char* name;
  };
  static constexpr Unit kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  for (const Unit& unit : kUnits) {
    if (ms >= unit.ms) {
      out += std::to_string(ms / unit.ms);
      out += unit.name;
      ms %= unit.ms;
    }
  }
  return out;
}

}  // namespace newsalert
