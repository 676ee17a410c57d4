// FeedState: what the store remembers about one feed between polls: HTTP
// validators, schedule and health. Keyed by the configured URL.
// FeedHealth: the read-only view `newsalert status` prints.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/database.h"

namespace newsalert::store {

// Times are Unix milliseconds.
struct FeedState {
  std::string url;
  std::string name;
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  std::optional<std::int64_t> first_success_at;   // Unset: the backlog is not yet seen.
  std::optional<std::int64_t> last_attempt_at;
  std::optional<std::int64_t> last_success_at;
  std::optional<std::int64_t> next_poll_at;
  int consecutive_failures = 0;
  std::optional<std::int64_t> failing_since;
  std::optional<std::int64_t> last_status;
  std::optional<std::string> last_error;
  std::optional<std::string> last_error_class;
  std::optional<std::int64_t> retry_after_until;
  std::optional<std::int64_t> items_last_fetch;
  std::optional<std::int64_t> last_new_item_at;
  std::optional<std::string> redirected_to;     // Last fetch ended at a 301/308 chain.
  std::optional<std::int64_t> last_duration_ms; // Of the last fetch, success or not.
  std::optional<std::int64_t> ttl_minutes;      // RSS <ttl> of the last parsed document.
  std::optional<std::int64_t> last_warned_at;   // Last WARN line logged about this feed.
};

// How a feed is doing, for `newsalert status`.
enum class FeedCondition {
  kNew,      // Never attempted (or attempted but never finished).
  kOk,       // The last fetch succeeded (200 or 304).
  kFailing,  // consecutive_failures > 0.
};

const char* FeedConditionName(FeedCondition condition);  // "new", "ok", "failing"

struct FeedHealth {
  FeedState state;
  FeedCondition condition = FeedCondition::kNew;
  // Failing for longer than stale_after, or nothing new (no new item ever,
  // counted from the first success) for longer than stale_after.
  bool stale = false;
  std::string stale_reason;  // "failing for 1d2h", "no new item for 3d"; "" when fresh.
};

// The health of one feed at `now`. Pure.
FeedHealth AssessFeedHealth(const FeedState& state, std::int64_t now_ms,
                            std::chrono::milliseconds stale_after);

class FeedStateStore {
 public:
  explicit FeedStateStore(Database& db) : db_(db) {}

  // The state of `url`, or nullopt for a feed never seen.
  Result<std::optional<FeedState>> Load(const std::string& url);
  Result<std::vector<FeedState>> LoadAll();

  // The health of every feed the store knows, ordered by name. Feeds in the
  // config but not yet in the store are not listed: show them as "new".
  Result<std::vector<FeedHealth>> LoadHealth(std::int64_t now_ms,
                                             std::chrono::milliseconds stale_after);

  // Inserts or replaces the whole row. Call inside the caller's transaction
  // when it must commit together with items (validators!).
  Status Save(const FeedState& state);

 private:
  Database& db_;
};

}  // namespace newsalert::store
