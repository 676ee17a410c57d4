// The alert documents: what an alert says, as the versioned JSON that
// webhooks with format = "json" receive byte for byte (README "Webhook
// payload"). The outbox stores these documents; every other rendering
// (console, Slack, Discord, email) is derived from them.
//
// One alert:
//   {"version":1, "type":"alert", "id":"nla_…", "filter":{"name","query"},
//    "item":{"title","link","published","author","categories","summary"},
//    "feed":{"name","url"}, "matched":[terms], "snippet":"…",
//    "detected_at":"2024-11-05T13:19:50Z"}          (+ "test":true from send-test)
// Several alerts in one message (a digest window, or a flood summary when
// one poll of one feed brought more alerts than the channel's threshold):
//   {"version":1, "type":"digest"|"flood", "id":"nla_…", "detected_at":…,
//    "window":{"start","end"} (digest) | "feed":{"name","url"} (flood),
//    "count":N, "omitted":M, "alerts":[<alert documents>]}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"

namespace newsalert::notify {

inline constexpr int kPayloadVersion = 1;
inline constexpr std::size_t kPayloadSummaryBytes = 1000;
// A digest or flood document lists at most this many alerts ("omitted"
// counts the rest), so that its body stays a few MB at worst.
inline constexpr std::size_t kMaxGroupAlerts = 500;

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
  std::string snippet;         // Matched words marked **like this**.
  std::string detected_at;     // RFC 3339, UTC.
  bool test = false;           // Sent by `newsalert send-test`.
};

struct GroupContent {
  std::string type;            // "digest" or "flood".
  std::string id;
  std::string detected_at;
  std::string window_start;    // Digest: the window, RFC 3339.
  std::string window_end;
  std::string feed_name;       // Flood: the feed that flooded.
  std::string feed_url;
  std::size_t count = 0;       // Alerts carried (listed + omitted).
  std::vector<AlertContent> alerts;  // Listed, in order of detection.
};

// A stored document of either shape.
struct AlertDocument {
  bool is_group = false;
  AlertContent alert;          // When !is_group.
  GroupContent group;          // When is_group.

  const std::string& id() const { return is_group ? group.id : alert.id; }
};

// The JSON document, keys in the documented order, UTF-8 unescaped.
std::string SerializeAlert(const AlertContent& alert);

// The group document carrying `alert_documents` (JSON texts written by
// SerializeAlert, in order); lists the first kMaxGroupAlerts.
std::string SerializeGroup(const GroupContent& group,
                           const std::vector<std::string>& alert_documents);

// Reads a document written by SerializeAlert or SerializeGroup (any
// version-1 document).
Result<AlertDocument> ParseDocument(std::string_view json);
// Reads a single-alert document.
Result<AlertContent> ParseAlert(std::string_view json);

}  // namespace newsalert::notify
