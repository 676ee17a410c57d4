// When feeds are polled, and what a fetch leaves behind (RELIABILITY.md
// T10c, T14-T16): Retry-After, backoff, validators committed with items,
// cache hints, permanent redirects, a responsive loop. Day-long schedules
// run in seconds on the scaled test clock.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "integration/fetch_harness.h"

namespace newsalert {
namespace {

using namespace std::chrono_literals;
using testing::FetchHarness;
using testing::HostileFeedServer;
using testing::ProcessResult;
using testing::TestFeed;

// Seconds from the last attempt to the next poll, as stored.
double StoredDelaySeconds(const store::FeedState& state) {
  return static_cast<double>(state.next_poll_at.value_or(0) - state.last_attempt_at.value_or(0)) /
         1000.0;
}

std::string UrlEncode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

std::string HttpDate(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buffer;
}

std::string ScaledClock(double scale) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return "anchor=" + std::to_string(now.count()) + ",scale=" + std::to_string(scale);
}

// T14: a crash after the response and before the commit loses nothing: the
// validators were not saved either, so the next poll fetches the items
// again instead of being satisfied by a 304.
TEST(FetchSchedule, ValidatorsAreCommittedWithTheirItemsNeverBefore) {
  HostileFeedServer server;
  for (int run = 0; run < 20; ++run) {
    std::string path = "/feed/t14-" + std::to_string(run);
    FetchHarness harness;
    harness.WriteConfig({{"t14", server.Url(path)}}, "alert_on_first_poll = true",
                        /*with_console_alerts=*/true);
    ProcessResult killed = harness.RunOnce({}, {{"NEWSALERT_TEST_FAULT", "record-before-commit"}});
    ASSERT_EQ(killed.signal, SIGKILL) << killed.err;
    ProcessResult restarted = harness.RunOnce();
    ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
    std::vector<testing::ServedRequest> requests = server.Requests(path);
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[1].headers.count("if-none-match"), 0u) << "run " << run;
    EXPECT_EQ(harness.QueryInt("SELECT COUNT(*) FROM items"), 5) << "run " << run;
    EXPECT_EQ(harness.QueryInt("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'"), 5)
        << "run " << run;
  }
}

// T15: Retry-After in both forms, clamped to [interval, 24 h]; garbage and
// negative values are ignored (normal backoff); no request before the time.
TEST(FetchSchedule, RetryAfterIsHonouredAndClamped) {
  HostileFeedServer server;
  std::string date = HttpDate(std::chrono::system_clock::now() + 3h);
  std::vector<TestFeed> feeds = {
      {"seconds", server.Url("/status/429?retry_after=7200")},
      {"date", server.Url("/status/503?retry_after=" + UrlEncode(date))},
      {"garbage", server.Url("/status/429?retry_after=soon")},
      {"negative", server.Url("/status/503?retry_after=-5")},
      {"tendays", server.Url("/status/429?retry_after=864000")},
      {"short", server.Url("/status/503?retry_after=5")},
  };
  FetchHarness harness;
  harness.WriteConfig(feeds, "poll_interval = \"10m\"");
  ASSERT_EQ(harness.RunOnce().exit_code, 0);
  auto delay = [&](int i) {
    std::optional<store::FeedState> state = harness.State(feeds[i].url);
    EXPECT_TRUE(state) << feeds[i].name;
    EXPECT_EQ(state->last_error_class.value_or(""), "http");
    return state ? StoredDelaySeconds(*state) : 0.0;
  };
  EXPECT_NEAR(delay(0), 7200, 1);
  EXPECT_NEAR(delay(1), 3 * 3600, 3);
  EXPECT_GE(delay(2), 0.8 * 1200);  // Backoff after one failure: 2 × 10 min ± 20 %.
  EXPECT_LE(delay(2), 1.2 * 1200);
  EXPECT_GE(delay(3), 0.8 * 1200);
  EXPECT_LE(delay(3), 1.2 * 1200);
  EXPECT_NEAR(delay(4), 24 * 3600, 1);
  EXPECT_GE(delay(5), 0.8 * 1200);  // 5 s is below the interval: clamped up.
  EXPECT_TRUE(harness.State(feeds[0].url)->retry_after_until);
  EXPECT_FALSE(harness.State(feeds[2].url)->retry_after_until);

  // A second --once respects the wait: no request at all.
  std::size_t before = server.Requests().size();
  ProcessResult second = harness.RunOnce();
  ASSERT_EQ(second.exit_code, 0);
  EXPECT_EQ(server.Requests().size(), before);
  EXPECT_NE(second.err.find("--force polls it anyway"), std::string::npos);
}

