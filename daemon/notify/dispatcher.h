// Dispatcher: drains the outbox. Starts due deliveries on each channel up to
// its max_in_flight, records every outcome in the outbox (delivered, retry
// at a time from the retry policy, failed), disables a channel whose
// receiver answers 410, and turns held alerts into a digest when their
// window ends. Runs on the event loop thread; one slow receiver only ever
// occupies its own channel's slots.
//
// A channel whose receiver fails as a whole (kFailingAfter such failures in
// a row: no connection, timeouts, 408, 429, 502-504, SMTP 4xx) is "failing": only its oldest pending alert is
// attempted, on that alert's retry schedule (and after any Retry-After),
// while newer alerts wait without spending attempts. The first success ends
// it and makes every waiting alert due at once, so after an outage the
// backlog arrives in order of detection rather than scattered over retry
// schedules, and a dead receiver gets one request per retry step instead of
// one per alert. Failing is kept in the store (status shows it, a restart
// resumes it) and logged once when it starts and once when it ends.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "notify/channel.h"
#include "store/database.h"

namespace newsalert::notify {

// Failures of the receiver as a whole, in a row, that make a channel failing.
inline constexpr int kFailingAfter = 3;

class Dispatcher {
 public:
  Dispatcher(store::Database& db, std::shared_ptr<const Clock> clock);

  // Replaces the set of channels (at start and on reload). Attempts already
  // in flight finish on the channel objects that started them. Alerts held
  // for a digest on a channel that no longer has one are released.
  void SetChannels(std::vector<std::shared_ptr<Channel>> channels);

  // Says new rows may be due (after items were recorded).
  void Wake() { dirty_ = true; }

  // Starts every delivery that is due and allowed, and builds digests whose
  // window ended. Returns when it should be called again at the latest
  // (nullopt: nothing scheduled).
  std::optional<TimePoint> Tick();

  std::size_t in_flight() const;

  // True when some pending row is due now on an enabled channel, or a
  // digest window ended (--once uses this to know when it is done).
  bool HasDueWork();

 private:
  struct ChannelSlot {
    std::shared_ptr<Channel> channel;
    std::set<std::int64_t> in_flight;  // Outbox row ids.
    bool disabled = false;
    bool failing = false;
    int consecutive_failures = 0;           // Of the receiver as a whole.
    std::optional<TimePoint> paused_until;  // The receiver's Retry-After.
  };

  void BuildDueDigest(const std::string& name, ChannelSlot& slot, TimePoint now);
  void Start(ChannelSlot& slot, const store::OutboxRow& row);
  void Finish(const std::string& channel_name, const store::OutboxRow& row,
              DeliveryOutcome outcome);
  void RecordHealth(const std::string& channel_name, ChannelSlot* slot,
                    const DeliveryOutcome& outcome, TimePoint now);

  store::Database& db_;
  std::shared_ptr<const Clock> clock_;
  std::map<std::string, ChannelSlot> slots_;
  bool dirty_ = true;
  std::optional<TimePoint> next_due_;
  std::mt19937_64 random_;
};

// What identifies where a channel delivers (its URL; for email the server
// and recipients): a 410 disables a channel until this changes.
std::string ChannelTargetHash(const config::ChannelConfig& config);

}  // namespace newsalert::notify
