#include "store/item_recorder.h"

#include <gtest/gtest.h>

#include "store/channel_state.h"
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

TEST_F(ItemRecorderTest, GuidThatChangesOnEveryFetchDoesNotAlertAgain) {
  // Some feeds stamp a fresh GUID on every fetch; the link still names the story.
  ASSERT_EQ(Record("feed-a", {Item("guid:poll-1", "T", "https://x/1")}, {{Match("f", "d1")}})
                ->queued.size(),
            1u);
  Result<RecordOutcome> again =
      Record("feed-a", {Item("guid:poll-2", "T", "https://x/1")}, {{Match("f", "d2")}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->new_items, 1);
  EXPECT_TRUE(again->queued.empty());
  EXPECT_EQ(again->duplicate_matches, 1);
}

TEST_F(ItemRecorderTest, TitleKeysJoinStoriesOnlyWithinTheirWindow) {
  model::Item a = Item("guid:a", "Morning", "https://a/1");
  a.story_keys.push_back("title:laos deports nine defectors");
  model::Item b = Item("guid:b", "Morning", "https://b/1");
  b.story_keys.push_back("title:laos deports nine defectors");
  ASSERT_EQ(Record("feed-a", {a}, {{Match("f", "d1")}})->queued.size(), 1u);
  EXPECT_TRUE(Record("feed-b", {b}, {{Match("f", "d2")}})->queued.empty());
  // Four days later the same title is another story.
  now_ += 4LL * 24 * 3600 * 1000;
  model::Item c = Item("guid:c", "Morning", "https://c/1");
  c.story_keys.push_back("title:laos deports nine defectors");
  EXPECT_EQ(Record("feed-c", {c}, {{Match("f", "d3")}})->queued.size(), 1u);
}

RecordPolicy FloodPolicy(int threshold) {
  RecordPolicy policy;
  policy.channels["hook"].flood_threshold = threshold;
  policy.flood_summary = [](const std::string&, const std::vector<AlertDraft>& members) {
    return GroupDraft{"flood-1", "{\"count\":" + std::to_string(members.size()) + "}",
                      std::to_string(members.size()) + " new matches", "f"};
  };
  return policy;
}

TEST_F(ItemRecorderTest, FloodBreakerGroupsAPollAboveTheThreshold) {
  std::vector<model::Item> items;
  std::vector<std::vector<FilterMatch>> matches;
  for (int i = 0; i < 25; ++i) {
    items.push_back(Item("guid:" + std::to_string(i), "T" + std::to_string(i),
                         "https://x/" + std::to_string(i)));
    matches.push_back({Match("f", "d" + std::to_string(i))});
  }
  FeedState state;
  state.url = "feed-a";
  state.name = "A";
  Result<RecordOutcome> outcome =
      ItemRecorder(*db_).Record(state, items, matches, false, now_, FloodPolicy(20));
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  ASSERT_EQ(outcome->floods.size(), 1u);
  EXPECT_EQ(outcome->queued.size(), 25u);  // Every alert is recorded...
  Outbox outbox(*db_);
  std::vector<OutboxRow> due = *outbox.Due("hook", now_, 100, {});
  ASSERT_EQ(due.size(), 1u);  // ...and one message goes out.
  EXPECT_EQ(due[0].kind, "flood");
  EXPECT_EQ(due[0].payload, "{\"count\":25}");
  EXPECT_EQ(outbox.GroupMembers(due[0].id)->size(), 25u);
  EXPECT_EQ((*outbox.Find("d3"))->state, "grouped");

  // 20 is not more than 20: single alerts.
  items.resize(20);
  matches.resize(20);
  for (int i = 0; i < 20; ++i) {
    items[i].item_key = "guid:n" + std::to_string(i);
    items[i].story_keys = {"url:https://y/" + std::to_string(i)};
    matches[i] = {Match("f", "e" + std::to_string(i))};
  }
  outcome = ItemRecorder(*db_).Record(state, items, matches, false, now_, FloodPolicy(20));
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->floods.empty());
  EXPECT_EQ(outbox.Due("hook", now_, 100, {})->size(), 21u);
}

TEST_F(ItemRecorderTest, DigestChannelsHoldAlertsUntilTheWindowEndsThenGroupThem) {
  RecordPolicy policy;
  policy.channels["hook"].hold_until = now_ + 3'600'000;
  FeedState state;
  state.url = "feed-a";
  ASSERT_TRUE(ItemRecorder(*db_)
                  .Record(state, {Item("guid:1", "A", "https://x/1"), Item("guid:2", "B", "https://x/2")},
                          {{Match("f", "d1")}, {Match("g", "d2")}}, false, now_, policy)
                  .ok());
  Outbox outbox(*db_);
  EXPECT_TRUE(outbox.Due("hook", now_ + 7'200'000, 10, {})->empty());
  EXPECT_EQ(**outbox.NextHeldAt("hook"), now_ + 3'600'000);
  auto build = [](const std::vector<OutboxRow>& members) {
    return GroupDraft{"digest-1", std::to_string(members.size()), "digest", "f, g"};
  };
  EXPECT_FALSE(outbox.GroupHeld("hook", now_ + 1000, build)->has_value());  // Window open.
  std::optional<OutboxRow> digest = *outbox.GroupHeld("hook", now_ + 3'600'000, build);
  ASSERT_TRUE(digest.has_value());
  EXPECT_EQ(digest->kind, "digest");
  EXPECT_EQ(digest->payload, "2");
  EXPECT_EQ(digest->state, "pending");
  EXPECT_EQ(outbox.GroupMembers(digest->id)->size(), 2u);
  EXPECT_FALSE(outbox.NextHeldAt("hook")->has_value());
  // Each alert went into exactly one digest.
  EXPECT_FALSE(outbox.GroupHeld("hook", now_ + 9'000'000, build)->has_value());
}

