#include "fetch/feed_fetcher.h"

#include "base/version.h"
#include "net/http_headers.h"

namespace newsalert::fetch {

std::string UserAgent() {
  return std::string("newsalert/") + kVersion + " (+" + kProjectUrl + ")";
}

net::HttpRequest BuildFeedRequest(const config::FeedConfig& feed,
                                  const config::DaemonSettings& settings,
                                  const Validators& validators) {
  net::HttpRequest request;
  request.url = feed.url;
  request.allow_file_scheme = feed.url.rfind("file://", 0) == 0;
  request.connect_timeout = settings.connect_timeout;
  request.total_timeout = settings.fetch_timeout;
  request.low_speed_window = settings.low_speed_timeout;
  request.low_speed_bytes = 1024;
  request.ca_file = feed.ca_file;
  // A redirect must not steer us from the internet into our own network.
  request.refuse_private_redirects = !request.allow_file_scheme;
  request.max_body_bytes = settings.max_body_bytes;
  request.max_redirects = 5;
  request.user_agent = UserAgent();
  request.headers.emplace_back(
      "Accept",
      "application/rss+xml, application/atom+xml, application/feed+json, "
      "application/json;q=0.9, application/rdf+xml;q=0.9, application/xml;q=0.8, "
      "text/xml;q=0.8, */*;q=0.5");
  if (validators.etag) request.headers.emplace_back("If-None-Match", *validators.etag);
  if (validators.last_modified) {
    request.headers.emplace_back("If-Modified-Since", *validators.last_modified);
  }
  return request;
}

FetchOutcome InterpretFeedResponse(net::HttpResult result, TimePoint now) {
  FetchOutcome outcome;
  outcome.elapsed = result.response.elapsed;
  if (!result.ok()) {
    outcome.kind = FetchOutcome::Kind::kFailed;
    outcome.error_class = net::TransferErrorKindName(result.error);
    outcome.error = result.error_message;
    if (result.response.status != 0) outcome.http_status = result.response.status;
    return outcome;
  }
  net::HttpResponse& response = result.response;
  outcome.http_status = response.status;
  outcome.effective_url = response.effective_url;
  if (response.moved_permanently) outcome.moved_to = response.effective_url;
  outcome.max_age = net::ParseCacheControlMaxAge(response.Header("cache-control"));
  if (response.status == 304) {
    outcome.kind = FetchOutcome::Kind::kNotModified;
    return outcome;
  }
  if (response.status < 200 || response.status > 299) {
    outcome.kind = FetchOutcome::Kind::kFailed;
    outcome.error_class = "http";
    outcome.error = "HTTP " + std::to_string(response.status);
    if (response.status == 429 || response.status == 503) {
      outcome.retry_after = net::ParseRetryAfter(response.Header("retry-after"), now);
    }
    return outcome;
  }
  outcome.kind = FetchOutcome::Kind::kModified;
  outcome.content_type = response.Header("content-type");
  std::string etag = response.Header("etag");
  std::string last_modified = response.Header("last-modified");
  if (!etag.empty()) outcome.validators.etag = etag;
  if (!last_modified.empty()) outcome.validators.last_modified = last_modified;
  outcome.body = std::move(response.body);
  return outcome;
}

}  // namespace newsalert::fetch
