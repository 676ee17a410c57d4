#include "app/scheduler.h"

#include <gtest/gtest.h>

namespace newsalert::app {
namespace {

using namespace std::chrono_literals;

TEST(NextPollTime, SuccessWaitsTheIntervalWithTenPercentJitter) {
  TimePoint now{};
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt, std::nullopt}, 0.0) - now, 10min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt, std::nullopt}, 1.0) - now, 11min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt, std::nullopt}, -1.0) - now, 9min);
}

TEST(NextPollTime, FailuresBackOffExponentiallyUpToADay) {
  TimePoint now{};
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, std::nullopt, std::nullopt}, 0.0) - now, 20min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 3, std::nullopt, std::nullopt}, 0.0) - now, 80min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 30, std::nullopt, std::nullopt}, 0.0) - now, 24h);
}

TEST(NextPollTime, RetryAfterIsClampedBetweenIntervalAndADay) {
  TimePoint now{};
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, 1h, std::nullopt}, 0.0) - now, 1h);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, 10s, std::nullopt}, 0.0) - now, 20min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, 240h, std::nullopt}, 0.0) - now, 24h);
}

TEST(NextPollTime, BackoffStaysWithinTwentyPercentAndNeverGivesUp) {
  TimePoint now{};
  for (int n = 1; n <= 40; ++n) {
    Duration nominal = std::min<Duration>(10min * (1LL << std::min(n, 20)), 24h);
    for (double jitter : {-1.0, -0.5, 0.0, 0.5, 1.0}) {
      Duration delay = std::chrono::duration_cast<Duration>(
          NextPollTime(now, PollTiming{10min, n, std::nullopt, std::nullopt}, jitter) - now);
      EXPECT_GE(delay.count(), nominal.count() * 8 / 10) << "n=" << n;
      EXPECT_LE(delay.count(), nominal.count() * 12 / 10) << "n=" << n;
    }
  }
}

TEST(NextPollTime, CacheHintsOnlyLengthenTheInterval) {
  TimePoint now{};
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt, 2h}, 0.0) - now, 2h);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt, 1min}, 0.0) - now, 10min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt, 240h}, 0.0) - now, 24h);
  // A failing feed backs off from its configured interval, hint or not.
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, std::nullopt, 2h}, 0.0) - now, 20min);
}

config::FeedConfig Feed(std::string url) {
  config::FeedConfig feed;
  feed.name = url;
  feed.url = std::move(url);
  feed.interval = 10min;
  return feed;
}

TEST(Scheduler, RespectsGlobalAndPerHostLimits) {
  Scheduler scheduler(3, 2);
  scheduler.SetFeeds({Feed("https://a.example/1"), Feed("https://a.example/2"),
                      Feed("https://a.example/3"), Feed("https://b.example/1"),
                      Feed("https://c.example/1")},
                     {});
  TimePoint now{};
  std::vector<std::string> started = scheduler.TakeDue(now);
  EXPECT_EQ(started.size(), 3u);
  int on_a = 0;
  for (const std::string& url : started) on_a += url.find("a.example") != std::string::npos;
  EXPECT_LE(on_a, 2);
  EXPECT_TRUE(scheduler.TakeDue(now).empty());
  scheduler.Finished(started[0], now + 10min);
  EXPECT_EQ(scheduler.TakeDue(now).size(), 1u);
}

TEST(Scheduler, KnownPollTimesKeepTheirRhythm) {
  Scheduler scheduler(10, 2);
  TimePoint now{};
  scheduler.SetFeeds({Feed("https://a.example/1"), Feed("https://b.example/1")},
                     {{"https://a.example/1", now + 5min}});
  EXPECT_EQ(scheduler.TakeDue(now), std::vector<std::string>{"https://b.example/1"});
  EXPECT_EQ(scheduler.NextDue(), now + 5min);
}

}  // namespace
}  // namespace newsalert::app
