// Outbox: the alerts waiting for delivery, one row per (story, filter,
// channel). Rows are written by ItemRecorder together with their item;
// the dispatcher reads due rows and records each attempt's outcome here.
//
// A row is one of three kinds: "alert" (one story), or a "digest" / "flood"
// summary that carries several alerts. Life of a row:
//
//   pending ──attempt──► delivered | failed      (retried while pending)
//   held ──window ends──► grouped                (inside a new digest row)
//   (flood) alerts of one poll ──► grouped       (inside a new flood row)
//
// An alert is delivered exactly when its own row is delivered, or when it
// is grouped and its group row is delivered. Every transition is one
// SQLite transaction, so a crash never loses or double-counts an alert.
// Times are Unix milliseconds.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "store/database.h"

namespace newsalert::store {

struct OutboxRow {
  std::int64_t id = 0;
  std::string delivery_id;
  std::string kind = "alert";  // alert, digest, flood
  std::string channel;
  std::string filter;
  std::string feed_url;
  std::string title;
  std::string payload;
  std::int64_t created_at = 0;
  std::string state;  // pending, held, grouped, delivered, failed
  int attempts = 0;
  std::optional<std::int64_t> first_attempt_at;
  std::int64_t next_attempt_at = 0;
  std::optional<std::int64_t> last_attempt_at;
  std::optional<std::int64_t> last_status;
  std::optional<std::string> last_error;
  std::optional<std::int64_t> finished_at;
  std::optional<std::int64_t> group_id;
};

// What a digest or flood row says, built from its member rows.
struct GroupDraft {
  std::string delivery_id;
  std::string payload;
  std::string title;   // For status: "12 alerts".
  std::string filter;  // The member filters, comma-separated.
};

// Per channel, for `newsalert status` (all counts over the whole table).
struct ChannelSummary {
  std::string channel;
  int pending = 0;            // Waiting to be sent (due or not).
  int due = 0;                // Of those, due now.
  int retrying = 0;           // Of those, with at least one failed attempt.
  int held = 0;               // Waiting for a digest window.
  int delivered = 0;          // Rows delivered (a digest counts once).
  int failed = 0;             // Rows given up.
  std::optional<std::int64_t> oldest_pending_at;  // created_at.
  std::optional<std::int64_t> next_attempt_at;    // Earliest pending.
  std::optional<std::int64_t> next_digest_at;     // Earliest held window end.
  std::optional<std::int64_t> last_delivered_at;
  // The most recent failed attempt (retried or given up).
  std::optional<std::int64_t> last_failure_at;
  std::optional<std::int64_t> last_failure_status;
  std::optional<std::string> last_failure_error;
};

class Outbox {
 public:
  explicit Outbox(Database& db) : db_(db) {}

  // Pending rows of `channel` due at `now_ms`, oldest alert first, skipping
  // the ids in `exclude` (attempts in flight), at most `limit`.
  Result<std::vector<OutboxRow>> Due(const std::string& channel, std::int64_t now_ms,
                                     std::size_t limit, const std::set<std::int64_t>& exclude);

  // The pending row of `channel` detected first (the probe of a failing
  // receiver), whether due or not.
  Result<std::optional<OutboxRow>> OldestPending(const std::string& channel);

  // The earliest next_attempt_at among pending rows of these channels.
  Result<std::optional<std::int64_t>> NextAttemptAt(const std::vector<std::string>& channels);

  Status MarkDelivered(std::int64_t id, std::int64_t now_ms, std::optional<long> status);
  // Records a failed attempt; the row stays pending until `next_attempt_ms`.
  Status ScheduleRetry(std::int64_t id, std::int64_t now_ms, std::int64_t next_attempt_ms,
                       std::optional<long> status, const std::string& error);
  // Records a failed attempt after which the row is given up.
  Status MarkFailed(std::int64_t id, std::int64_t now_ms, std::optional<long> status,
                    const std::string& error);

  // Makes every pending row of `channel` due at `now_ms` (the channel
  // recovered: what waited goes out now, in order of detection). Returns
  // how many rows moved.
  Result<int> PullForward(const std::string& channel, std::int64_t now_ms);

  // Digests. The earliest window end among held rows of `channel`.
  Result<std::optional<std::int64_t>> NextHeldAt(const std::string& channel);
  // In one transaction: takes every held row of `channel` whose window
  // ended by `now_ms`, asks `build` for the digest that carries them, inserts
  // it as a pending "digest" row and marks them grouped. Returns the new row,
  // or nullopt when nothing was held.
  Result<std::optional<OutboxRow>> GroupHeld(
      const std::string& channel, std::int64_t now_ms,
      const std::function<GroupDraft(const std::vector<OutboxRow>&)>& build);
  // Held rows of `channel` become pending now (the channel no longer uses a
  // digest). Returns how many.
  Result<int> ReleaseHeld(const std::string& channel, std::int64_t now_ms);

  // Reading, for status and tests.
  Result<std::vector<ChannelSummary>> Summaries(std::int64_t now_ms);
  // Rows given up, newest first.
  Result<std::vector<OutboxRow>> RecentFailures(std::size_t limit);
  // The alerts a digest or flood row carries, in order of detection.
  Result<std::vector<OutboxRow>> GroupMembers(std::int64_t group_id);
  Result<std::optional<OutboxRow>> Find(const std::string& delivery_id);

 private:
  Result<std::vector<OutboxRow>> Select(const std::string& where_and_order,
                                        const std::function<void(Statement&)>& bind);

  Database& db_;
};

}  // namespace newsalert::store
