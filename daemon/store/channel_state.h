// ChannelState: channels a receiver turned off (HTTP 410 Gone). A disabled
// channel stays off until its target (URL) changes in the config or an
// operator re-enables it; its alerts wait in the outbox meanwhile.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "store/database.h"

namespace newsalert::store {

struct DisabledChannel {
  std::int64_t disabled_at;
  std::string reason;
  std::string target_hash;
};

class ChannelStateStore {
 public:
  explicit ChannelStateStore(Database& db) : db_(db) {}

  Result<std::optional<DisabledChannel>> Disabled(const std::string& channel);
  Status Disable(const std::string& channel, std::int64_t now_ms, const std::string& reason,
                 const std::string& target_hash);
  Status Enable(const std::string& channel);

 private:
  Database& db_;
};

}  // namespace newsalert::store
