#include "fetch/feed_fetcher.h"

#include <gtest/gtest.h>

namespace newsalert::fetch {
namespace {

using namespace std::chrono_literals;

std::string HeaderOf(const net::HttpRequest& request, const std::string& name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(BuildFeedRequest, SendsValidatorsLimitsAndTheGuard) {
  config::FeedConfig feed;
  feed.url = "https://news.example/feed.xml";
  feed.ca_file = "/etc/newsalert/intranet-ca.pem";
  config::DaemonSettings settings;
  Validators validators{"\"abc\"", "Tue, 04 Jun 2013 08:30:00 GMT"};
  net::HttpRequest request = BuildFeedRequest(feed, settings, validators);
  EXPECT_EQ(HeaderOf(request, "If-None-Match"), "\"abc\"");
  EXPECT_EQ(HeaderOf(request, "If-Modified-Since"), "Tue, 04 Jun 2013 08:30:00 GMT");
  EXPECT_NE(HeaderOf(request, "Accept").find("application/feed+json"), std::string::npos);
  EXPECT_EQ(request.max_redirects, 5);
  EXPECT_EQ(request.connect_timeout, 10s);
  EXPECT_EQ(request.total_timeout, 30s);
  EXPECT_EQ(request.low_speed_window, 15s);
  EXPECT_EQ(request.low_speed_bytes, 1024);
  EXPECT_EQ(request.max_body_bytes, 10u << 20);
  EXPECT_TRUE(request.accept_compressed);
  EXPECT_TRUE(request.refuse_private_redirects);
  EXPECT_FALSE(request.allow_file_scheme);
  EXPECT_EQ(request.ca_file, "/etc/newsalert/intranet-ca.pem");
  EXPECT_EQ(request.user_agent, UserAgent());

  feed.url = "file:///srv/feeds/demo.xml";
  request = BuildFeedRequest(feed, settings, Validators{});
  EXPECT_TRUE(request.allow_file_scheme);
  EXPECT_EQ(HeaderOf(request, "If-None-Match"), "");
}

net::HttpResult Response(long status, net::Headers headers = {}, std::string body = "") {
  net::HttpResult result;
  result.response.status = status;
  result.response.headers = std::move(headers);
  result.response.body = std::move(body);
  result.response.effective_url = "https://news.example/feed.xml";
  return result;
}

TEST(InterpretFeedResponse, NotModifiedCarriesNoBody) {
  FetchOutcome outcome = InterpretFeedResponse(Response(304, {{"cache-control", "max-age=900"}}),
                                               TimePoint{});
  EXPECT_EQ(outcome.kind, FetchOutcome::Kind::kNotModified);
  EXPECT_EQ(outcome.max_age, Duration(900s));
  EXPECT_TRUE(outcome.body.empty());
}

TEST(InterpretFeedResponse, ModifiedKeepsValidatorsAndPermanentMoves) {
  net::HttpResult result = Response(200, {{"etag", "\"v2\""}, {"content-type", "text/xml"}}, "<rss/>");
  result.response.redirect_count = 2;
  result.response.moved_permanently = true;
  FetchOutcome outcome = InterpretFeedResponse(std::move(result), TimePoint{});
  EXPECT_EQ(outcome.kind, FetchOutcome::Kind::kModified);
  EXPECT_EQ(outcome.validators.etag, "\"v2\"");
  EXPECT_FALSE(outcome.validators.last_modified);
  EXPECT_EQ(outcome.moved_to, "https://news.example/feed.xml");
  EXPECT_EQ(outcome.body, "<rss/>");
}

TEST(InterpretFeedResponse, RetryAfterCountsOnlyOn429And503) {
  FetchOutcome limited = InterpretFeedResponse(Response(429, {{"retry-after", "120"}}), TimePoint{});
  EXPECT_EQ(limited.kind, FetchOutcome::Kind::kFailed);
  EXPECT_EQ(limited.error_class, "http");
  EXPECT_EQ(limited.http_status, 429);
  EXPECT_EQ(limited.retry_after, Duration(120s));
  FetchOutcome unavailable =
      InterpretFeedResponse(Response(503, {{"retry-after", "60"}}), TimePoint{});
  EXPECT_EQ(unavailable.retry_after, Duration(60s));
  FetchOutcome broken = InterpretFeedResponse(Response(500, {{"retry-after", "60"}}), TimePoint{});
  EXPECT_EQ(broken.retry_after, std::nullopt);
  EXPECT_EQ(broken.error, "HTTP 500");
}

TEST(InterpretFeedResponse, TransferErrorsKeepTheirClass) {
  net::HttpResult result;
  result.error = net::TransferErrorKind::kTooLarge;
  result.error_message = "body larger than 10485760 bytes";
  result.response.status = 200;
  FetchOutcome outcome = InterpretFeedResponse(std::move(result), TimePoint{});
  EXPECT_EQ(outcome.kind, FetchOutcome::Kind::kFailed);
  EXPECT_EQ(outcome.error_class, "too_large");
}

}  // namespace
}  // namespace newsalert::fetch