// T15, live: the daemon on a clock running 21,600 times faster (6 h per
// second) sends nothing before the time it was given.
TEST(FetchSchedule, RetryAfterHoldsBackTheRunningDaemon) {
  constexpr double kScale = 21600;
  HostileFeedServer server;
  std::vector<TestFeed> feeds = {
      {"two-hours", server.Url("/sequence/a?codes=429,200&retry_after=7200")},
      {"ten-days", server.Url("/sequence/b?codes=503,200&retry_after=864000")},
  };
  FetchHarness harness;
  harness.WriteConfig(feeds, "poll_interval = \"1h\"");
  testing::Subprocess daemon({testing::NewsalertBinary().string(), "run", "-c",
                              harness.ConfigPath()},
                             harness.Environment({{"NEWSALERT_TEST_CLOCK", ScaledClock(kScale)}}));
  ASSERT_TRUE(testing::WaitFor([&] { return server.Requests("/sequence/b").size() >= 2; }, 15s))
      << daemon.Err();
  daemon.Signal(SIGTERM);
  daemon.Wait(10s);
  auto virtual_gap_hours = [&](const std::string& path) {
    std::vector<testing::ServedRequest> requests = server.Requests(path);
    EXPECT_GE(requests.size(), 2u) << path;
    return (requests[1].time - requests[0].time) * kScale / 3600.0;
  };
  double two_hours = virtual_gap_hours("/sequence/a");
  EXPECT_GE(two_hours, 2.0);
  EXPECT_LE(two_hours, 2.0 + 0.25 * kScale / 3600.0);  // + 250 ms of real latency.
  double ten_days = virtual_gap_hours("/sequence/b");
  EXPECT_GE(ten_days, 24.0);
  EXPECT_LE(ten_days, 24.0 + 0.25 * kScale / 3600.0);
}

