#include "store/outbox.h"

namespace newsalert::store {
namespace {

constexpr const char* kColumns =
    "id, delivery_id, kind, channel, filter, feed_url, title, payload, created_at, state, "
    "attempts, first_attempt_at, next_attempt_at, last_attempt_at, last_status, last_error, "
    "finished_at, group_id";

OutboxRow ReadRow(const Statement& row) {
  OutboxRow out;
  out.id = row.Int(0);
  out.delivery_id = row.Text(1);
  out.kind = row.Text(2);
  out.channel = row.Text(3);
  out.filter = row.Text(4);
  out.feed_url = row.Text(5);
  out.title = row.Text(6);
  out.payload = row.Text(7);
  out.created_at = row.Int(8);
  out.state = row.Text(9);
  out.attempts = static_cast<int>(row.Int(10));
  out.first_attempt_at = row.OptionalInt(11);
  out.next_attempt_at = row.Int(12);
  out.last_attempt_at = row.OptionalInt(13);
  out.last_status = row.OptionalInt(14);
  out.last_error = row.OptionalText(15);
  out.finished_at = row.OptionalInt(16);
  out.group_id = row.OptionalInt(17);
  return out;
}

std::optional<std::int64_t> ToInt(std::optional<long> value) {
  if (!value) return std::nullopt;
  return static_cast<std::int64_t>(*value);
}

}  // namespace

Result<std::vector<OutboxRow>> Outbox::Select(const std::string& where_and_order,
                                              const std::function<void(Statement&)>& bind) {
  Result<Statement> query =
      db_.Prepare(std::string("SELECT ") + kColumns + " FROM outbox " + where_and_order);
  if (!query.ok()) return query.status();
  bind(*query);
  std::vector<OutboxRow> rows;
  while (query->Step()) rows.push_back(ReadRow(*query));
  if (!query->status().ok()) return query->status();
  return rows;
}

Result<std::vector<OutboxRow>> Outbox::Due(const std::string& channel, std::int64_t now_ms,
                                           std::size_t limit,
                                           const std::set<std::int64_t>& exclude) {
  Result<std::vector<OutboxRow>> rows = Select(
      "WHERE state = 'pending' AND channel = ? AND next_attempt_at <= ? "
      "ORDER BY id LIMIT ?",
      [&](Statement& query) {
        query.Bind(1, channel).Bind(2, now_ms).Bind(
            3, static_cast<std::int64_t>(limit + exclude.size()));
      });
  if (!rows.ok()) return rows;
  std::vector<OutboxRow> due;
  for (OutboxRow& row : *rows) {
    if (due.size() < limit && exclude.count(row.id) == 0) due.push_back(std::move(row));
  }
  return due;
}

Result<std::optional<OutboxRow>> Outbox::OldestPending(const std::string& channel) {
  Result<std::vector<OutboxRow>> rows =
      Select("WHERE state = 'pending' AND channel = ? ORDER BY id LIMIT 1",
             [&](Statement& query) { query.Bind(1, channel); });
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<OutboxRow>();
  return std::optional<OutboxRow>(std::move(rows->front()));
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

Result<int> Outbox::PullForward(const std::string& channel, std::int64_t now_ms) {
  Result<Statement> update = db_.Prepare(
      "UPDATE outbox SET next_attempt_at = ?1 "
      "WHERE state = 'pending' AND channel = ?2 AND next_attempt_at > ?1");
  if (!update.ok()) return update.status();
  update->Bind(1, now_ms).Bind(2, channel);
  NEWSALERT_RETURN_IF_ERROR(update->Run());
  return db_.Changes();
}

Result<std::optional<std::int64_t>> Outbox::NextHeldAt(const std::string& channel) {
  Result<Statement> query = db_.Prepare(
      "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'held' AND channel = ?");
  if (!query.ok()) return query.status();
  query->Bind(1, channel);
  std::optional<std::int64_t> at;
  if (query->Step() && !query->IsNull(0)) at = query->Int(0);
  if (!query->status().ok()) return query->status();
  return at;
}

Result<std::optional<OutboxRow>> Outbox::GroupHeld(
    const std::string& channel, std::int64_t now_ms,
    const std::function<GroupDraft(const std::vector<OutboxRow>&)>& build) {
  Transaction transaction(db_);
  NEWSALERT_RETURN_IF_ERROR(transaction.Begin());
  Result<std::vector<OutboxRow>> members = Select(
      "WHERE state = 'held' AND channel = ? AND next_attempt_at <= ? ORDER BY id",
      [&](Statement& query) { query.Bind(1, channel).Bind(2, now_ms); });
  if (!members.ok()) return members.status();
  if (members->empty()) return std::optional<OutboxRow>();
  GroupDraft draft = build(*members);
  Result<Statement> insert = db_.Prepare(
      "INSERT INTO outbox (delivery_id, kind, channel, filter, story_id, feed_url, title, "
      "payload, created_at, state, next_attempt_at) "
      "VALUES (?, 'digest', ?, ?, NULL, '', ?, ?, ?, 'pending', ?)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, draft.delivery_id)
      .Bind(2, channel)
      .Bind(3, draft.filter)
      .Bind(4, draft.title)
      .Bind(5, draft.payload)
      .Bind(6, now_ms)
      .Bind(7, now_ms);
  NEWSALERT_RETURN_IF_ERROR(insert->Run());
  std::int64_t group_id = db_.LastInsertRowId();
  Result<Statement> group = db_.Prepare(
      "UPDATE outbox SET state = 'grouped', group_id = ?, finished_at = ? WHERE id = ?");
  if (!group.ok()) return group.status();
  for (const OutboxRow& member : *members) {
    group->Bind(1, group_id).Bind(2, now_ms).Bind(3, member.id);
    NEWSALERT_RETURN_IF_ERROR(group->Run());
  }
  NEWSALERT_RETURN_IF_ERROR(transaction.Commit());
  return Find(draft.delivery_id);
}

Result<int> Outbox::ReleaseHeld(const std::string& channel, std::int64_t now_ms) {
  Result<Statement> update = db_.Prepare(
      "UPDATE outbox SET state = 'pending', next_attempt_at = ? "
      "WHERE state = 'held' AND channel = ?");
  if (!update.ok()) return update.status();
  update->Bind(1, now_ms).Bind(2, channel);
  NEWSALERT_RETURN_IF_ERROR(update->Run());
  return db_.Changes();
}

Result<std::vector<ChannelSummary>> Outbox::Summaries(std::int64_t now_ms) {
  Result<Statement> query = db_.Prepare(
      "SELECT channel, "
      "  SUM(state = 'pending'), SUM(state = 'pending' AND next_attempt_at <= ?1), "
      "  SUM(state = 'pending' AND attempts > 0), SUM(state = 'held'), "
      "  SUM(state = 'delivered'), SUM(state = 'failed'), "
      "  MIN(CASE WHEN state = 'pending' THEN created_at END), "
      "  MIN(CASE WHEN state = 'pending' THEN next_attempt_at END), "
      "  MIN(CASE WHEN state = 'held' THEN next_attempt_at END), "
      "  MAX(CASE WHEN state = 'delivered' THEN finished_at END), "
      "  MAX(CASE WHEN last_error IS NOT NULL THEN last_attempt_at END) "
      "FROM outbox GROUP BY channel ORDER BY channel");
  if (!query.ok()) return query.status();
  query->Bind(1, now_ms);
  std::vector<ChannelSummary> summaries;
  while (query->Step()) {
    ChannelSummary summary;
    summary.channel = query->Text(0);
    summary.pending = static_cast<int>(query->Int(1));
    summary.due = static_cast<int>(query->Int(2));
    summary.retrying = static_cast<int>(query->Int(3));
    summary.held = static_cast<int>(query->Int(4));
    summary.delivered = static_cast<int>(query->Int(5));
    summary.failed = static_cast<int>(query->Int(6));
    summary.oldest_pending_at = query->OptionalInt(7);
    summary.next_attempt_at = query->OptionalInt(8);
    summary.next_digest_at = query->OptionalInt(9);
    summary.last_delivered_at = query->OptionalInt(10);
    summary.last_failure_at = query->OptionalInt(11);
    summaries.push_back(std::move(summary));
  }
  if (!query->status().ok()) return query->status();
  Result<Statement> last_failure = db_.Prepare(
      "SELECT last_status, last_error FROM outbox WHERE channel = ? AND last_error IS NOT NULL "
      "ORDER BY last_attempt_at DESC, id DESC LIMIT 1");
  if (!last_failure.ok()) return last_failure.status();
  for (ChannelSummary& summary : summaries) {
    if (!summary.last_failure_at) continue;
    last_failure->Bind(1, summary.channel);
    if (last_failure->Step()) {
      summary.last_failure_status = last_failure->OptionalInt(0);
      summary.last_failure_error = last_failure->OptionalText(1);
    }
    if (!last_failure->status().ok()) return last_failure->status();
    last_failure->Reset();
  }
  return summaries;
}

Result<std::vector<OutboxRow>> Outbox::RecentFailures(std::size_t limit) {
  return Select("WHERE state = 'failed' ORDER BY finished_at DESC, id DESC LIMIT ?",
                [&](Statement& query) { query.Bind(1, static_cast<std::int64_t>(limit)); });
}

Result<std::vector<OutboxRow>> Outbox::GroupMembers(std::int64_t group_id) {
  return Select("WHERE group_id = ? ORDER BY id",
                [&](Statement& query) { query.Bind(1, group_id); });
}

Result<std::optional<OutboxRow>> Outbox::Find(const std::string& delivery_id) {
  Result<std::vector<OutboxRow>> rows =
      Select("WHERE delivery_id = ?", [&](Statement& query) { query.Bind(1, delivery_id); });
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<OutboxRow>();
  return std::optional<OutboxRow>(std::move(rows->front()));
}

}  // namespace newsalert::store
