// Reading HTTP response headers that steer our schedule.
#pragma once

#include <optional>
#include <string_view>

#include "base/clock.h"
#include "base/duration.h"

namespace newsalert::net {

// Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date,
// as a delay from `now`. nullopt when absent, negative or unparseable.
std::optional<Duration> ParseRetryAfter(std::string_view value, TimePoint now);

// The max-age directive of a Cache-Control value (RFC 9111 section 5.2.2.1),
// e.g. "public, max-age=600" -> 600 s. nullopt when absent or malformed.
std::optional<Duration> ParseCacheControlMaxAge(std::string_view value);

}  // namespace newsalert::net
