#include "notify/dispatcher.h"

#include <spdlog/spdlog.h>

#include "base/log.h"
#include "base/metrics.h"
#include "base/time_format.h"
#include "notify/retry_policy.h"
#include "store/channel_state.h"
#include "store/outbox.h"
#include "text/item_builder.h"

namespace newsalert::notify {

Dispatcher::Dispatcher(store::Database& db, std::shared_ptr<const Clock> clock)
    : db_(db), clock_(std::move(clock)), random_(std::random_device{}()) {}

std::string Dispatcher::TargetHash(const config::ChannelConfig& config) const {
  return text::StableHash(config.url);
}

void Dispatcher::SetChannels(std::vector<std::shared_ptr<Channel>> channels) {
  std::map<std::string, ChannelSlot> slots;
  store::ChannelStateStore states(db_);
  for (std::shared_ptr<Channel>& channel : channels) {
    const config::ChannelConfig& config = channel->config();
    ChannelSlot slot;
    if (auto old = slots_.find(config.name); old != slots_.end()) {
      slot.in_flight = old->second.in_flight;
    }
    Result<std::optional<store::DisabledChannel>> disabled = states.Disabled(config.name);
    if (disabled.ok() && disabled->has_value()) {
      if ((*disabled)->target_hash == TargetHash(config)) {
        slot.disabled = true;
        spdlog::warn("channel disabled channel={} since={} reason={}", config.name,
                     FormatRfc3339(FromUnixMillis((*disabled)->disabled_at)),
                     Quote((*disabled)->reason));
      } else {
        // The operator pointed the channel somewhere else: try again.
        (void)states.Enable(config.name);
        spdlog::info("channel re-enabled after its target changed channel={}", config.name);
      }
    }
    slot.channel = std::move(channel);
    slots.emplace(config.name, std::move(slot));
  }
  slots_ = std::move(slots);
  dirty_ = true;
}

std::size_t Dispatcher::in_flight() const {
  std::size_t count = 0;
  for (const auto& [name, slot] : slots_) count += slot.in_flight.size();
  return count;
}

bool Dispatcher::HasDueWork() {
  store::Outbox outbox(db_);
  std::int64_t now = ToUnixMillis(clock_->Now());
  for (auto& [name, slot] : slots_) {
    if (slot.disabled) continue;
    Result<std::vector<store::OutboxRow>> due = outbox.Due(name, now, 1, slot.in_flight);
    if (due.ok() && !due->empty()) return true;
  }
  return false;
}

std::optional<TimePoint> Dispatcher::Tick() {
  TimePoint now = clock_->Now();
  if (!dirty_ && next_due_ && now < *next_due_) return next_due_;
  dirty_ = false;
  next_due_.reset();
  store::Outbox outbox(db_);
  std::int64_t now_ms = ToUnixMillis(now);
  for (auto& [name, slot] : slots_) {
    if (slot.disabled) continue;
    int limit = slot.channel->config().max_in_flight;
    int free = limit - static_cast<int>(slot.in_flight.size());
    if (free > 0) {
      Result<std::vector<store::OutboxRow>> due =
          outbox.Due(name, now_ms, static_cast<std::size_t>(free), slot.in_flight);
      if (!due.ok()) {
        spdlog::error("outbox read failed channel={} error={}", name,
                      Quote(due.status().message()));
        dirty_ = true;
        continue;
      }
      for (const store::OutboxRow& row : *due) Start(slot, row);
    }
  }
  // The next moment something becomes due on a channel with room; rows due
  // now on a full channel wait for a completion (which sets dirty_).
  std::vector<std::string> channels;
  for (const auto& [name, slot] : slots_) {
    if (!slot.disabled) channels.push_back(name);
  }
  Result<std::optional<std::int64_t>> next = outbox.NextAttemptAt(channels);
  if (next.ok() && next->has_value() && **next > now_ms) {
    next_due_ = FromUnixMillis(**next);
  }
  if (dirty_) next_due_ = now;
  return next_due_;
}

void Dispatcher::Start(ChannelSlot& slot, const store::OutboxRow& row) {
  slot.in_flight.insert(row.id);
  std::string channel_name = slot.channel->config().name;
  // The channel object stays alive through the callback even if a reload
  // replaces it meanwhile.
  std::shared_ptr<Channel> channel = slot.channel;
  channel->Deliver(row, [this, channel, channel_name, row](DeliveryOutcome outcome) {
    Finish(channel_name, row, std::move(outcome));
  });
}

void Dispatcher::Finish(const std::string& channel_name, const store::OutboxRow& row,
                        DeliveryOutcome outcome) {
  dirty_ = true;
  auto slot_it = slots_.find(channel_name);
  if (slot_it != slots_.end()) slot_it->second.in_flight.erase(row.id);
  TimePoint now = clock_->Now();
  std::int64_t now_ms = ToUnixMillis(now);
  store::Outbox outbox(db_);
  int attempts = row.attempts + 1;
  Status written;
  switch (outcome.kind) {
    case DeliveryOutcome::Kind::kDelivered:
      written = outbox.MarkDelivered(row.id, now_ms, outcome.status);
      metrics::Increment(metrics::kDeliveries, {{"channel", channel_name}, {"outcome", "delivered"}});
      metrics::Observe(metrics::kDeliveryLatency, {{"channel", channel_name}},
                       static_cast<double>(now_ms - row.created_at) / 1000.0);
      spdlog::info("alert delivered channel={} delivery={} filter={} attempts={}{}", channel_name,
                   row.delivery_id, Quote(row.filter), attempts,
                   outcome.status ? " status=" + std::to_string(*outcome.status) : "");
      break;
    case DeliveryOutcome::Kind::kDisable: {
      // The row stays pending: if the operator re-enables the channel, it
      // is delivered then.
      written = outbox.ScheduleRetry(row.id, now_ms, now_ms, outcome.status, outcome.error);
      const config::ChannelConfig* config =
          slot_it != slots_.end() ? &slot_it->second.channel->config() : nullptr;
      if (config != nullptr) {
        store::ChannelStateStore states(db_);
        Status disabled = states.Disable(channel_name, now_ms, outcome.error, TargetHash(*config));
        if (!disabled.ok()) written = disabled;
        slot_it->second.disabled = true;
      }
      metrics::Increment(metrics::kDeliveries, {{"channel", channel_name}, {"outcome", "disabled"}});
      spdlog::error("channel disabled: receiver answered 410 Gone channel={} delivery={} "
                    "filter={} (alerts wait in the outbox; change the channel's url to "
                    "re-enable it)",
                    channel_name, row.delivery_id, Quote(row.filter));
      break;
    }
    case DeliveryOutcome::Kind::kRetry:
    case DeliveryOutcome::Kind::kPermanent: {
      const config::ChannelConfig* config =
          slot_it != slots_.end() ? &slot_it->second.channel->config() : nullptr;
      if (config == nullptr) {
        // The channel was removed by a reload meanwhile: keep the row.
        written = outbox.ScheduleRetry(row.id, now_ms, now_ms, outcome.status, outcome.error);
        break;
      }
      TimePoint first = row.first_attempt_at ? FromUnixMillis(*row.first_attempt_at) : now;
      std::uniform_real_distribution<double> jitter(-1.0, 1.0);
      RetryDecision decision = DecideRetry(*config, attempts, first, now, outcome, jitter(random_));
      if (decision.give_up) {
        written = outbox.MarkFailed(row.id, now_ms, outcome.status, outcome.error);
        metrics::Increment(metrics::kDeliveries, {{"channel", channel_name}, {"outcome", "failed"}});
        spdlog::error("alert delivery failed permanently channel={} delivery={} filter={} "
                      "attempts={} error={} reason={}",
                      channel_name, row.delivery_id, Quote(row.filter), attempts,
                      Quote(outcome.error), Quote(decision.reason));
      } else {
        written = outbox.ScheduleRetry(row.id, now_ms, ToUnixMillis(decision.next_attempt),
                                       outcome.status, outcome.error);
        metrics::Increment(metrics::kDeliveries, {{"channel", channel_name}, {"outcome", "retry"}});
        auto wait = std::chrono::duration_cast<Duration>(decision.next_attempt - now);
        spdlog::warn("alert delivery failed, will retry channel={} delivery={} filter={} "
                     "attempt={} retry_in={} error={}",
                     channel_name, row.delivery_id, Quote(row.filter), attempts,
                     FormatDuration(wait), Quote(outcome.error));
      }
      break;
    }
  }
  if (!written.ok()) {
    // The attempt's outcome is lost; the row stays as it was and is retried,
    // which at worst repeats a delivery (at-least-once).
    spdlog::error("outbox update failed channel={} delivery={} error={}", channel_name,
                  row.delivery_id, Quote(written.message()));
  }
}

}  // namespace newsalert::notify
