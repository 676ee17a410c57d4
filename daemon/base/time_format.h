// Formatting of instants for payloads, emails and logs. Always UTC.
#pragma once

#include <string>

#include "base/clock.h"

namespace newsalert {

// "2024-11-05T13:19:50Z" (seconds precision).
std::string FormatRfc3339(TimePoint time);

// "2024-11-05T13:19:50.123Z" (milliseconds precision).
std::string FormatRfc3339Millis(TimePoint time);

// "Tue, 05 Nov 2024 13:19:50 +0000" (RFC 5322 section 3.3).
std::string FormatRfc5322(TimePoint time);

// Milliseconds since the Unix epoch, the unit of every time in the store.
std::int64_t ToUnixMillis(TimePoint time);
TimePoint FromUnixMillis(std::int64_t millis);

}  // namespace newsalert
