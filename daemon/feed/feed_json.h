// The JSON view of a parsed feed that `newsalert inspect` prints and the
// conformance test checks (one code path for both):
//
//   {"format": "rss2|rss1|atom10|atom03|json",
//    "feed": {"title", "link", "id", "subtitle", "updated", "published",
//             "author": {"name", "email", "uri"}, "categories": [...]},
//    "entries": [{"title", "link", "id", "published", "updated",
//                 "author": {...}, "summary", "content", "categories": [...]}],
//    "warnings": [...]}
//
// Absent fields (empty strings, empty lists, no date) are omitted; dates are
// "YYYY-MM-DDTHH:MM:SSZ" in UTC.
#pragma once

#include <string>

#include "feed/feed_document.h"

namespace newsalert::feed {

// Pretty-printed with two-space indentation, UTF-8 (not \u-escaped).
std::string FeedDocumentJson(const FeedDocument& document);

// "2024-11-05T13:19:50Z".
std::string FormatFeedTimestamp(Timestamp time);

}  // namespace newsalert::feed
