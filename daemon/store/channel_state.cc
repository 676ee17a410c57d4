#include "store/channel_state.h"

namespace newsalert::store {

Result<std::optional<DisabledChannel>> ChannelStateStore::Disabled(const std::string& channel) {
  Result<Statement> query = db_.Prepare(
      "SELECT disabled_at, disabled_reason, target_hash FROM channels "
      "WHERE name = ? AND disabled_at IS NOT NULL");
  if (!query.ok()) return query.status();
  query->Bind(1, channel);
  if (query->Step()) {
    return std::optional<DisabledChannel>(
        DisabledChannel{query->Int(0), query->Text(1), query->Text(2)});
  }
  if (!query->status().ok()) return query->status();
  return std::optional<DisabledChannel>();
}

Status ChannelStateStore::Disable(const std::string& channel, std::int64_t now_ms,
                                  const std::string& reason, const std::string& target_hash) {
  Result<Statement> upsert = db_.Prepare(
      "INSERT OR REPLACE INTO channels (name, disabled_at, disabled_reason, target_hash) "
      "VALUES (?, ?, ?, ?)");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, channel).Bind(2, now_ms).Bind(3, reason).Bind(4, target_hash);
  return upsert->Run();
}

Status ChannelStateStore::Enable(const std::string& channel) {
  Result<Statement> remove = db_.Prepare("DELETE FROM channels WHERE name = ?");
  if (!remove.ok()) return remove.status();
  remove->Bind(1, channel);
  return remove->Run();
}

}  // namespace newsalert::store
