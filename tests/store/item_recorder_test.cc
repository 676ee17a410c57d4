#include "store/item_recorder.h"

#include <gtest/gtest.h>

#include "store/outbox.h"
#include "store/schema.h"

namespace newsalert::store {
namespace {

class ItemRecorderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(":memory:");
    ASSERT_TRUE(db.ok());
    db_ = std::move(*db);
    ASSERT_TRUE(Migrate(*db_).ok());
  }

  static model::Item Item(std::string key, std::string title, std::string link,
                          std::string hash = "h1") {
    model::Item item;
    item.item_key = std::move(key);
    item.title = std::move(title);
    item.link = link;
    item.content_hash = std::move(hash);
    if (!link.empty()) item.story_keys.push_back("url:" + link);
    return item;
  }

  static FilterMatch Match(std::string filter, std::string delivery_id) {
    return FilterMatch{filter, {AlertDraft{"hook", std::move(delivery_id), "{}"}}};
  }

  Result<RecordOutcome> Record(const std::string& feed_url, const std::vector<model::Item>& items,
                               const std::vector<std::vector<FilterMatch>>& matches,
                               bool baseline = false) {
    FeedState state;
    state.url = feed_url;
    state.name = feed_url;
    state.etag = "\"v1\"";
    return ItemRecorder(*db_).Record(state, items, matches, baseline, now_ += 1000);
  }

  int CountRows(const char* table) {
    Result<Statement> query = db_->Prepare(std::string("SELECT COUNT(*) FROM ") + table);
    query->Step();
    return static_cast<int>(query->Int(0));
  }

  std::unique_ptr<Database> db_;
  std::int64_t now_ = 1'700'000'000'000;
};

TEST_F(ItemRecorderTest, NewItemWithMatchQueuesOneOutboxRowPerChannel) {
  Result<RecordOutcome> outcome =
      Record("feed-a", {Item("guid:1", "T", "https://x/1")}, {{Match("f", "d1")}});
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(outcome->new_items, 1);
  ASSERT_EQ(outcome->queued.size(), 1u);
  EXPECT_EQ(outcome->queued[0].delivery_id, "d1");
  Result<std::optional<OutboxRow>> row = Outbox(*db_).Find("d1");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->state, "pending");
}

TEST_F(ItemRecorderTest, SeenItemsAreReportedUnchanged) {
  ASSERT_TRUE(Record("feed-a", {Item("guid:1", "T", "https://x/1")}, {{}}).ok());
  Result<std::vector<bool>> changed = ItemRecorder(*db_).NewOrChanged(
      "feed-a", {Item("guid:1", "T", "https://x/1"), Item("guid:2", "U", "https://x/2"),
                 Item("guid:1", "T2", "https://x/1", "h2")});
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(*changed, (std::vector<bool>{false, true, true}));
  // The same key in another feed is a different item.
  EXPECT_EQ(*ItemRecorder(*db_).NewOrChanged("feed-b", {Item("guid:1", "T", "https://x/1")}),
            std::vector<bool>{true});
}

TEST_F(ItemRecorderTest, OneStoryInTwoFeedsAlertsOncePerFilter) {
  ASSERT_EQ(Record("feed-a", {Item("guid:1", "T", "https://x/1")}, {{Match("f", "d1")}})
                ->queued.size(),
            1u);
  Result<RecordOutcome> second =
      Record("feed-b", {Item("other-guid", "T", "https://x/1")},
             {{Match("f", "d2"), Match("g", "d3")}});
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->duplicate_matches, 1);
  ASSERT_EQ(second->queued.size(), 1u);  // Filter g had not matched the story yet.
  EXPECT_EQ(second->queued[0].filter, "g");
  EXPECT_EQ(CountRows("stories"), 1);
}

TEST_F(ItemRecorderTest, EditedItemAlertsOnlyForNewlyMatchingFilters) {
  ASSERT_TRUE(Record("feed-a", {Item("guid:1", "T", "https://x/1")}, {{Match("f", "d1")}}).ok());
  Result<RecordOutcome> edited = Record(
      "feed-a", {Item("guid:1", "T edited", "https://x/1", "h2")}, {{Match("f", "d2")}});
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ(edited->changed_items, 1);
  EXPECT_TRUE(edited->queued.empty());
  Result<RecordOutcome> newly = Record(
      "feed-a", {Item("guid:1", "T again", "https://x/1", "h3")},
      {{Match("f", "d3"), Match("g", "d4")}});
  ASSERT_EQ(newly->queued.size(), 1u);
  EXPECT_EQ(newly->queued[0].delivery_id, "d4");
}

TEST_F(ItemRecorderTest, BaselineRemembersMatchesWithoutAlerting) {
  Result<RecordOutcome> baseline =
      Record("feed-a", {Item("guid:1", "T", "https://x/1")}, {{Match("f", "d1")}}, true);
  ASSERT_TRUE(baseline.ok());
  EXPECT_EQ(baseline->baseline_matches, 1);
  EXPECT_TRUE(baseline->queued.empty());
  EXPECT_EQ(CountRows("outbox"), 0);
  // The same story later in another feed does not alert either.
  EXPECT_TRUE(Record("feed-b", {Item("g", "T", "https://x/1")}, {{Match("f", "d2")}})
                  ->queued.empty());
}

TEST_F(ItemRecorderTest, FeedStateIncludingValidatorsIsSavedWithTheItems) {
  ASSERT_TRUE(Record("feed-a", {Item("guid:1", "T", "https://x/1")}, {{}}).ok());
  Result<std::optional<FeedState>> state = FeedStateStore(*db_).Load("feed-a");
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->etag, "\"v1\"");
  EXPECT_TRUE((*state)->last_new_item_at.has_value());
}

TEST_F(ItemRecorderTest, OutboxTransitionsAreRecorded) {
  ASSERT_TRUE(Record("feed-a", {Item("guid:1", "T", "https://x/1")}, {{Match("f", "d1")}}).ok());
  Outbox outbox(*db_);
  std::vector<OutboxRow> due = *outbox.Due("hook", now_, 10, {});
  ASSERT_EQ(due.size(), 1u);
  ASSERT_TRUE(outbox.ScheduleRetry(due[0].id, now_, now_ + 5000, 503, "HTTP 503").ok());
  EXPECT_TRUE(outbox.Due("hook", now_, 10, {})->empty());
  EXPECT_EQ(**outbox.NextAttemptAt({"hook"}), now_ + 5000);
  ASSERT_TRUE(outbox.MarkDelivered(due[0].id, now_ + 5000, 200).ok());
  std::optional<OutboxRow> row = *outbox.Find("d1");
  EXPECT_EQ(row->state, "delivered");
  EXPECT_EQ(row->attempts, 2);
  EXPECT_EQ(row->first_attempt_at, now_);
  std::vector<ChannelSummary> summaries = *outbox.Summaries(now_ + 6000);
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].channel, "hook");
  EXPECT_EQ(summaries[0].delivered, 1);
  EXPECT_EQ(summaries[0].pending, 0);
}

TEST(Schema, MigratesOnceAndRefusesNewerDatabases) {
  Result<std::unique_ptr<Database>> db = Database::Open(":memory:");
  ASSERT_TRUE(Migrate(**db).ok());
  ASSERT_TRUE(Migrate(**db).ok());  // Idempotent.
  ASSERT_TRUE((*db)->Exec("PRAGMA user_version = 999").ok());
  Status status = Migrate(**db);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("newer than this newsalert"), std::string::npos);
}

}  // namespace
}  // namespace newsalert::store
