// Outbox: the alerts waiting for delivery, one row per (story, filter,
// channel). Rows are written by ItemRecorder together with their item;
// the dispatcher reads due rows and records each attempt's outcome here.
#pragma once

#include <cstdint>
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
  std::string channel;
  std::string filter;
  std::string feed_url;
  std::string payload;
  std::int64_t created_at = 0;
  std::string state;  // pending, delivered, failed
  int attempts = 0;
  std::optional<std::int64_t> first_attempt_at;
  std::int64_t next_attempt_at = 0;
  std::optional<std::int64_t> last_status;
  std::optional<std::string> last_error;
};

struct ChannelCounts {
  int pending = 0;
  int delivered = 0;
  int failed = 0;
  std::optional<std::int64_t> oldest_pending_at;
  std::optional<std::string> last_error;
};

class Outbox {
 public:
  explicit Outbox(Database& db) : db_(db) {}

  // Pending rows of `channel` due at `now_ms`, oldest first, skipping the
  // ids in `exclude` (attempts in flight), at most `limit`.
  Result<std::vector<OutboxRow>> Due(const std::string& channel, std::int64_t now_ms,
                                     std::size_t limit, const std::set<std::int64_t>& exclude);

  // The earliest next_attempt_at among pending rows of these channels.
  Result<std::optional<std::int64_t>> NextAttemptAt(const std::vector<std::string>& channels);

  Status MarkDelivered(std::int64_t id, std::int64_t now_ms, std::optional<long> status);
  // Records a failed attempt; the row stays pending until `next_attempt_ms`.
  Status ScheduleRetry(std::int64_t id, std::int64_t now_ms, std::int64_t next_attempt_ms,
                       std::optional<long> status, const std::string& error);
  // Records a failed attempt after which the row is given up.
  Status MarkFailed(std::int64_t id, std::int64_t now_ms, std::optional<long> status,
                    const std::string& error);

  Result<std::map<std::string, ChannelCounts>> CountsByChannel();

  // One row by delivery id (tests, status).
  Result<std::optional<OutboxRow>> Find(const std::string& delivery_id);

 private:
  Database& db_;
};

}  // namespace newsalert::store
