// ChannelState: what the store remembers about each channel apart from its
// alerts: whether a receiver turned it off (HTTP 410 Gone) and whether it is
// failing. A disabled channel stays off until its target (URL, SMTP server
// and recipients) changes in the config; its alerts wait in the outbox
// meanwhile. Health is written only when a channel starts or stops
// failing, so reading it costs nothing per delivery.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/database.h"

namespace newsalert::store {

struct DisabledChannel {
  std::int64_t disabled_at;
  std::string reason;
  std::string target_hash;
};

// One row of the channels table, for `newsalert status`.
struct ChannelHealth {
  std::string channel;
  std::optional<std::int64_t> disabled_at;      // Set: the receiver said 410 Gone.
  std::optional<std::string> disabled_reason;
  std::optional<std::int64_t> failing_since;    // Set: attempts fail since then.
  std::optional<std::int64_t> last_failure_at;
  std::optional<std::string> last_error;
};

class ChannelStateStore {
 public:
  explicit ChannelStateStore(Database& db) : db_(db) {}

  Result<std::optional<DisabledChannel>> Disabled(const std::string& channel);
  Status Disable(const std::string& channel, std::int64_t now_ms, const std::string& reason,
                 const std::string& target_hash);
  Status Enable(const std::string& channel);

  // The channel's attempts started failing at `since_ms` (kept when already
  // failing); `error` is the latest failure.
  Status MarkFailing(const std::string& channel, std::int64_t since_ms, std::int64_t now_ms,
                     const std::string& error);
  // A delivery succeeded: the channel is healthy again.
  Status MarkHealthy(const std::string& channel);

  // Every channel with something to report, by name.
  Result<std::vector<ChannelHealth>> All();

 private:
  Database& db_;
};

}  // namespace newsalert::store
