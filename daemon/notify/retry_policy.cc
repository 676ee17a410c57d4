#include "notify/retry_policy.h"

#include <algorithm>

#include "base/duration.h"

namespace newsalert::notify {

RetryDecision DecideRetry(const config::ChannelConfig& channel, int attempts,
                          TimePoint first_attempt, TimePoint now,
                          const DeliveryOutcome& outcome, double jitter) {
  RetryDecision decision;
  auto give_up = [&](std::string reason) {
    decision.give_up = true;
    decision.reason = std::move(reason);
    return decision;
  };
  if (outcome.kind == DeliveryOutcome::Kind::kPermanent) return give_up("permanent failure");
  if (outcome.client_error && attempts >= kClientErrorAttempts) {
    return give_up("client error after " + std::to_string(attempts) + " attempts");
  }
  const std::vector<Duration>& schedule = channel.retry_schedule;
  if (attempts >= static_cast<int>(schedule.size())) {
    return give_up("retry schedule exhausted after " + std::to_string(attempts) + " attempts");
  }
  TimePoint deadline = first_attempt + channel.give_up_after;
  if (now >= deadline) {
    return give_up("no success within " + FormatDuration(channel.give_up_after));
  }
  Duration nominal = schedule[static_cast<std::size_t>(attempts)];
  jitter = std::clamp(jitter, -1.0, 1.0);
  auto delay = std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, std::milli>(static_cast<double>(nominal.count()) *
                                                (1.0 + 0.2 * jitter)));
  if (outcome.retry_after && *outcome.retry_after > delay) delay = *outcome.retry_after;
  decision.next_attempt = std::min<TimePoint>(now + delay, deadline);
  return decision;
}

}  // namespace newsalert::notify
