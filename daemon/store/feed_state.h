// FeedState: what the store remembers about one feed between polls: HTTP
// validators, schedule and health. Keyed by the configured URL.
#pragma once

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
  std::optional<std::string> redirected_to;
};

class FeedStateStore {
 public:
  explicit FeedStateStore(Database& db) : db_(db) {}

  // The state of `url`, or nullopt for a feed never seen.
  Result<std::optional<FeedState>> Load(const std::string& url);
  Result<std::vector<FeedState>> LoadAll();

  // Inserts or replaces the whole row. Call inside the caller's transaction
  // when it must commit together with items (validators!).
  Status Save(const FeedState& state);

 private:
  Database& db_;
};

}  // namespace newsalert::store
