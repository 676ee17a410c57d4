// ItemRecorder: records one successful poll of one feed in a single SQLite
// transaction: every item as seen, stories across feeds, filter matches
// (once per story per filter), outbox rows for the alerts, and the feed's
// new state including its HTTP validators. So a crash can delay an alert but
// never lose it, and validators never get ahead of the items they cover.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/item.h"
#include "store/database.h"
#include "store/feed_state.h"

namespace newsalert::store {

// One outbox row to write if the alert is new.
struct AlertDraft {
  std::string channel;
  std::string delivery_id;  // Unique; receivers dedupe on it.
  std::string payload;      // The JSON alert document.
};

// A filter that matched an item, with the deliveries it asks for.
struct FilterMatch {
  std::string filter;
  std::vector<AlertDraft> deliveries;
};

struct QueuedAlert {
  std::string delivery_id;
  std::string channel;
  std::string filter;
  std::string title;
  std::string link;
};

struct RecordOutcome {
  int new_items = 0;
  int changed_items = 0;
  int baseline_matches = 0;         // Matches in a new feed's backlog, not alerted.
  int duplicate_matches = 0;        // The story had already matched that filter.
  std::vector<QueuedAlert> queued;  // Outbox rows written.
};

class ItemRecorder {
 public:
  // Titles name the same story only within `title_window` of each other:
  // "Morning briefing" on two days is two stories.
  explicit ItemRecorder(Database& db,
                        std::chrono::milliseconds title_window = std::chrono::hours(72))
      : db_(db), title_window_(title_window) {}

  // For each item: true when it is new in this feed or its content changed
  // since it was last recorded. Only those need matching.
  Result<std::vector<bool>> NewOrChanged(const std::string& feed_url,
                                         const std::vector<model::Item>& items);

  // Records the poll. `matches[i]` are the filter matches of `items[i]`
  // (empty for unchanged items). When `baseline` is set (a new feed's first
  // poll), matches are remembered but not alerted. `state` is saved as is.
  Result<RecordOutcome> Record(const FeedState& state, const std::vector<model::Item>& items,
                               const std::vector<std::vector<FilterMatch>>& matches,
                               bool baseline, std::int64_t now_ms);

 private:
  Database& db_;
  std::chrono::milliseconds title_window_;
};

}  // namespace newsalert::store
