// Scheduler: which feeds to fetch now. Knows each feed's next poll time,
// which fetches are in flight, and the concurrency limits (overall and per
// host). The poll times themselves come from NextPollTime, a pure function.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "config/config.h"

namespace newsalert::app {

struct PollTiming {
  Duration interval{};                // The feed's configured interval.
  int consecutive_failures = 0;       // After this poll.
  std::optional<Duration> retry_after;  // The server asked us to wait.
  // After a success: the publisher's caching hint (Cache-Control max-age,
  // RSS <ttl>), when the config lets it count. It can only lengthen the
  // interval (up to 24 h), never shorten it.
  std::optional<Duration> cache_hint;
};

// When to poll next. After a success: now + max(interval, cache hint capped
// at 24 h) ±10 % jitter. After n consecutive failures: now + min(interval ×
// 2^n, 24 h) ±20 % (never giving up). A Retry-After is honoured, clamped to
// [interval, 24 h]. `jitter` is random in [-1, 1].
TimePoint NextPollTime(TimePoint now, const PollTiming& timing, double jitter);

class Scheduler {
 public:
  Scheduler(int max_concurrent, int max_per_host)
      : max_concurrent_(max_concurrent), max_per_host_(max_per_host) {}

  // Sets the feeds to schedule (start and reload). `due` gives a known next
  // poll time per feed URL; feeds without one are due at once. Feeds in
  // flight stay in flight.
  void SetFeeds(const std::vector<config::FeedConfig>& feeds,
                const std::map<std::string, TimePoint>& due);
  void SetLimits(int max_concurrent, int max_per_host);

  // URLs of feeds due at `now` that the limits allow to start; they are
  // marked in flight.
  std::vector<std::string> TakeDue(TimePoint now);

  // A fetch ended; the feed is next due at `next`.
  void Finished(const std::string& url, TimePoint next);

  // The earliest due time among feeds not in flight.
  std::optional<TimePoint> NextDue() const;

  std::size_t in_flight() const { return in_flight_count_; }
  bool IsScheduled(const std::string& url) const { return feeds_.count(url) > 0; }

 private:
  struct Entry {
    TimePoint due;
    std::string host;
    bool in_flight = false;
    bool removed = false;  // Dropped by a reload while in flight.
  };

  std::map<std::string, Entry> feeds_;  // By URL.
  std::map<std::string, int> host_in_flight_;
  std::size_t in_flight_count_ = 0;
  int max_concurrent_;
  int max_per_host_;
};

}  // namespace newsalert::app
