#include <gtest/gtest.h>

#include "store/feed_state.h"
#include "store/schema.h"

namespace newsalert::store {
namespace {

using namespace std::chrono_literals;
constexpr std::int64_t kHour = 3600 * 1000;
constexpr std::int64_t kNow = 1000 * kHour;

TEST(FeedHealth, NewOkAndFailing) {
  FeedState state;
  EXPECT_EQ(AssessFeedHealth(state, kNow, 24h).condition, FeedCondition::kNew);
  state.first_success_at = kNow - kHour;
  state.last_success_at = kNow - kHour;
  state.last_new_item_at = kNow - kHour;
  FeedHealth ok = AssessFeedHealth(state, kNow, 24h);
  EXPECT_EQ(ok.condition, FeedCondition::kOk);
  EXPECT_FALSE(ok.stale);
  state.consecutive_failures = 3;
  state.failing_since = kNow - 2 * kHour;
  EXPECT_EQ(AssessFeedHealth(state, kNow, 24h).condition, FeedCondition::kFailing);
  EXPECT_STREQ(FeedConditionName(FeedCondition::kFailing), "failing");
}

TEST(FeedHealth, StaleWhenFailingOrSilentForTooLong) {
  FeedState failing;
  failing.consecutive_failures = 9;
  failing.failing_since = kNow - 25 * kHour;
  FeedHealth health = AssessFeedHealth(failing, kNow, 24h);
  EXPECT_TRUE(health.stale);
  EXPECT_EQ(health.stale_reason, "failing for 1d1h");

  FeedState silent;
  silent.first_success_at = kNow - 100 * kHour;
  silent.last_success_at = kNow;
  silent.last_new_item_at = kNow - 49 * kHour;
  health = AssessFeedHealth(silent, kNow, 48h);
  EXPECT_TRUE(health.stale);
  EXPECT_EQ(health.stale_reason, "no new item for 2d1h");

  FeedState empty_feed;  // Never had an item: counted from the first success.
  empty_feed.first_success_at = kNow - 30 * kHour;
  empty_feed.last_success_at = kNow;
  EXPECT_TRUE(AssessFeedHealth(empty_feed, kNow, 24h).stale);
  EXPECT_FALSE(AssessFeedHealth(empty_feed, kNow, 48h).stale);
}

TEST(FeedHealth, LoadHealthReadsEveryStoredFeed) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(**db).ok());
  FeedStateStore states(**db);
  FeedState state;
  state.url = "https://a.example/feed";
  state.name = "A";
  state.consecutive_failures = 2;
  state.failing_since = kNow - 30 * kHour;
  state.last_error_class = "dns";
  state.last_duration_ms = 12;
  state.redirected_to = "https://b.example/feed";
  ASSERT_TRUE(states.Save(state).ok());
  auto health = states.LoadHealth(kNow, 24h);
  ASSERT_TRUE(health.ok());
  ASSERT_EQ(health->size(), 1u);
  EXPECT_TRUE((*health)[0].stale);
  EXPECT_EQ((*health)[0].state.last_error_class, "dns");
  EXPECT_EQ((*health)[0].state.last_duration_ms, 12);
  EXPECT_EQ((*health)[0].state.redirected_to, "https://b.example/feed");
}

}  // namespace
}  // namespace newsalert::store

namespace newsalert::store {
namespace {

// The daemon's group commit: units of work nest as savepoints; a failed unit
// rolls back alone, the rest commits with the outer transaction.
TEST(Transaction, NestedUnitsCommitWithTheOuterOneAndRollBackAlone) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(Migrate(**db).ok());
  FeedStateStore states(**db);
  auto save = [&](const std::string& url) {
    FeedState state;
    state.url = url;
    state.name = url;
    return states.Save(state);
  };
  {
    Transaction batch(**db);
    ASSERT_TRUE(batch.Begin().ok());
    {
      Transaction kept(**db);
      ASSERT_TRUE(kept.Begin().ok());
      ASSERT_TRUE(save("https://kept.example/").ok());
      ASSERT_TRUE(kept.Commit().ok());
    }
    {
      Transaction dropped(**db);
      ASSERT_TRUE(dropped.Begin().ok());
      ASSERT_TRUE(save("https://dropped.example/").ok());
    }  // Destroyed without Commit: rolls back to its savepoint.
    ASSERT_TRUE(batch.Commit().ok());
  }
  auto all = states.LoadAll();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].url, "https://kept.example/");
  // Back in autocommit mode: a new transaction is a real one again.
  Transaction next(**db);
  EXPECT_TRUE(next.Begin().ok());
  EXPECT_TRUE(next.Commit().ok());
}

}  // namespace
}  // namespace newsalert::store
