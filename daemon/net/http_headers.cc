#include "net/http_headers.h"

#include <curl/curl.h>

#include <string>

#include "base/strings.h"

namespace newsalert::net {

std::optional<Duration> ParseRetryAfter(std::string_view value, TimePoint now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  bool digits = true;
  for (char c : value) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    if (value.size() > 9) return Duration(std::chrono::hours(24 * 365));  // Absurd: clamped later.
    return Duration(std::chrono::seconds(std::stoll(std::string(value))));
  }
  std::string text(value);
  time_t when = curl_getdate(text.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  auto target = std::chrono::system_clock::from_time_t(when);
  if (target <= now) return Duration(0);
  return std::chrono::duration_cast<Duration>(target - now);
}

std::optional<Duration> ParseCacheControlMaxAge(std::string_view value) {
  for (std::string_view directive : Split(value, ',')) {
    directive = Trim(directive);
    auto eq = directive.find('=');
    if (eq == std::string_view::npos) continue;
    if (ToLowerAscii(Trim(directive.substr(0, eq))) != "max-age") continue;
    std::string_view number = Trim(directive.substr(eq + 1));
    if (number.size() >= 2 && number.front() == '"' && number.back() == '"') {
      number = number.substr(1, number.size() - 2);
    }
    if (number.empty() || number.size() > 9) return std::nullopt;
    std::int64_t seconds = 0;
    for (char c : number) {
      if (c < '0' || c > '9') return std::nullopt;
      seconds = seconds * 10 + (c - '0');
    }
    return Duration(std::chrono::seconds(seconds));
  }
  return std::nullopt;
}

}  // namespace newsalert::net
