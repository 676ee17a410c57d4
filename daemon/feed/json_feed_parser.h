// JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) -> FeedDocument,
// with nlohmann-json. Called by ParseFeed on UTF-8 text starting with '{'.
#pragma once

#include <string_view>

#include "base/result.h"
#include "feed/feed_document.h"
#include "feed/feed_parser.h"

namespace newsalert::feed {

Result<FeedDocument> ParseJsonFeed(std::string_view utf8, const ParseOptions& options);

}  // namespace newsalert::feed
