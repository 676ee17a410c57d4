// When to try a failed delivery again, or whether to give up. Pure.
//
// The channel's retry_schedule lists the delay before each attempt after
// the previous one (the first entry is the delay of the first attempt,
// normally 0s). Delays get ±20 % jitter so that retries of many alerts do
// not arrive in lockstep. No attempt is made later than give_up_after after
// the first one: a delay reaching past that bound is cut to it, which gives
// the Standard Webhooks style schedule 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h
// and a last attempt 24 h after the first. Retry-After from the receiver
// lengthens a delay (up to the bound). Client errors (3xx, most 4xx) are
// retried on the same schedule for kClientErrorAttempts attempts only.
#pragma once

#include <string>

#include "base/clock.h"
#include "config/config.h"
#include "notify/channel.h"

namespace newsalert::notify {

inline constexpr int kClientErrorAttempts = 3;

struct RetryDecision {
  bool give_up = false;
  TimePoint next_attempt;  // When !give_up.
  std::string reason;      // When give_up.
};

// `attempts` counts the attempts made so far, including the one that just
// failed. `jitter` is a random number in [-1, 1].
RetryDecision DecideRetry(const config::ChannelConfig& channel, int attempts,
                          TimePoint first_attempt, TimePoint now,
                          const DeliveryOutcome& outcome, double jitter);

}  // namespace newsalert::notify
