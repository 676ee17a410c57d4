// Fetching one feed: the conditional GET request for it and what its answer
// means for us. The transfer itself runs on the TransferLoop.
#pragma once

#include <optional>
#include <string>

#include "base/clock.h"
#include "config/config.h"
#include "net/http_transfer.h"

namespace newsalert::fetch {

// Validators from the last successful fetch, sent back as If-None-Match /
// If-Modified-Since.
struct Validators {
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
};

struct FetchOutcome {
  enum class Kind { kModified, kNotModified, kFailed };
  Kind kind = Kind::kFailed;
  std::string body;                 // kModified: the decoded document.
  std::string content_type;
  std::string effective_url;
  Validators validators;            // kModified: the response's validators.
  std::optional<long> http_status;
  std::string error_class;          // kFailed: dns, connect, tls, timeout, http, too_large...
  std::string error;                // kFailed: human-readable.
  std::optional<Duration> retry_after;  // From 429/503.
  std::optional<Duration> max_age;      // Cache-Control: max-age of a 200 or 304.
  // Every redirect followed was permanent (301/308): the feed's new home.
  // Recorded for `status`; the configured URL stays the one we poll.
  std::optional<std::string> moved_to;
  std::chrono::milliseconds elapsed{0}; // Whole transfer, success or not.
};

// The request for `feed` given its stored validators.
net::HttpRequest BuildFeedRequest(const config::FeedConfig& feed,
                                  const config::DaemonSettings& settings,
                                  const Validators& validators);

// Interprets a finished transfer. A 304 carries no body and needs no
// parsing; any status outside 2xx/304 is a failure of class "http".
FetchOutcome InterpretFeedResponse(net::HttpResult result, TimePoint now);

// The User-Agent we send: "newsalert/<version> (+<project URL>)".
std::string UserAgent();

}  // namespace newsalert::fetch
