#include "app/scheduler.h"

#include <gtest/gtest.h>

namespace newsalert::app {
namespace {

using namespace std::chrono_literals;

TEST(NextPollTime, SuccessWaitsTheIntervalWithTenPercentJitter) {
  TimePoint now{};
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt}, 0.0) - now, 10min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt}, 1.0) - now, 11min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 0, std::nullopt}, -1.0) - now, 9min);
}

TEST(NextPollTime, FailuresBackOffExponentiallyUpToADay) {
  TimePoint now{};
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, std::nullopt}, 0.0) - now, 20min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 3, std::nullopt}, 0.0) - now, 80min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 30, std::nullopt}, 0.0) - now, 24h);
}

TEST(NextPollTime, RetryAfterIsClampedBetweenIntervalAndADay) {
  TimePoint now{};
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, 1h}, 0.0) - now, 1h);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, 10s}, 0.0) - now, 20min);
  EXPECT_EQ(NextPollTime(now, PollTiming{10min, 1, 240h}, 0.0) - now, 24h);
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
