#include "store/feed_state.h"

namespace newsalert::store {
namespace {

constexpr const char* kColumns =
    "url, name, etag, last_modified, first_success_at, last_attempt_at, last_success_at, "
    "next_poll_at, consecutive_failures, failing_since, last_status, last_error, "
    "last_error_class, retry_after_until, items_last_fetch, last_new_item_at, redirected_to";

FeedState ReadRow(const Statement& row) {
  FeedState state;
  state.url = row.Text(0);
  state.name = row.Text(1);
  state.etag = row.OptionalText(2);
  state.last_modified = row.OptionalText(3);
  state.first_success_at = row.OptionalInt(4);
  state.last_attempt_at = row.OptionalInt(5);
  state.last_success_at = row.OptionalInt(6);
  state.next_poll_at = row.OptionalInt(7);
  state.consecutive_failures = static_cast<int>(row.Int(8));
  state.failing_since = row.OptionalInt(9);
  state.last_status = row.OptionalInt(10);
  state.last_error = row.OptionalText(11);
  state.last_error_class = row.OptionalText(12);
  state.retry_after_until = row.OptionalInt(13);
  state.items_last_fetch = row.OptionalInt(14);
  state.last_new_item_at = row.OptionalInt(15);
  state.redirected_to = row.OptionalText(16);
  return state;
}

}  // namespace

Result<std::optional<FeedState>> FeedStateStore::Load(const std::string& url) {
  Result<Statement> query =
      db_.Prepare(std::string("SELECT ") + kColumns + " FROM feeds WHERE url = ?");
  if (!query.ok()) return query.status();
  query->Bind(1, url);
  if (query->Step()) return std::optional<FeedState>(ReadRow(*query));
  if (!query->status().ok()) return query->status();
  return std::optional<FeedState>();
}

Result<std::vector<FeedState>> FeedStateStore::LoadAll() {
  Result<Statement> query =
      db_.Prepare(std::string("SELECT ") + kColumns + " FROM feeds ORDER BY name");
  if (!query.ok()) return query.status();
  std::vector<FeedState> states;
  while (query->Step()) states.push_back(ReadRow(*query));
  if (!query->status().ok()) return query->status();
  return states;
}

Status FeedStateStore::Save(const FeedState& state) {
  Result<Statement> upsert = db_.Prepare(
      std::string("INSERT OR REPLACE INTO feeds (") + kColumns +
      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!upsert.ok()) return upsert.status();
  upsert->Bind(1, state.url)
      .Bind(2, state.name)
      .Bind(3, state.etag)
      .Bind(4, state.last_modified)
      .Bind(5, state.first_success_at)
      .Bind(6, state.last_attempt_at)
      .Bind(7, state.last_success_at)
      .Bind(8, state.next_poll_at)
      .Bind(9, state.consecutive_failures)
      .Bind(10, state.failing_since)
      .Bind(11, state.last_status)
      .Bind(12, state.last_error)
      .Bind(13, state.last_error_class)
      .Bind(14, state.retry_after_until)
      .Bind(15, state.items_last_fetch)
      .Bind(16, state.last_new_item_at)
      .Bind(17, state.redirected_to);
  return upsert->Run();
}

}  // namespace newsalert::store
