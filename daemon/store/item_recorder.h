// ItemRecorder: records one successful poll of one feed in a single SQLite
// transaction: every item as seen, stories across feeds, filter matches
// (once per story per filter), outbox rows for the alerts, and the feed's
// new state including its HTTP validators. So a crash can delay an alert but
// never lose it, and validators never get ahead of the items they cover.
//
// How the new alerts of a poll enter the outbox depends on each channel's
// policy: pending at once; held until a digest window ends; or, when one
// poll brings more than the channel's flood threshold (a feed republishing
// its archive), grouped into one flood summary row.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/item.h"
#include "store/database.h"
#include "store/feed_state.h"
#include "store/outbox.h"

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

// How new alerts enter the outbox on one channel.
struct ChannelPolicy {
  // Set for a digest channel: alerts are held until then (the window's end).
  std::optional<std::int64_t> hold_until;
  // More new alerts than this on the channel from one poll become one flood
  // summary. 0: never.
  int flood_threshold = 0;
};

struct RecordPolicy {
  std::map<std::string, ChannelPolicy> channels;  // Absent: pending at once, no breaker.
  // Builds the flood summary that carries `members` (alert drafts of one
  // channel, in feed order). Needed when any flood_threshold is set.
  std::function<GroupDraft(const std::string& channel, const std::vector<AlertDraft>& members)>
      flood_summary;
};

struct QueuedAlert {
  std::string delivery_id;
  std::string channel;
  std::string filter;
  std::string title;
  std::string link;
  std::string how;  // "pending", "held" (digest), or "flood:<summary delivery id>".
};

struct RecordOutcome {
  int new_items = 0;
  int changed_items = 0;
  int baseline_matches = 0;         // Matches in a new feed's backlog, not alerted.
  int duplicate_matches = 0;        // The story had already matched that filter.
  std::vector<QueuedAlert> queued;  // Alerts written to the outbox.
  std::vector<GroupDraft> floods;   // Flood summaries written (one per flooded channel).
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
                               bool baseline, std::int64_t now_ms,
                               const RecordPolicy& policy = {});

 private:
  Database& db_;
  std::chrono::milliseconds title_window_;
};

}  // namespace newsalert::store
