// Channel: one configured destination of alerts (console, webhook, email). A
// channel only sends; the Dispatcher (notify/dispatcher.h) decides when,
// retries, and records outcomes in the outbox, as spdlog's base_sink does
// the bookkeeping for its sinks.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "base/duration.h"
#include "config/config.h"
#include "store/outbox.h"

namespace newsalert::notify {

struct DeliveryOutcome {
  enum class Kind {
    kDelivered,      // The receiver took it (2xx).
    kRetry,          // Try again later on the schedule.
    kPermanent,      // Will never succeed as is: give up this alert.
    kDisable,        // The receiver said it is gone (410): stop the channel.
  };
  Kind kind = Kind::kDelivered;
  std::optional<long> status;          // HTTP status or SMTP reply code, when there was one.
  std::string error;                   // Human-readable reason when not delivered.
  std::string reply;                   // The receiver's answer, for people: "HTTP 200 ok",
                                       // "250 2.0.0 Ok: queued as 4F2B1".
  std::optional<Duration> retry_after; // The receiver asked us to wait this long.
  bool client_error = false;           // A 4xx that is retried only a few times.
  // The receiver (or the way to it) failed as a whole, not this one alert:
  // no connection, timeout, HTTP 408/429/502/503/504, SMTP 4xx. The
  // dispatcher then retries only the oldest alert until a delivery succeeds.
  bool endpoint_failure = false;
};

using DeliveryCallback = std::function<void(DeliveryOutcome)>;

class Channel {
 public:
  virtual ~Channel() = default;

  virtual const config::ChannelConfig& config() const = 0;

  // Starts one delivery attempt of `row`; `done` runs exactly once, on the
  // loop thread, possibly before Deliver returns.
  virtual void Deliver(const store::OutboxRow& row, DeliveryCallback done) = 0;
};

}  // namespace newsalert::notify
