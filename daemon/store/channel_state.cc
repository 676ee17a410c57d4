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
      "INSERT INTO channels (name, disabled_at, disabled_reason, target_hash) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE SET disabled_at = ?2, "
      "disabled_reason = ?3, target_hash = ?4");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, channel).Bind(2, now_ms).Bind(3, reason).Bind(4, target_hash);
  return upsert->Run();
}

Status ChannelStateStore::Enable(const std::string& channel) {
  Result<Statement> update = db_.Prepare(
      "UPDATE channels SET disabled_at = NULL, disabled_reason = NULL, target_hash = NULL "
      "WHERE name = ?");
  if (!update.ok()) return update.status();
  update->Bind(1, channel);
  return update->Run();
}

Status ChannelStateStore::MarkFailing(const std::string& channel, std::int64_t since_ms,
                                      std::int64_t now_ms, const std::string& error) {
  Result<Statement> upsert = db_.Prepare(
      "INSERT INTO channels (name, failing_since, last_failure_at, last_error) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE SET "
      "failing_since = COALESCE(failing_since, ?2), last_failure_at = ?3, last_error = ?4");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, channel).Bind(2, since_ms).Bind(3, now_ms).Bind(4, error);
  return upsert->Run();
}

Status ChannelStateStore::MarkHealthy(const std::string& channel) {
  Result<Statement> update =
      db_.Prepare("UPDATE channels SET failing_since = NULL WHERE name = ?");
  if (!update.ok()) return update.status();
  update->Bind(1, channel);
  return update->Run();
}

Result<std::vector<ChannelHealth>> ChannelStateStore::All() {
  Result<Statement> query = db_.Prepare(
      "SELECT name, disabled_at, disabled_reason, failing_since, last_failure_at, last_error "
      "FROM channels ORDER BY name");
  if (!query.ok()) return query.status();
  std::vector<ChannelHealth> all;
  while (query->Step()) {
    all.push_back(ChannelHealth{query->Text(0), query->OptionalInt(1), query->OptionalText(2),
                                query->OptionalInt(3), query->OptionalInt(4),
                                query->OptionalText(5)});
  }
  if (!query->status().ok()) return query->status();
  return all;
}

}  // namespace newsalert::store
