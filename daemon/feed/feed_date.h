// Dates as feeds write them: RFC 822/1123 (with the real world's variants),
// RFC 3339 / ISO 8601 / W3C-DTF. Normalised to UTC. An unparseable date is
// absent (nullopt), never "now".
#pragma once

#include <optional>
#include <string_view>

#include "feed/feed_document.h"

namespace newsalert::feed {

std::optional<Timestamp> ParseFeedDate(std::string_view text);

std::optional<Timestamp> ParseRfc822Date(std::string_view text);
std::optional<Timestamp> ParseIso8601Date(std::string_view text);

}  // namespace newsalert::feed
