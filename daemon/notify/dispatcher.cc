#include "notify/dispatcher.h"

#include <spdlog/spdlog.h>

#include "base/log.h"
#include "base/metrics.h"
#include "base/strings.h"
#include "base/test_fault.h"
#include "base/time_format.h"
#include "notify/delivery_policy.h"
#include "notify/retry_policy.h"
#include "store/channel_state.h"
#include "store/outbox.h"
#include "text/item_builder.h"

namespace newsalert::notify {

std::string ChannelTargetHash(const config::ChannelConfig& config) {
  if (config.type == config::ChannelType::kEmail) {
    return text::StableHash(config.email.smtp_url + "\n" + Join(config.email.to, ","));
  }
  return text::StableHash(config.url);
}

Dispatcher::Dispatcher(store::Database& db, std::shared_ptr<const Clock> clock)
    : db_(db), clock_(std::move(clock)), random_(std::random_device{}()) {}

void Dispatcher::SetChannels(std::vector<std::shared_ptr<Channel>> channels) {
  std::map<std::string, ChannelSlot> slots;
  store::ChannelStateStore states(db_);
  store::Outbox outbox(db_);
  std::map<std::string, store::ChannelHealth> health;
  if (Result<std::vector<store::ChannelHealth>> all = states.All(); all.ok()) {
    for (store::ChannelHealth& entry : *all) health[entry.channel] = std::move(entry);
  }
  std::int64_t now_ms = ToUnixMillis(clock_->Now());
  for (std::shared_ptr<Channel>& channel : channels) {
    const config::ChannelConfig& config = channel->config();
    ChannelSlot slot;
    if (auto old = slots_.find(config.name); old != slots_.end()) {
      slot.in_flight = old->second.in_flight;
      slot.failing = old->second.failing;
      slot.paused_until = old->second.paused_until;
    } else if (auto known = health.find(config.name); known != health.end()) {
      slot.failing = known->second.failing_since.has_value();
    }
    Result<std::optional<store::DisabledChannel>> disabled = states.Disabled(config.name);
    if (disabled.ok() && disabled->has_value()) {
      if ((*disabled)->target_hash == ChannelTargetHash(config)) {
        slot.disabled = true;
        spdlog::warn("channel disabled channel={} since={} reason={}", config.name,
                     FormatRfc3339(FromUnixMillis((*disabled)->disabled_at)),
                     Quote((*disabled)->reason));
      } else {
        // The operator pointed the channel somewhere else: try again.
        (void)states.Enable(config.name);
        (void)states.MarkHealthy(config.name);
        slot.failing = false;
        spdlog::info("channel re-enabled after its target changed channel={}", config.name);
      }
    }
    if (config.mode == config::DeliveryMode::kImmediate) {
      Result<int> released = outbox.ReleaseHeld(config.name, now_ms);
      if (released.ok() && *released > 0) {
        spdlog::info("channel no longer sends digests: held alerts released channel={} alerts={}",
                     config.name, *released);
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
  TimePoint now = clock_->Now();
  std::int64_t now_ms = ToUnixMillis(now);
  for (auto& [name, slot] : slots_) {
    if (slot.disabled) continue;
    if (slot.paused_until && now < *slot.paused_until) continue;
    if (slot.failing) {
      Result<std::optional<store::OutboxRow>> oldest = outbox.OldestPending(name);
      if (slot.in_flight.empty() && oldest.ok() && oldest->has_value() &&
          (*oldest)->next_attempt_at <= now_ms) {
        return true;
      }
    } else {
      Result<std::vector<store::OutboxRow>> due = outbox.Due(name, now_ms, 1, slot.in_flight);
      if (due.ok() && !due->empty()) return true;
    }
    Result<std::optional<std::int64_t>> held = outbox.NextHeldAt(name);
    if (held.ok() && held->has_value() && **held <= now_ms) return true;
  }
  return false;
}

void Dispatcher::BuildDueDigest(const std::string& name, ChannelSlot& slot, TimePoint now) {
  const config::ChannelConfig& config = slot.channel->config();
  if (config.mode == config::DeliveryMode::kImmediate) return;
  store::Outbox outbox(db_);
  std::int64_t now_ms = ToUnixMillis(now);
  Result<std::optional<std::int64_t>> held = outbox.NextHeldAt(name);
  if (!held.ok() || !held->has_value() || **held > now_ms) return;
  Result<std::optional<store::OutboxRow>> digest = outbox.GroupHeld(
      name, now_ms, [&](const std::vector<store::OutboxRow>& members) {
        return BuildDigest(config, members, now);
      });
  if (!digest.ok()) {
    spdlog::error("digest not built channel={} error={}", name,
                  Quote(digest.status().message()));
  } else if (digest->has_value()) {
    spdlog::info("digest queued channel={} delivery={} {}", name, (*digest)->delivery_id,
                 Quote((*digest)->title));
  }
}

std::optional<TimePoint> Dispatcher::Tick() {
  TimePoint now = clock_->Now();
  if (!dirty_ && next_due_ && now < *next_due_) return next_due_;
  dirty_ = false;
  next_due_.reset();
  store::Outbox outbox(db_);
  std::int64_t now_ms = ToUnixMillis(now);
  auto consider = [&](TimePoint at) {
    if (!next_due_ || at < *next_due_) next_due_ = at;
  };
  for (auto& [name, slot] : slots_) {
    if (slot.disabled) continue;
    BuildDueDigest(name, slot, now);
    if (Result<std::optional<std::int64_t>> held = outbox.NextHeldAt(name);
        held.ok() && held->has_value()) {
      consider(FromUnixMillis(**held));
    }
    if (slot.paused_until) {
      if (now < *slot.paused_until) {
        consider(*slot.paused_until);
        continue;
      }
      slot.paused_until.reset();
    }
    if (slot.failing) {
      // Only the oldest alert probes a failing receiver, on its schedule.
      Result<std::optional<store::OutboxRow>> oldest = outbox.OldestPending(name);
      if (!oldest.ok() || !oldest->has_value()) continue;
      if ((*oldest)->next_attempt_at > now_ms) {
        consider(FromUnixMillis((*oldest)->next_attempt_at));
      } else if (slot.in_flight.empty()) {
        Start(slot, **oldest);
      }
      continue;
    }
    int free = slot.channel->config().max_in_flight - static_cast<int>(slot.in_flight.size());
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
    // Rows due now on a full channel wait for a completion (which sets
    // dirty_); later ones wake us when they are due.
    if (Result<std::optional<std::int64_t>> next = outbox.NextAttemptAt({name});
        next.ok() && next->has_value() && **next > now_ms) {
      consider(FromUnixMillis(**next));
    }
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

// Failing starts with a failure of the receiver as a whole and ends with
// the next answer that shows it is back (a success, or a refusal of that one
// alert); the store keeps it for `newsalert status`.
void Dispatcher::RecordHealth(const std::string& channel_name, ChannelSlot* slot,
                              const DeliveryOutcome& outcome, TimePoint now) {
  if (slot == nullptr || outcome.kind == DeliveryOutcome::Kind::kDisable) return;
  store::ChannelStateStore states(db_);
  std::int64_t now_ms = ToUnixMillis(now);
  if (!outcome.endpoint_failure) {
    slot->consecutive_failures = 0;
    if (!slot->failing) return;
    slot->failing = false;
    slot->paused_until.reset();
    (void)states.MarkHealthy(channel_name);
    Result<int> pulled = store::Outbox(db_).PullForward(channel_name, now_ms);
    spdlog::info("channel recovered channel={} waiting_alerts_sent_now={}", channel_name,
                 pulled.ok() ? *pulled : 0);
    return;
  }
  if (outcome.retry_after) slot->paused_until = now + *outcome.retry_after;
  // One 503 among successes is a blip, handled by that alert's retry; a run
  // of them is an outage.
  if (++slot->consecutive_failures < kFailingAfter && !slot->failing) return;
  (void)states.MarkFailing(channel_name, now_ms, now_ms, outcome.error);
  if (!slot->failing) {
    slot->failing = true;
    spdlog::warn("channel failing channel={} error={} (only the oldest alert is retried until "
                 "the receiver answers again; the others wait)",
                 channel_name, Quote(outcome.error));
  }
}

void Dispatcher::Finish(const std::string& channel_name, const store::OutboxRow& row,
                        DeliveryOutcome outcome) {
  dirty_ = true;
  auto slot_it = slots_.find(channel_name);
  ChannelSlot* slot = slot_it != slots_.end() ? &slot_it->second : nullptr;
  if (slot != nullptr) slot->in_flight.erase(row.id);
  const config::ChannelConfig* config = slot != nullptr ? &slot->channel->config() : nullptr;
  TimePoint now = clock_->Now();
  std::int64_t now_ms = ToUnixMillis(now);
  store::Outbox outbox(db_);
  int attempts = row.attempts + 1;
  std::string status_field = outcome.status ? " status=" + std::to_string(*outcome.status) : "";
  Status written;
  switch (outcome.kind) {
    case DeliveryOutcome::Kind::kDelivered:
      CrashAtFaultPoint("delivered-before-commit");
      written = outbox.MarkDelivered(row.id, now_ms, outcome.status);
      metrics::Increment(metrics::kDeliveries, {{"channel", channel_name}, {"outcome", "delivered"}});
      metrics::Observe(metrics::kDeliveryLatency, {{"channel", channel_name}},
                       static_cast<double>(now_ms - row.created_at) / 1000.0);
      spdlog::info("alert delivered channel={} delivery={} kind={} filter={} attempts={}{}",
                   channel_name, row.delivery_id, row.kind, Quote(row.filter), attempts,
                   status_field);
      break;
    case DeliveryOutcome::Kind::kDisable: {
      // The row stays pending: if the operator re-enables the channel, it
      // is delivered then.
      written = outbox.ScheduleRetry(row.id, now_ms, now_ms, outcome.status, outcome.error);
      if (config != nullptr) {
        store::ChannelStateStore states(db_);
        Status disabled =
            states.Disable(channel_name, now_ms, outcome.error, ChannelTargetHash(*config));
        if (!disabled.ok()) written = disabled;
        slot->disabled = true;
      }
      metrics::Increment(metrics::kDeliveries, {{"channel", channel_name}, {"outcome", "disabled"}});
      spdlog::error("channel disabled: receiver answered 410 Gone channel={} delivery={} "
                    "filter={} (alerts wait in the outbox; change the channel's target to "
                    "re-enable it)",
                    channel_name, row.delivery_id, Quote(row.filter));
      break;
    }
    case DeliveryOutcome::Kind::kRetry:
    case DeliveryOutcome::Kind::kPermanent: {
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
        spdlog::error("alert delivery failed permanently channel={} delivery={} kind={} "
                      "filter={} title={} attempts={}{} error={} reason={}",
                      channel_name, row.delivery_id, row.kind, Quote(row.filter),
                      Quote(row.title), attempts, status_field, Quote(outcome.error),
                      Quote(decision.reason));
      } else {
        written = outbox.ScheduleRetry(row.id, now_ms, ToUnixMillis(decision.next_attempt),
                                       outcome.status, outcome.error);
        metrics::Increment(metrics::kDeliveries, {{"channel", channel_name}, {"outcome", "retry"}});
        auto wait = std::chrono::duration_cast<Duration>(decision.next_attempt - now);
        spdlog::warn("alert delivery failed, will retry channel={} delivery={} filter={} "
                     "attempt={}{} retry_in={} error={}",
                     channel_name, row.delivery_id, Quote(row.filter), attempts, status_field,
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
  RecordHealth(channel_name, slot, outcome, now);
}

}  // namespace newsalert::notify
