#include "notify/dispatcher.h"

#include <gtest/gtest.h>

#include "base/time_format.h"
#include "notify/alert_payload.h"
#include "store/channel_state.h"
#include "store/outbox.h"
#include "store/schema.h"

namespace newsalert::notify {
namespace {

using namespace std::chrono_literals;

class ManualClock final : public Clock {
 public:
  TimePoint Now() const override { return now; }
  std::chrono::nanoseconds RealDuration(std::chrono::nanoseconds d) const override { return d; }
  TimePoint now = TimePoint(std::chrono::hours(480000));
};

// Records deliveries; the test decides each outcome.
class FakeChannel final : public Channel {
 public:
  explicit FakeChannel(config::ChannelConfig config) : config_(std::move(config)) {}
  const config::ChannelConfig& config() const override { return config_; }
  void Deliver(const store::OutboxRow& row, DeliveryCallback done) override {
    started.push_back(row.delivery_id);
    waiting.push_back(std::move(done));
  }
  // Completes the oldest attempt in flight.
  void Complete(DeliveryOutcome outcome) {
    DeliveryCallback done = std::move(waiting.front());
    waiting.erase(waiting.begin());
    done(std::move(outcome));
  }

  std::vector<std::string> started;
  std::vector<DeliveryCallback> waiting;

 private:
  config::ChannelConfig config_;
};

DeliveryOutcome Delivered() { return DeliveryOutcome{}; }
DeliveryOutcome Unavailable(std::optional<Duration> retry_after = std::nullopt) {
  DeliveryOutcome outcome;
  outcome.kind = DeliveryOutcome::Kind::kRetry;
  outcome.status = 503;
  outcome.error = "HTTP 503";
  outcome.endpoint_failure = true;
  outcome.retry_after = retry_after;
  return outcome;
}

class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(*store::Database::Open(":memory:"));
    ASSERT_TRUE(store::Migrate(*db_).ok());
    ASSERT_TRUE(db_->Exec("INSERT INTO stories (id, created_at, title) VALUES (1, 0, 's')").ok());
    clock_ = std::make_shared<ManualClock>();
    config::ChannelConfig config;
    config.name = "hook";
    config.type = config::ChannelType::kWebhook;
    config.url = "https://hooks.example/a";
    config.retry_schedule = config::DefaultRetrySchedule();
    channel_ = std::make_shared<FakeChannel>(config);
    dispatcher_ = std::make_unique<Dispatcher>(*db_, clock_);
    dispatcher_->SetChannels({channel_});
  }

  // Callbacks never completed hold the channel they were started on (as
  // the dispatcher's do): drop them, or the pair keeps itself alive.
  void TearDown() override {
    for (FakeChannel* channel : channels_to_clear_) channel->waiting.clear();
    channel_->waiting.clear();
  }

  // A pending row created now (or held until `hold_until`).
  void AddRow(const std::string& id, std::optional<TimePoint> hold_until = std::nullopt) {
    AlertContent alert;
    alert.id = id;
    alert.title = "title " + id;
    std::int64_t now = ToUnixMillis(clock_->now);
    Result<store::Statement> insert = db_->Prepare(
        "INSERT INTO outbox (delivery_id, channel, filter, story_id, feed_url, title, payload, "
        "created_at, state, next_attempt_at) VALUES (?, 'hook', ?, NULL, 'f', ?, ?, ?, ?, ?)");
    insert->Bind(1, id).Bind(2, "filter-" + id).Bind(3, alert.title).Bind(4, SerializeAlert(alert));
    insert->Bind(5, now).Bind(6, hold_until ? "held" : "pending");
    insert->Bind(7, hold_until ? ToUnixMillis(*hold_until) : now);
    ASSERT_TRUE(insert->Run().ok());
    dispatcher_->Wake();
  }

  std::string State(const std::string& id) {
    return (*store::Outbox(*db_).Find(id))->state;
  }

  std::unique_ptr<store::Database> db_;
  std::shared_ptr<ManualClock> clock_;
  std::shared_ptr<FakeChannel> channel_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::vector<FakeChannel*> channels_to_clear_;
};

TEST_F(DispatcherTest, NeverMoreThanMaxInFlightAtOnceInOrderOfDetection) {
  for (int i = 0; i < 10; ++i) AddRow("d" + std::to_string(i));
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started, (std::vector<std::string>{"d0", "d1", "d2", "d3"}));
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started.size(), 4u);
  channel_->Complete(Delivered());
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started.size(), 5u);
  EXPECT_EQ(channel_->started.back(), "d4");
  EXPECT_EQ(State("d0"), "delivered");
}

