// Dispatcher: drains the outbox. Starts due deliveries on each channel up to
// its max_in_flight, records every outcome in the outbox (delivered, retry
// at a time from the retry policy, failed), and disables a channel whose
// receiver answers 410. Runs on the event loop thread; one slow receiver
// only ever occupies its own channel's slots.
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

class Dispatcher {
 public:
  Dispatcher(store::Database& db, std::shared_ptr<const Clock> clock);

  // Replaces the set of channels (at start and on reload). Attempts already
  // in flight finish on the channel objects that started them.
  void SetChannels(std::vector<std::shared_ptr<Channel>> channels);

  // Says new rows may be due (after items were recorded).
  void Wake() { dirty_ = true; }

  // Starts every delivery that is due and allowed. Returns when it should be
  // called again at the latest (nullopt: nothing scheduled).
  std::optional<TimePoint> Tick();

  std::size_t in_flight() const;

  // True when some pending row is due now on an enabled channel (--once
  // uses this to know when it is done).
  bool HasDueWork();

 private:
  struct ChannelSlot {
    std::shared_ptr<Channel> channel;
    std::set<std::int64_t> in_flight;  // Outbox row ids.
    bool disabled = false;
  };

  void Start(ChannelSlot& slot, const store::OutboxRow& row);
  void Finish(const std::string& channel_name, const store::OutboxRow& row,
              DeliveryOutcome outcome);
  std::string TargetHash(const config::ChannelConfig& config) const;

  store::Database& db_;
  std::shared_ptr<const Clock> clock_;
  std::map<std::string, ChannelSlot> slots_;
  bool dirty_ = true;
  std::optional<TimePoint> next_due_;
  std::mt19937_64 random_;
};

}  // namespace newsalert::notify
