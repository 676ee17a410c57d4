// Names in dates (feed_date.cc's tables): months and weekdays in the
// languages feeds write them in, and time zone abbreviations.
#pragma once

#include <optional>
#include <string_view>

namespace newsalert::feed {

// 1..12 for a month name or abbreviation (a trailing '.' is ignored); 0 if
// `token` is none.
int MonthFromName(std::string_view token);

// True for a weekday name or abbreviation.
bool IsWeekdayName(std::string_view token);

// Minutes east of UTC for a zone: "+0200", "-05:00", "+7", "GMT", "EST",
// "GMT+2", "Etc/UTC", military letters; nullopt if `token` is no zone.
std::optional<int> ZoneOffsetMinutes(std::string_view token);

}  // namespace newsalert::feed
