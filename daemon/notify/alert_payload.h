// The alert document: what an alert says, as the versioned JSON that
// webhooks with format = "json" receive byte for byte (README "Webhook
// payload"). The outbox stores this document; every other rendering
// (console, chat formats, email) is derived from it.
//
//   {"version":1, "id":"nla_…", "filter":{"name","query"},
//    "item":{"title","link","published","author","categories","summary"},
//    "feed":{"name","url"}, "matched":[terms], "snippet":"…",
//    "detected_at":"2024-11-05T13:19:50Z"}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace newsalert::notify {

inline constexpr int kPayloadVersion = 1;
inline constexpr std::size_t kPayloadSummaryBytes = 1000;

struct AlertContent {
  std::string id;              // Delivery id.
  std::string filter_name;
  std::string filter_query;
  std::string title;
  std::string link;
  std::optional<std::string> published;  // RFC 3339, UTC.
  std::optional<std::string> author;
  std::vector<std::string> categories;
  std::string summary;         // Plain text, cut to kPayloadSummaryBytes.
  std::string feed_name;
  std::string feed_url;
  std::vector<std::string> matched;
  std::string snippet;
  std::string detected_at;     // RFC 3339, UTC.
};

// The JSON document, keys in the documented order, UTF-8 unescaped.
std::string SerializeAlert(const AlertContent& alert);

// Reads a document written by SerializeAlert (any version-1 document).
Result<AlertContent> ParseAlert(std::string_view json);

}  // namespace newsalert::notify
