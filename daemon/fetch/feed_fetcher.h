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
};

// The request for `feed` given its stored validators.
net::HttpRequest BuildFeedRequest(const config::FeedConfig& feed,
                                  const config::DaemonSettings& settings,
                                  const Validators& validators);

// Interprets a finished transfer.
FetchOutcome InterpretFeedResponse(net::HttpResult result, TimePoint now);

// The User-Agent we send: "newsalert/<version> (+<project URL>)".
std::string UserAgent();

}  // namespace newsalert::fetch
