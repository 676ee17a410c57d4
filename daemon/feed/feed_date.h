// Dates as feeds write them, normalised to UTC. An unparseable date is
// absent (nullopt), never "now".
//
// Accepted: RFC 822/1123/2822 with its real-world variants (no weekday, a
// weekday glued to the day, day and month swapped, one-digit days, two-digit
// years, no seconds, no time, no zone = UTC, numeric zones with or without a
// colon, named zones: UT/GMT/Z, North American, European, Asian and
// Australian abbreviations, "GMT+2", and RFC 822's military letters with
// the signs RFC 822 printed, as Universal Feed Parser reads them), asctime
// ("Sun Jan  4 16:29:06 PST 2004"), RFC 3339 / ISO 8601 / W3C-DTF
// (extended and basic forms, reduced precision, ordinal dates, fractional
// seconds, a space instead of 'T'), "2004/01/05 12:34:56" (Perforce), the
// Korean forms "2004년 05월 28일 01:31:15" and "2004-05-25 오후 11:23:17"
// (KST), and month names in English, French, German, Spanish, Italian,
// Portuguese, Dutch, Greek and Hungarian.
#pragma once

#include <optional>
#include <string_view>

#include "feed/feed_document.h"

namespace newsalert::feed {

std::optional<Timestamp> ParseFeedDate(std::string_view text);

std::optional<Timestamp> ParseRfc822Date(std::string_view text);
std::optional<Timestamp> ParseIso8601Date(std::string_view text);

}  // namespace newsalert::feed
