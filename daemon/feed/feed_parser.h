// ParseFeed: bytes of a feed document -> FeedDocument. The feed stage's entry
// point; pure (no I/O), safe on hostile input.
//
// The format is detected from the content, never from the URL. A document
// broken part-way yields the entries closed before the break, with a
// warning; the entry cut by the break is dropped, never returned half-read.
// Fails only when nothing usable is there (not a feed, empty, too deep).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "feed/feed_document.h"

namespace newsalert::feed {

struct ParseOptions {
  std::string base_url;            // The document's URL, for relative links.
  std::string content_type;        // HTTP Content-Type, for its charset.
  std::size_t max_entries = 10000; // Entries past this are ignored (warning).
  int max_depth = 256;             // Deeper element nesting is rejected.
  // "Now", for flagging dates far in the future; unset = the system clock.
  std::optional<Timestamp> now;
};

Result<FeedDocument> ParseFeed(std::string_view bytes, const ParseOptions& options);

}  // namespace newsalert::feed