TEST_F(DispatcherTest, FailingReceiverIsProbedWithTheOldestAlertAndTheBacklogFollowsInOrder) {
  for (int i = 0; i < 4; ++i) AddRow("d" + std::to_string(i));
  dispatcher_->Tick();
  ASSERT_EQ(channel_->started.size(), 4u);
  for (int i = 0; i < 4; ++i) channel_->Complete(Unavailable());
  EXPECT_TRUE(store::ChannelStateStore(*db_).All()->at(0).failing_since.has_value());
  // New alerts wait without attempts while the receiver is down.
  AddRow("d4");
  AddRow("d5");
  std::optional<TimePoint> next = dispatcher_->Tick();
  EXPECT_EQ(channel_->started.size(), 4u);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, FromUnixMillis((*store::Outbox(*db_).Find("d0"))->next_attempt_at));
  clock_->now = *next;
  dispatcher_->Tick();
  ASSERT_EQ(channel_->started.size(), 5u);
  EXPECT_EQ(channel_->started.back(), "d0");  // The oldest probes, alone.
  channel_->Complete(Unavailable());
  clock_->now = FromUnixMillis((*store::Outbox(*db_).Find("d0"))->next_attempt_at);
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started.back(), "d0");
  EXPECT_EQ((*store::Outbox(*db_).Find("d4"))->attempts, 0);
  channel_->Complete(Delivered());  // The receiver is back.
  dispatcher_->Tick();
  // Everything that waited is due at once, in order of detection.
  ASSERT_EQ(channel_->started.size(), 10u);
  EXPECT_EQ(std::vector<std::string>(channel_->started.begin() + 6, channel_->started.end()),
            (std::vector<std::string>{"d1", "d2", "d3", "d4"}));
  EXPECT_FALSE(store::ChannelStateStore(*db_).All()->at(0).failing_since.has_value());
}

TEST_F(DispatcherTest, AFailureOfOneAlertDoesNotStopTheOthers) {
  AddRow("d0");
  AddRow("d1");
  dispatcher_->Tick();
  DeliveryOutcome bug;  // A receiver error on this payload: HTTP 500.
  bug.kind = DeliveryOutcome::Kind::kRetry;
  bug.status = 500;
  bug.error = "HTTP 500";
  channel_->Complete(std::move(bug));
  AddRow("d2");
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started.back(), "d2");
}

TEST_F(DispatcherTest, RetryAfterPausesTheWholeChannel) {
  AddRow("d0");
  dispatcher_->Tick();
  channel_->Complete(Unavailable(2min));
  AddRow("d1");
  std::optional<TimePoint> next = dispatcher_->Tick();
  EXPECT_EQ(channel_->started.size(), 1u);  // d1 waits with the channel.
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, clock_->now + 2min);
  clock_->now += 1min;
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started.size(), 1u);
  clock_->now += 1min;
  dispatcher_->Tick();
  // One failure is not an outage: both go out, the oldest first.
  EXPECT_EQ(channel_->started, (std::vector<std::string>{"d0", "d0", "d1"}));
}

TEST_F(DispatcherTest, OneBlipDoesNotSlowTheChannelDown) {
  for (int i = 0; i < 6; ++i) AddRow("d" + std::to_string(i));
  dispatcher_->Tick();
  channel_->Complete(Unavailable());
  channel_->Complete(Delivered());
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started.size(), 6u);  // Still four at a time.
  EXPECT_TRUE(store::ChannelStateStore(*db_).All()->empty());
}

TEST_F(DispatcherTest, GoneDisablesTheChannelAndKeepsItsAlerts) {
  AddRow("d0");
  AddRow("d1");
  dispatcher_->Tick();
  DeliveryOutcome gone;
  gone.kind = DeliveryOutcome::Kind::kDisable;
  gone.status = 410;
  gone.error = "HTTP 410 Gone";
  channel_->Complete(std::move(gone));
  channel_->Complete(Delivered());
  AddRow("d2");
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started.size(), 2u);
  EXPECT_EQ(State("d0"), "pending");
  EXPECT_EQ(State("d2"), "pending");
  EXPECT_TRUE(store::ChannelStateStore(*db_).Disabled("hook")->has_value());
  // The same target after a restart: still disabled.
  Dispatcher restarted(*db_, clock_);
  restarted.SetChannels({channel_});
  restarted.Tick();
  EXPECT_EQ(channel_->started.size(), 2u);
}

TEST_F(DispatcherTest, HeldAlertsBecomeOneDigestWhenTheWindowEnds) {
  config::ChannelConfig config = channel_->config();
  config.mode = config::DeliveryMode::kHourly;
  auto digest_channel = std::make_shared<FakeChannel>(config);
  channels_to_clear_.push_back(digest_channel.get());
  dispatcher_->SetChannels({digest_channel});
  TimePoint end = clock_->now + 30min;
  AddRow("d0", end);
  AddRow("d1", end);
  std::optional<TimePoint> next = dispatcher_->Tick();
  EXPECT_TRUE(digest_channel->started.empty());
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, end);
  clock_->now = end;
  dispatcher_->Tick();
  ASSERT_EQ(digest_channel->started.size(), 1u);
  std::optional<store::OutboxRow> digest = *store::Outbox(*db_).Find(digest_channel->started[0]);
  ASSERT_TRUE(digest.has_value());
  EXPECT_EQ(digest->kind, "digest");
  Result<AlertDocument> document = ParseDocument(digest->payload);
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->group.count, 2u);
  EXPECT_EQ(State("d0"), "grouped");
  digest_channel->Complete(Delivered());
  EXPECT_EQ(store::Outbox(*db_).Find(digest->delivery_id)->value().state, "delivered");
}

TEST_F(DispatcherTest, ImmediateChannelReleasesAlertsHeldForADigest) {
  AddRow("d0", clock_->now + 1h);
  dispatcher_->SetChannels({channel_});  // Immediate: a reload dropped mode = "hourly".
  dispatcher_->Tick();
  EXPECT_EQ(channel_->started, std::vector<std::string>{"d0"});
}

}  // namespace
}  // namespace newsalert::notify