// T16: for n = 1..10 failures (HTTP 500, connection refused, DNS failure)
// the next poll waits min(interval × 2^n, 24 h) ± 20 %; one WARN line per
// feed; the first success restores the interval and logs the recovery.
TEST(FetchSchedule, FailingFeedsBackOffExponentiallyAndRecover) {
  HostileFeedServer server;
  std::string codes = "500,500,500,500,500,500,500,500,500,500,200";
  std::vector<TestFeed> feeds = {
      {"http500", server.Url("/sequence/t16?codes=" + codes)},
      {"refused", "http://127.0.0.1:1/feed.xml"},
      {"dns", "http://newsalert-test.invalid/feed.xml"},
  };
  const std::vector<std::string> classes = {"http", "connect", "dns"};
  FetchHarness harness;
  harness.WriteConfig(feeds, "poll_interval = \"1h\"");
  std::string all_logs;
  for (int n = 1; n <= 10; ++n) {
    ProcessResult run = harness.RunOnce({"--force"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    all_logs += run.err;
    double nominal = std::min(3600.0 * std::pow(2.0, n), 86400.0);
    for (std::size_t i = 0; i < feeds.size(); ++i) {
      std::optional<store::FeedState> state = harness.State(feeds[i].url);
      ASSERT_TRUE(state);
      EXPECT_EQ(state->consecutive_failures, n) << feeds[i].name;
      EXPECT_EQ(state->last_error_class.value_or(""), classes[i]) << feeds[i].name;
      EXPECT_TRUE(state->failing_since) << "status shows \"failing since\"";
      double delay = StoredDelaySeconds(*state);
      EXPECT_GE(delay, 0.8 * nominal) << feeds[i].name << " n=" << n;
      EXPECT_LE(delay, 1.2 * nominal) << feeds[i].name << " n=" << n;
    }
  }
  for (const TestFeed& feed : feeds) {
    EXPECT_EQ(testing::CountLines(all_logs, "warning feed poll failed feed=" + feed.name + " "),
              1)
        << all_logs;
  }
  ProcessResult recovered = harness.RunOnce({"--force"});
  std::optional<store::FeedState> state = harness.State(feeds[0].url);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->consecutive_failures, 0);
  EXPECT_FALSE(state->failing_since);
  EXPECT_FALSE(state->last_error);
  EXPECT_GE(StoredDelaySeconds(*state), 0.9 * 3600);
  EXPECT_LE(StoredDelaySeconds(*state), 1.1 * 3600);
  EXPECT_NE(recovered.err.find("feed recovered feed=http500 failures=10"), std::string::npos)
      << recovered.err;
}

// T16, live: the running daemon on a clock 28,800 times faster (8 h per
// second) never retries early, keeps doubling, and logs at most 2 WARN
// lines per feed per (virtual) day.
TEST(FetchSchedule, BackoffHoldsInTheRunningDaemon) {
  constexpr double kScale = 28800;
  HostileFeedServer server;
  FetchHarness harness;
  harness.WriteConfig({{"down", server.Url("/status/500")}}, "poll_interval = \"1m\"");
  testing::Subprocess daemon({testing::NewsalertBinary().string(), "run", "-c",
                              harness.ConfigPath()},
                             harness.Environment({{"NEWSALERT_TEST_CLOCK", ScaledClock(kScale)}}));
  // Attempt 11 comes after 1 + 2 + ... + 1024 minutes = 34.1 virtual hours.
  ASSERT_TRUE(testing::WaitFor([&] { return server.Requests("/status/500").size() >= 11; }, 20s))
      << daemon.Err();
  daemon.Signal(SIGTERM);
  ProcessResult result = daemon.Wait(10s);
  std::vector<testing::ServedRequest> requests = server.Requests("/status/500");
  for (std::size_t n = 1; n + 1 <= 10 && n < requests.size(); ++n) {
    double gap = (requests[n].time - requests[n - 1].time) * kScale;
    double nominal = std::min(60.0 * std::pow(2.0, static_cast<double>(n)), 86400.0);
    EXPECT_GE(gap, 0.8 * nominal) << "retry " << n;
    // + 250 ms of real latency (a loaded machine, a sanitizer build); the
    // exact ±20 % is checked without real time in the test above.
    EXPECT_LE(gap, 1.2 * nominal + 0.25 * kScale) << "retry " << n;
  }
  double span_hours = (requests.back().time - requests.front().time) * kScale / 3600;
  int warnings = testing::CountLines(result.err, "warning feed poll failed");
  EXPECT_GE(warnings, 1);
  // One WARN, then at most one per 12 h: never more than 2 in a day.
  EXPECT_LE(warnings, 1 + static_cast<int>(span_hours / 12)) << result.err;
}

// Cache-Control max-age and RSS <ttl> lengthen the interval when allowed,
// never shorten it, and count on a 304 too.
TEST(FetchSchedule, CacheHintsOnlyLengthenTheInterval) {
  HostileFeedServer server;
  std::vector<TestFeed> feeds = {
      {"maxage", server.Url("/feed/maxage?maxage=7200")},
      {"ttl", server.Url("/feed/ttl?ttl=180")},
      {"short", server.Url("/feed/short?maxage=60")},
  };
  FetchHarness respecting;
  respecting.WriteConfig(feeds, "poll_interval = \"10m\"\nrespect_cache_hints = true");
  FetchHarness ignoring;
  ignoring.WriteConfig(feeds, "poll_interval = \"10m\"");
  for (int run = 0; run < 2; ++run) {  // 200, then 304.
    ASSERT_EQ(respecting.RunOnce({"--force"}).exit_code, 0);
    ASSERT_EQ(ignoring.RunOnce({"--force"}).exit_code, 0);
    const double expected[] = {7200, 3 * 3600, 600};
    for (std::size_t i = 0; i < feeds.size(); ++i) {
      std::optional<store::FeedState> state = respecting.State(feeds[i].url);
      ASSERT_TRUE(state);
      EXPECT_EQ(state->last_status.value_or(0), run == 0 ? 200 : 304);
      EXPECT_NEAR(StoredDelaySeconds(*state), expected[i], 0.1 * expected[i]) << feeds[i].name;
      std::optional<store::FeedState> plain = ignoring.State(feeds[i].url);
      ASSERT_TRUE(plain);
      EXPECT_NEAR(StoredDelaySeconds(*plain), 600, 60) << feeds[i].name;
    }
  }
}

// A 301/308 chain is recorded as the feed's new home; a 302 is not. The
// configured URL stays the one polled.
TEST(FetchSchedule, PermanentRedirectsAreRecorded) {
  HostileFeedServer server;
  std::vector<TestFeed> feeds = {
      {"301", server.Url("/redirect-to?code=301&url=/feed/new301")},
      {"308", server.Url("/redirect-to?code=308&url=/feed/new308")},
      {"302", server.Url("/redirect-to?code=302&url=/feed/new302")},
  };
  FetchHarness harness;
  harness.WriteConfig(feeds);
  ProcessResult run = harness.RunOnce();
  ASSERT_EQ(run.exit_code, 0);
  EXPECT_EQ(harness.State(feeds[0].url)->redirected_to.value_or(""), server.Url("/feed/new301"));
  EXPECT_EQ(harness.State(feeds[1].url)->redirected_to.value_or(""), server.Url("/feed/new308"));
  EXPECT_FALSE(harness.State(feeds[2].url)->redirected_to);
  EXPECT_EQ(harness.State(feeds[0].url)->items_last_fetch.value_or(0), 5);
  EXPECT_NE(run.err.find("feed moved permanently feed=301 "), std::string::npos) << run.err;
}

// T10 (c): 200 hung feeds at once do not stall the loop: the watchdog keeps
// being pinged and a healthy feed completes at once.
TEST(FetchSchedule, HungFeedsDoNotStallTheLoop) {
  HostileFeedServer server;
  std::vector<TestFeed> feeds = {{"healthy", server.Url("/feed/healthy")}};
  for (int i = 0; i < 200; ++i) {
    feeds.push_back({"hung" + std::to_string(i), server.Url("/hang?n=" + std::to_string(i))});
  }
  FetchHarness harness;
  harness.WriteConfig(feeds,
                      "fetch_timeout = \"3s\"\nmax_concurrent_fetches = 256\n"
                      "max_connections_per_host = 100");
  // FX-NOTIFY: the socket systemd would listen on.
  std::string socket_path = (harness.dir() / "notify.sock").string();
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  timeval tick{0, 100000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof tick);
  std::atomic<bool> done{false};
  std::vector<std::chrono::steady_clock::time_point> pings;
  std::thread listener([&] {
    char buffer[512];
    while (!done) {
      ssize_t got = recv(fd, buffer, sizeof buffer - 1, 0);
      if (got <= 0) continue;
      if (std::string(buffer, static_cast<std::size_t>(got)).find("WATCHDOG=1") !=
          std::string::npos) {
        pings.push_back(std::chrono::steady_clock::now());
      }
    }
  });
  auto started = std::chrono::steady_clock::now();
  ProcessResult run = harness.RunOnce(
      {}, {{"NOTIFY_SOCKET", socket_path}, {"WATCHDOG_USEC", "2000000"}});
  auto ended = std::chrono::steady_clock::now();
  done = true;
  listener.join();
  close(fd);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_GE(pings.size(), 2u);
  auto previous = started;
  for (auto ping : pings) {
    EXPECT_LE(ping - previous, 10s);
    previous = ping;
  }
  EXPECT_LE(ended - previous, 10s);
  std::optional<store::FeedState> healthy = harness.State(server.Url("/feed/healthy"));
  ASSERT_TRUE(healthy);
  EXPECT_EQ(healthy->consecutive_failures, 0);
  EXPECT_LE(healthy->last_duration_ms.value_or(99999), 1000);
  EXPECT_EQ(harness.QueryInt("SELECT COUNT(*) FROM feeds WHERE last_error_class = 'timeout'"),
            200);
}

}  // namespace
}  // namespace newsalert
