#include "notify/retry_policy.h"

#include <gtest/gtest.h>

namespace newsalert::notify {
namespace {

using namespace std::chrono_literals;

config::ChannelConfig DefaultChannel() {
  config::ChannelConfig channel;
  channel.retry_schedule = config::DefaultRetrySchedule();
  return channel;
}

DeliveryOutcome ServerError() {
  DeliveryOutcome outcome;
  outcome.kind = DeliveryOutcome::Kind::kRetry;
  outcome.status = 503;
  return outcome;
}

TEST(RetryPolicy, DefaultScheduleGivesEightAttemptsEndingAtTwentyFourHours) {
  config::ChannelConfig channel = DefaultChannel();
  TimePoint first = TimePoint(std::chrono::hours(1000000));
  TimePoint now = first;
  std::vector<Duration> delays;
  int attempts = 1;
  while (true) {
    RetryDecision decision = DecideRetry(channel, attempts, first, now, ServerError(), 0.0);
    if (decision.give_up) break;
    delays.push_back(std::chrono::duration_cast<Duration>(decision.next_attempt - now));
    now = decision.next_attempt;
    ++attempts;
  }
  EXPECT_EQ(attempts, 8);
  ASSERT_EQ(delays.size(), 7u);
  EXPECT_EQ(delays[0], 5s);
  EXPECT_EQ(delays[1], 5min);
  EXPECT_EQ(delays[2], 30min);
  EXPECT_EQ(delays[3], 2h);
  EXPECT_EQ(delays[4], 5h);
  EXPECT_EQ(delays[5], 10h);
  EXPECT_EQ(now - first, 24h);  // The last attempt sits on the bound.
}

TEST(RetryPolicy, JitterStaysWithinTwentyPercent) {
  config::ChannelConfig channel = DefaultChannel();
  TimePoint now{};
  for (double jitter : {-1.0, -0.5, 0.5, 1.0}) {
    RetryDecision decision = DecideRetry(channel, 2, now, now, ServerError(), jitter);
    auto delay = decision.next_attempt - now;
    EXPECT_GE(delay, 4min);
    EXPECT_LE(delay, 6min);
  }
}

TEST(RetryPolicy, RetryAfterLengthensTheDelay) {
  DeliveryOutcome outcome = ServerError();
  outcome.retry_after = 120s;
  TimePoint now{};
  RetryDecision decision = DecideRetry(DefaultChannel(), 1, now, now, outcome, 0.0);
  EXPECT_EQ(decision.next_attempt - now, 120s);
}

TEST(RetryPolicy, ClientErrorsAreRetriedThreeTimesThenGivenUp) {
  DeliveryOutcome outcome = ServerError();
  outcome.status = 404;
  outcome.client_error = true;
  TimePoint now{};
  EXPECT_FALSE(DecideRetry(DefaultChannel(), 2, now, now, outcome, 0.0).give_up);
  EXPECT_TRUE(DecideRetry(DefaultChannel(), 3, now, now, outcome, 0.0).give_up);
}

}  // namespace
}  // namespace newsalert::notify
