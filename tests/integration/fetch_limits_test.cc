// Fetching against a hostile server (RELIABILITY.md T8-T13, T17, T18b):
// the real binary, `newsalert run --once`, the feed states it stores.
#include <gtest/gtest.h>

#include "base/version.h"
#include "integration/fetch_harness.h"

namespace newsalert {
namespace {

using testing::FetchHarness;
using testing::HostileFeedServer;
using testing::ProcessResult;
using testing::TestFeed;

constexpr long kRssBudgetKb = 32 * 1024;

// AddressSanitizer keeps freed memory in quarantine (and shadows all of
// it), so peak RSS says nothing about the code there: the memory criterion
// is checked in the normal build.
#ifdef __SANITIZE_ADDRESS__
constexpr bool kMeasureRss = false;
#else
constexpr bool kMeasureRss = true;
#endif

// Peak RSS of a run that fetches one small feed: the baseline for growth.
long BaselineRssKb(const HostileFeedServer& server) {
  FetchHarness baseline;
  baseline.WriteConfig({{"small", server.Url("/feed/small")}});
  return baseline.RunOnce().max_rss_kb;
}

void ExpectFailure(FetchHarness& harness, const std::string& url, const std::string& error_class,
                   const std::string& context) {
  std::optional<store::FeedState> state = harness.State(url);
  ASSERT_TRUE(state) << context;
  EXPECT_EQ(state->consecutive_failures, 1) << context;
  EXPECT_EQ(state->last_error_class.value_or(""), error_class)
      << context << ": " << state->last_error.value_or("");
  EXPECT_FALSE(state->last_success_at) << context;
}

// T8: a 50 MiB chunked body and an 11 MiB body with Content-Length are cut at
// the 10 MiB cap, without the daemon's memory growing by more than 32 MiB.
TEST(FetchLimits, BodyCapStopsChunkedAndOversizedBodies) {
  HostileFeedServer server;
  long baseline_kb = BaselineRssKb(server);
  FetchHarness harness;
  harness.WriteConfig({{"chunked", server.Url("/chunked50m")}, {"big", server.Url("/big11m")}},
                      "max_connections_per_host = 1");
  ProcessResult run = harness.RunOnce();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ExpectFailure(harness, server.Url("/chunked50m"), "too_large", "chunked 50 MiB");
  ExpectFailure(harness, server.Url("/big11m"), "too_large", "11 MiB");
  EXPECT_EQ(harness.QueryInt("SELECT COUNT(*) FROM items"), 0);
  if (kMeasureRss) {
    EXPECT_LE(run.max_rss_kb - baseline_kb, kRssBudgetKb)
        << "peak " << run.max_rss_kb << " KiB, baseline " << baseline_kb << " KiB";
  }
}

// T9: gzip, deflate, br and zstd bombs (200 MiB of zeros each) abort at the
// cap of decoded bytes within a second, memory growth within 32 MiB.
TEST(FetchLimits, DecompressionBombsAbortAtTheCapOfDecodedBytes) {
  HostileFeedServer::Options options;
  options.bombs = true;
  HostileFeedServer server(options);
  long baseline_kb = BaselineRssKb(server);
  std::vector<TestFeed> feeds;
  for (const std::string encoding : {"gzip", "deflate", "br", "zstd"}) {
    feeds.push_back({encoding, server.Url("/bomb/" + encoding)});
  }
  FetchHarness harness;
  harness.WriteConfig(feeds, "max_connections_per_host = 1");
  ProcessResult run = harness.RunOnce();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const TestFeed& feed : feeds) {
    ExpectFailure(harness, feed.url, "too_large", feed.name);
    std::optional<store::FeedState> state = harness.State(feed.url);
    ASSERT_TRUE(state && state->last_duration_ms);
    EXPECT_LE(*state->last_duration_ms, 1000) << feed.name;
    // The server sent it compressed: the request said it could take it.
    EXPECT_NE(server.Requests("/bomb/" + feed.name).at(0).headers["accept-encoding"].find(
                  feed.name),
              std::string::npos);
  }
  if (kMeasureRss) {
    EXPECT_LE(run.max_rss_kb - baseline_kb, kRssBudgetKb)
        << "peak " << run.max_rss_kb << " KiB, baseline " << baseline_kb << " KiB";
  }
}

// T10 (a): a server that accepts and never answers ends at the total timeout.
TEST(FetchLimits, HungServerEndsAtTheTotalTimeout) {
  HostileFeedServer server;
  FetchHarness harness;
  harness.WriteConfig({{"hang", server.Url("/hang")}},
                      "fetch_timeout = \"2s\"\nlow_speed_timeout = \"20s\"");
  ASSERT_EQ(harness.RunOnce().exit_code, 0);
  ExpectFailure(harness, server.Url("/hang"), "timeout", "hang");
  std::optional<store::FeedState> state = harness.State(server.Url("/hang"));
  ASSERT_TRUE(state && state->last_duration_ms);
  EXPECT_GE(*state->last_duration_ms, 2000);
  EXPECT_LE(*state->last_duration_ms, 2500);
}

// T10 (b): 1 byte every 2 s ends when the low-speed window runs out.
TEST(FetchLimits, TrickleEndsAtTheLowSpeedWindow) {
  HostileFeedServer server;
  FetchHarness harness;
  harness.WriteConfig({{"trickle", server.Url("/trickle")}},
                      "fetch_timeout = \"30s\"\nlow_speed_timeout = \"3s\"");
  ASSERT_EQ(harness.RunOnce().exit_code, 0);
  ExpectFailure(harness, server.Url("/trickle"), "timeout", "trickle");
  std::optional<store::FeedState> state = harness.State(server.Url("/trickle"));
  ASSERT_TRUE(state && state->last_duration_ms);
  EXPECT_GE(*state->last_duration_ms, 2000);
  EXPECT_LE(*state->last_duration_ms, 4000);
  EXPECT_NE(state->last_error->find("too slow"), std::string::npos) << *state->last_error;
}

// T11: a 51-hop chain fails after exactly 5 redirects; redirects to other
// schemes are refused; a configured file: feed still works.
TEST(FetchLimits, RedirectsStopAfterFiveAndOnlyToHttp) {
  HostileFeedServer server;
  testing::TempDir files;
  testing::WriteFile(files / "local.xml",
                     "<rss version=\"2.0\"><channel><title>local</title><item><title>Local "
                     "story</title><guid>l1</guid></item></channel></rss>");
  std::vector<TestFeed> feeds = {{"chain", server.Url("/redirect/51")},
                                 {"file", "file:" + (files / "local.xml").string()}};
  for (const std::string target :
       {"file:///etc/hostname", "ftp://127.0.0.1/x", "gopher://127.0.0.1/", "dict://127.0.0.1/"}) {
    feeds.push_back({target, server.Url("/redirect-to?url=" + target)});
  }
  FetchHarness harness;
  harness.WriteConfig(feeds);
  ASSERT_EQ(harness.RunOnce().exit_code, 0);

  ExpectFailure(harness, server.Url("/redirect/51"), "too_many_redirects", "51 hops");
  EXPECT_EQ(server.Requests("/redirect/").size(), 6u) << "the first request and 5 redirects";
  EXPECT_TRUE(server.Requests("/feed/chain").empty());
  for (std::size_t i = 2; i < feeds.size(); ++i) {
    ExpectFailure(harness, feeds[i].url, "refused", feeds[i].name);
  }
  EXPECT_EQ(harness.QueryInt("SELECT COUNT(*) FROM items WHERE feed_url LIKE 'http%'"), 0);

  std::optional<store::FeedState> local = harness.State("file://" + (files / "local.xml").string());
  ASSERT_TRUE(local);
  EXPECT_EQ(local->consecutive_failures, 0);
  EXPECT_EQ(local->items_last_fetch.value_or(0), 1);
}

// T12: self-signed, wrong-name, expired and TLS 1.1-only servers are refused
// with nothing stored; the self-signed one works with its certificate as
// the feed's ca_file.
TEST(FetchLimits, TlsIsVerifiedAndAPerFeedCaFileIsHonoured) {
  testing::TempDir certs;
  ASSERT_TRUE(testing::MakeCertificate(certs.path(), "good", "IP:127.0.0.1"));
  ASSERT_TRUE(testing::MakeCertificate(certs.path(), "wrong", "DNS:wrong.example"));
  ASSERT_TRUE(testing::MakeCertificate(certs.path(), "expired", "IP:127.0.0.1", true));
  auto spec = [&](const std::string& name) {
    return (certs / (name + ".pem")).string() + "," + (certs / (name + ".key")).string();
  };
  HostileFeedServer::Options options;
  options.tls = {{"selfsigned", spec("good")},
                 {"trusted", spec("good")},
                 {"wrongname", spec("wrong")},
                 {"expired", spec("expired")},
                 {"tls11", spec("good") + ",tls11"}};
  HostileFeedServer server(options);
  std::string good_ca = "ca_file = \"" + (certs / "good.pem").string() + "\"";
  std::vector<TestFeed> refused = {
      {"selfsigned", server.Url("/feed/a", "selfsigned"), ""},
      {"wrongname", server.Url("/feed/b", "wrongname"),
       "ca_file = \"" + (certs / "wrong.pem").string() + "\""},
      {"expired", server.Url("/feed/c", "expired"),
       "ca_file = \"" + (certs / "expired-trust.pem").string() + "\""},
      {"tls11", server.Url("/feed/d", "tls11"), good_ca},
  };
  std::vector<TestFeed> feeds = refused;
  feeds.push_back({"trusted", server.Url("/feed/e", "trusted"), good_ca});
  FetchHarness harness;
  harness.WriteConfig(feeds);
  ASSERT_EQ(harness.RunOnce().exit_code, 0);
  for (const TestFeed& feed : refused) ExpectFailure(harness, feed.url, "tls", feed.name);
  std::optional<store::FeedState> trusted = harness.State(server.Url("/feed/e", "trusted"));
  ASSERT_TRUE(trusted);
  EXPECT_EQ(trusted->consecutive_failures, 0) << trusted->last_error.value_or("");
  EXPECT_EQ(trusted->items_last_fetch.value_or(0), 5);
  EXPECT_EQ(harness.QueryInt("SELECT COUNT(*) FROM items"), 5);
}

// A new connection to a host seen before resumes its TLS session (the
// loop's shared session cache) instead of a full handshake.
TEST(FetchLimits, TlsSessionsAreResumedAcrossTransfers) {
  testing::TempDir certs;
  ASSERT_TRUE(testing::MakeCertificate(certs.path(), "good", "IP:127.0.0.1"));
  HostileFeedServer::Options options;
  options.tls = {{"tls", (certs / "good.pem").string() + "," + (certs / "good.key").string()}};
  HostileFeedServer server(options);
  std::string ca = "ca_file = \"" + (certs / "good.pem").string() + "\"";
  std::vector<TestFeed> feeds;
  for (int i = 0; i < 8; ++i) {
    // close=1: the server closes every connection, so each feed needs a new one.
    feeds.push_back({"r" + std::to_string(i),
                     server.Url("/feed/r" + std::to_string(i) + "?close=1", "tls"), ca});
  }
  FetchHarness harness;
  harness.WriteConfig(feeds, "max_connections_per_host = 1");
  ASSERT_EQ(harness.RunOnce().exit_code, 0);
  EXPECT_EQ(harness.QueryInt("SELECT COUNT(*) FROM feeds WHERE consecutive_failures = 0"), 8);
  nlohmann::json tls = server.Stats()["listeners"]["tls"];
  EXPECT_EQ(tls["connections"].get<int>(), 8);
  EXPECT_GE(tls["tls_resumed"].get<int>(), 6) << tls.dump();
}

// T13: what we send, and the conditional GET that follows.
TEST(FetchLimits, RequestsArePoliteAndConditional) {
  HostileFeedServer server;
  FetchHarness harness;
  harness.WriteConfig({{"polite", server.Url("/feed/polite")}});
  ASSERT_EQ(harness.RunOnce().exit_code, 0);
  ProcessResult second = harness.RunOnce();
  ASSERT_EQ(second.exit_code, 0);
  std::vector<testing::ServedRequest> requests = server.Requests("/feed/polite");
  ASSERT_EQ(requests.size(), 2u);
  std::map<std::string, std::string>& first = requests[0].headers;
  EXPECT_EQ(first["user-agent"],
            std::string("newsalert/") + kVersion + " (+" + kProjectUrl + ")");
  for (const char* type : {"application/rss+xml", "application/atom+xml",
                           "application/feed+json"}) {
    EXPECT_NE(first["accept"].find(type), std::string::npos) << type;
  }
  for (const char* coding : {"gzip", "deflate", "br", "zstd"}) {
    EXPECT_NE(first["accept-encoding"].find(coding), std::string::npos) << coding;
  }
  EXPECT_EQ(first.count("if-none-match"), 0u);
  EXPECT_EQ(requests[1].headers["if-none-match"], "\"polite-v1\"");
  EXPECT_EQ(requests[1].headers["if-modified-since"], "Tue, 04 Jun 2013 08:30:00 GMT");

  std::optional<store::FeedState> state = harness.State(server.Url("/feed/polite"));
  ASSERT_TRUE(state);
  EXPECT_EQ(state->last_status.value_or(0), 304);
  EXPECT_EQ(state->items_last_fetch.value_or(-1), 0);
  EXPECT_EQ(state->consecutive_failures, 0);
  EXPECT_FALSE(state->last_error);
  EXPECT_EQ(testing::CountLines(second.err, " warning "), 0) << second.err;
  EXPECT_EQ(testing::CountLines(second.err, " error "), 0) << second.err;
}

// Proxies come from the standard environment variables.
TEST(FetchLimits, HttpProxyFromTheEnvironmentIsUsed) {
  HostileFeedServer server;
  FetchHarness harness;
  std::string url = "http://feeds.proxy-test.invalid/feed.xml";
  harness.WriteConfig({{"proxied", url}});
  ProcessResult run = harness.RunOnce(
      {}, {{"http_proxy", "http://127.0.0.1:" + std::to_string(server.port())}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::optional<store::FeedState> state = harness.State(url);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->consecutive_failures, 0) << state->last_error.value_or("");
  EXPECT_EQ(state->items_last_fetch.value_or(0), 3);
  ASSERT_EQ(server.Requests(url).size(), 1u);
}

// T17: never more than 2 requests at once to one host, nor more than
// max_concurrent_fetches overall; connections are reused.
TEST(FetchLimits, ConcurrencyIsLimitedPerHostAndOverall) {
  HostileFeedServer::Options options;
  options.binds = {{"h3", "127.0.0.3"}, {"h4", "127.0.0.4"}, {"h5", "127.0.0.5"},
                   {"h6", "127.0.0.6"}};
  HostileFeedServer server(options);
  std::vector<TestFeed> feeds;
  for (int i = 0; i < 50; ++i) {
    std::string name = "main" + std::to_string(i);
    feeds.push_back({name, server.Url("/feed/" + name + "?slow_ms=100")});
  }
  for (const std::string host : {"h3", "h4", "h5", "h6"}) {
    for (int i = 0; i < 25; ++i) {
      std::string name = host + "-" + std::to_string(i);
      feeds.push_back({name, server.Url("/feed/" + name + "?slow_ms=100", host)});
    }
  }
  FetchHarness harness;
  harness.WriteConfig(feeds, "max_concurrent_fetches = 6\nmax_connections_per_host = 2");
  ASSERT_EQ(harness.RunOnce().exit_code, 0);
  nlohmann::json stats = server.Stats();
  int total_requests = 0;
  for (const std::string host : {"main", "h3", "h4", "h5", "h6"}) {
    const nlohmann::json& listener = stats["listeners"][host];
    EXPECT_LE(listener["max_active"].get<int>(), 2) << host;
    EXPECT_GE(listener["max_active"].get<int>(), 1) << host;
    // Keep-alive: far fewer connections than requests.
    EXPECT_LE(listener["connections"].get<int>(), 4) << host;
    total_requests += listener["requests"].get<int>();
  }
  EXPECT_EQ(total_requests, 150);
  EXPECT_LE(stats["global"]["max_active"].get<int>(), 6);
  EXPECT_GE(stats["global"]["max_active"].get<int>(), 4) << "fetches did run in parallel";
  EXPECT_EQ(harness.QueryInt("SELECT COUNT(*) FROM feeds WHERE consecutive_failures = 0"), 150);
}

// T18 (b): with 127.0.0.2 playing a public origin, its redirects into
// loopback space are refused before connecting, whatever the spelling.
TEST(FetchLimits, RedirectFromPublicIntoLoopbackIsRefusedBeforeConnecting) {
  HostileFeedServer::Options options;
  options.binds = {{"public", "127.0.0.2"}};
  HostileFeedServer server(options);
  std::string port = std::to_string(server.port());
  std::vector<TestFeed> feeds;
  for (const std::string host :
       {"127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "2130706433", "0x7f.1"}) {
    std::string target = "http://" + host + ":" + port + "/feed/inside";
    feeds.push_back({host, server.Url("/redirect-to?url=" + target, "public")});
  }
  FetchHarness harness;
  harness.WriteConfig(feeds);
  ProcessResult run = harness.RunOnce({}, {{"NEWSALERT_TEST_PUBLIC_ADDRESSES", "127.0.0.2"}});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  for (const TestFeed& feed : feeds) {
    ExpectFailure(harness, feed.url, "refused", feed.name);
  }
  nlohmann::json stats = server.Stats();
  EXPECT_EQ(stats["listeners"]["main"]["connections"].get<int>(), 0);
  EXPECT_EQ(stats["listeners"]["public"]["requests"].get<int>(), static_cast<int>(feeds.size()));
}

// An admin-configured private feed still works, redirects inside private
// space included (without the test allow-list 127.0.0.2 is loopback).
TEST(FetchLimits, AdminConfiguredPrivateFeedsStillWork) {
  HostileFeedServer::Options options;
  options.binds = {{"other", "127.0.0.2"}};
  HostileFeedServer server(options);
  std::string inside = "http://127.0.0.1:" + std::to_string(server.port()) + "/feed/inside";
  std::vector<TestFeed> feeds = {{"direct", server.Url("/feed/direct")},
                                 {"via", server.Url("/redirect-to?url=" + inside, "other")}};
  FetchHarness harness;
  harness.WriteConfig(feeds);
  ASSERT_EQ(harness.RunOnce().exit_code, 0);
  for (const TestFeed& feed : feeds) {
    std::optional<store::FeedState> state = harness.State(feed.url);
    ASSERT_TRUE(state);
    EXPECT_EQ(state->consecutive_failures, 0) << feed.name << ": "
                                              << state->last_error.value_or("");
  }
}

}  // namespace
}  // namespace newsalert
