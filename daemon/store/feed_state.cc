#include "store/feed_state.h"

#include "base/duration.h"

namespace newsalert::store {
namespace {

constexpr const char* kColumns =
    "url, name, etag, last_modified, first_success_at, last_attempt_at, last_success_at, "
    "next_poll_at, consecutive_failures, failing_since, last_status, last_error, "
    "last_error_class, retry_after_until, items_last_fetch, last_new_item_at, redirected_to, "
    "last_duration_ms, ttl_minutes, last_warned_at";

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
  state.last_duration_ms = row.OptionalInt(17);
  state.ttl_minutes = row.OptionalInt(18);
  state.last_warned_at = row.OptionalInt(19);
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
      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
      .Bind(17, state.redirected_to)
      .Bind(18, state.last_duration_ms)
      .Bind(19, state.ttl_minutes)
      .Bind(20, state.last_warned_at);
  return upsert->Run();
}

const char* FeedConditionName(FeedCondition condition) {
  switch (condition) {
    case FeedCondition::kNew: return "new";
    case FeedCondition::kOk: return "ok";
    case FeedCondition::kFailing: return "failing";
  }
  return "new";
}

FeedHealth AssessFeedHealth(const FeedState& state, std::int64_t now_ms,
                            std::chrono::milliseconds stale_after) {
  FeedHealth health;
  health.state = state;
  if (state.consecutive_failures > 0) {
    health.condition = FeedCondition::kFailing;
  } else if (state.last_success_at) {
    health.condition = FeedCondition::kOk;
  }
  auto older_than_limit = [&](std::int64_t since) { return now_ms - since > stale_after.count(); };
  auto age = [&](std::int64_t since) {
    // Whole seconds read better than "1d2h3m4s567ms".
    return FormatDuration(std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::milliseconds(now_ms - since)));
  };
  if (state.failing_since && older_than_limit(*state.failing_since)) {
    health.stale = true;
    health.stale_reason = "failing for " + age(*state.failing_since);
  } else if (state.first_success_at) {
    std::int64_t since = state.last_new_item_at ? *state.last_new_item_at : *state.first_success_at;
    if (older_than_limit(since)) {
      health.stale = true;
      health.stale_reason = "no new item for " + age(since);
    }
  }
  return health;
}

Result<std::vector<FeedHealth>> FeedStateStore::LoadHealth(std::int64_t now_ms,
                                                           std::chrono::milliseconds stale_after) {
  Result<std::vector<FeedState>> states = LoadAll();
  if (!states.ok()) return states.status();
  std::vector<FeedHealth> health;
  health.reserve(states->size());
  for (const FeedState& state : *states) {
    health.push_back(AssessFeedHealth(state, now_ms, stale_after));
  }
  return health;
}

}  // namespace newsalert::store