TEST_F(ItemRecorderTest, HeldAlertsAreReleasedWhenTheChannelStopsUsingDigests) {
  RecordPolicy policy;
  policy.channels["hook"].hold_until = now_ + 3'600'000;
  FeedState state;
  state.url = "feed-a";
  ASSERT_TRUE(ItemRecorder(*db_)
                  .Record(state, {Item("guid:1", "A", "https://x/1")}, {{Match("f", "d1")}}, false,
                          now_, policy)
                  .ok());
  Outbox outbox(*db_);
  EXPECT_EQ(*outbox.ReleaseHeld("hook", now_), 1);
  EXPECT_EQ(outbox.Due("hook", now_, 10, {})->size(), 1u);
}

TEST_F(ItemRecorderTest, SummariesTellStatusWhatEachChannelIsDoing) {
  ASSERT_TRUE(Record("feed-a", {Item("guid:1", "Laos story", "https://x/1"),
                                Item("guid:2", "Second", "https://x/2"),
                                Item("guid:3", "Third", "https://x/3")},
                     {{Match("f", "d1")}, {Match("f", "d2")}, {Match("f", "d3")}})
                  .ok());
  Outbox outbox(*db_);
  std::vector<OutboxRow> due = *outbox.Due("hook", now_, 10, {});
  ASSERT_EQ(due.size(), 3u);
  ASSERT_TRUE(outbox.MarkDelivered(due[0].id, now_ + 10, 200).ok());
  ASSERT_TRUE(outbox.ScheduleRetry(due[1].id, now_ + 20, now_ + 5000, 503, "HTTP 503").ok());
  ASSERT_TRUE(outbox.MarkFailed(due[2].id, now_ + 30, 404, "HTTP 404").ok());
  ChannelSummary summary = outbox.Summaries(now_ + 100)->at(0);
  EXPECT_EQ(summary.pending, 1);
  EXPECT_EQ(summary.due, 0);
  EXPECT_EQ(summary.retrying, 1);
  EXPECT_EQ(summary.delivered, 1);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.next_attempt_at, now_ + 5000);
  EXPECT_EQ(summary.last_delivered_at, now_ + 10);
  EXPECT_EQ(summary.last_failure_at, now_ + 30);
  EXPECT_EQ(summary.last_failure_error, "HTTP 404");
  std::vector<OutboxRow> failures = *outbox.RecentFailures(10);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].title, "Third");
  // A channel that recovers sends what waited at once.
  EXPECT_EQ(*outbox.PullForward("hook", now_ + 200), 1);
  EXPECT_EQ(outbox.Due("hook", now_ + 200, 10, {})->size(), 1u);
}

TEST_F(ItemRecorderTest, ChannelHealthIsKeptApartFromTheDisabledState) {
  ChannelStateStore states(*db_);
  ASSERT_TRUE(states.MarkFailing("hook", now_, now_, "connect: refused").ok());
  ASSERT_TRUE(states.MarkFailing("hook", now_ + 50, now_ + 50, "timeout").ok());
  ASSERT_TRUE(states.Disable("hook", now_ + 60, "HTTP 410", "hash").ok());
  std::vector<ChannelHealth> all = *states.All();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].failing_since, now_);  // Kept from the first failure.
  EXPECT_EQ(all[0].last_error, "timeout");
  EXPECT_EQ(all[0].disabled_at, now_ + 60);
  ASSERT_TRUE(states.Enable("hook").ok());
  ASSERT_TRUE(states.MarkHealthy("hook").ok());
  all = *states.All();
  EXPECT_FALSE(all[0].disabled_at.has_value());
  EXPECT_FALSE(all[0].failing_since.has_value());
}

TEST(Schema, OutboxRowsOfTheFirstSchemaSurviveTheMigrationToKinds) {
  std::unique_ptr<Database> db = std::move(*Database::Open(":memory:"));
  ASSERT_TRUE(MigrateTo(*db, 1).ok());
  ASSERT_TRUE(db->Exec("INSERT INTO stories (id, created_at, title) VALUES (7, 1, 'Laos story');"
                       "INSERT INTO outbox (delivery_id, channel, filter, story_id, feed_url, "
                       "payload, created_at, state, attempts, next_attempt_at, last_error) VALUES "
                       "('nla_old', 'hook', 'f', 7, 'feed', '{}', 1, 'pending', 2, 5, 'HTTP 503');"
                       "INSERT INTO channels (name, disabled_at, disabled_reason, target_hash) "
                       "VALUES ('gone', 3, 'HTTP 410', 'h');")
                  .ok());
  ASSERT_TRUE(Migrate(*db).ok());
  std::optional<OutboxRow> row = *Outbox(*db).Find("nla_old");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->kind, "alert");
  EXPECT_EQ(row->title, "Laos story");
  EXPECT_EQ(row->state, "pending");
  EXPECT_EQ(row->attempts, 2);
  EXPECT_EQ(row->last_error, "HTTP 503");
  EXPECT_EQ(Outbox(*db).Due("hook", 10, 10, {})->size(), 1u);
  EXPECT_TRUE(ChannelStateStore(*db).Disabled("gone")->has_value());
  Result<Statement> check = db->Prepare("PRAGMA foreign_key_check");
  EXPECT_FALSE(check->Step());
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
