#include "store/outbox.h"

namespace newsalert::store {
namespace {

constexpr const char* kColumns =
    "id, delivery_id, channel, filter, feed_url, payload, created_at, state, attempts, "
    "first_attempt_at, next_attempt_at, last_status, last_error";

OutboxRow ReadRow(const Statement& row) {
  OutboxRow out;
  out.id = row.Int(0);
  out.delivery_id = row.Text(1);
  out.channel = row.Text(2);
  out.filter = row.Text(3);
  out.feed_url = row.Text(4);
  out.payload = row.Text(5);
  out.created_at = row.Int(6);
  out.state = row.Text(7);
  out.attempts = static_cast<int>(row.Int(8));
  out.first_attempt_at = row.OptionalInt(9);
  out.next_attempt_at = row.Int(10);
  out.last_status = row.OptionalInt(11);
  out.last_error = row.OptionalText(12);
  return out;
}

std::optional<std::int64_t> ToInt(std::optional<long> value) {
  if (!value) return std::nullopt;
  return static_cast<std::int64_t>(*value);
}

}  // namespace

Result<std::vector<OutboxRow>> Outbox::Due(const std::string& channel, std::int64_t now_ms,
                                           std::size_t limit,
                                           const std::set<std::int64_t>& exclude) {
  Result<Statement> query = db_.Prepare(
      std::string("SELECT ") + kColumns +
      " FROM outbox WHERE state = 'pending' AND channel = ? AND next_attempt_at <= ? "
      "ORDER BY next_attempt_at, id LIMIT ?");
  if (!query.ok()) return query.status();
  query->Bind(1, channel).Bind(2, now_ms).Bind(3, static_cast<std::int64_t>(limit + exclude.size()));
  std::vector<OutboxRow> rows;
  while (rows.size() < limit && query->Step()) {
    OutboxRow row = ReadRow(*query);
    if (exclude.count(row.id) == 0) rows.push_back(std::move(row));
  }
  if (!query->status().ok()) return query->status();
  return rows;
}

Result<std::optional<std::int64_t>> Outbox::NextAttemptAt(
    const std::vector<std::string>& channels) {
  Result<Statement> query = db_.Prepare(
      "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' AND channel = ?");
  if (!query.ok()) return query.status();
  std::optional<std::int64_t> earliest;
  for (const std::string& channel : channels) {
    query->Bind(1, channel);
    if (query->Step() && !query->IsNull(0)) {
      std::int64_t at = query->Int(0);
      if (!earliest || at < *earliest) earliest = at;
    }
    if (!query->status().ok()) return query->status();
    query->Reset();
  }
  return earliest;
}

Status Outbox::MarkDelivered(std::int64_t id, std::int64_t now_ms, std::optional<long> status) {
  Result<Statement> update = db_.Prepare(
      "UPDATE outbox SET state = 'delivered', attempts = attempts + 1, "
      "first_attempt_at = COALESCE(first_attempt_at, ?1), last_attempt_at = ?1, "
      "finished_at = ?1, last_status = ?2, last_error = NULL WHERE id = ?3");
  if (!update.ok()) return update.status();
  update->Bind(1, now_ms).Bind(2, ToInt(status)).Bind(3, id);
  return update->Run();
}

Status Outbox::ScheduleRetry(std::int64_t id, std::int64_t now_ms, std::int64_t next_attempt_ms,
                             std::optional<long> status, const std::string& error) {
  Result<Statement> update = db_.Prepare(
      "UPDATE outbox SET attempts = attempts + 1, "
      "first_attempt_at = COALESCE(first_attempt_at, ?1), last_attempt_at = ?1, "
      "next_attempt_at = ?2, last_status = ?3, last_error = ?4 WHERE id = ?5");
  if (!update.ok()) return update.status();
  update->Bind(1, now_ms).Bind(2, next_attempt_ms).Bind(3, ToInt(status)).Bind(4, error).Bind(5, id);
  return update->Run();
}

Status Outbox::MarkFailed(std::int64_t id, std::int64_t now_ms, std::optional<long> status,
                          const std::string& error) {
  Result<Statement> update = db_.Prepare(
      "UPDATE outbox SET state = 'failed', attempts = attempts + 1, "
      "first_attempt_at = COALESCE(first_attempt_at, ?1), last_attempt_at = ?1, "
      "finished_at = ?1, last_status = ?2, last_error = ?3 WHERE id = ?4");
  if (!update.ok()) return update.status();
  update->Bind(1, now_ms).Bind(2, ToInt(status)).Bind(3, error).Bind(4, id);
  return update->Run();
}

Result<std::map<std::string, ChannelCounts>> Outbox::CountsByChannel() {
  Result<Statement> query = db_.Prepare(
      "SELECT channel, state, COUNT(*), MIN(created_at) FROM outbox GROUP BY channel, state");
  if (!query.ok()) return query.status();
  std::map<std::string, ChannelCounts> counts;
  while (query->Step()) {
    ChannelCounts& entry = counts[query->Text(0)];
    std::string state = query->Text(1);
    int count = static_cast<int>(query->Int(2));
    if (state == "pending") {
      entry.pending = count;
      entry.oldest_pending_at = query->Int(3);
    } else if (state == "delivered") {
      entry.delivered = count;
    } else {
      entry.failed = count;
    }
  }
  if (!query->status().ok()) return query->status();
  Result<Statement> errors = db_.Prepare(
      "SELECT channel, last_error FROM outbox WHERE last_error IS NOT NULL "
      "AND id IN (SELECT MAX(id) FROM outbox WHERE last_error IS NOT NULL GROUP BY channel)");
  if (!errors.ok()) return errors.status();
  while (errors->Step()) counts[errors->Text(0)].last_error = errors->Text(1);
  if (!errors->status().ok()) return errors->status();
  return counts;
}

Result<std::optional<OutboxRow>> Outbox::Find(const std::string& delivery_id) {
  Result<Statement> query =
      db_.Prepare(std::string("SELECT ") + kColumns + " FROM outbox WHERE delivery_id = ?");
  if (!query.ok()) return query.status();
  query->Bind(1, delivery_id);
  if (query->Step()) return std::optional<OutboxRow>(ReadRow(*query));
  if (!query->status().ok()) return query->status();
  return std::optional<OutboxRow>();
}

}  // namespace newsalert::store
