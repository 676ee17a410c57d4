// FeedPoller: one feed end to end after its fetch: parse -> items -> match
// -> record (items, stories, outbox, feed state in one transaction). Reads
// top to bottom like the pipeline; the only place where the stages meet.
#pragma once

#include <memory>
#include <random>

#include "app/snapshot.h"
#include "base/clock.h"
#include "fetch/feed_fetcher.h"
#include "match/matcher.h"
#include "notify/dispatcher.h"
#include "store/database.h"
#include "store/feed_state.h"

namespace newsalert::app {

class FeedPoller {
 public:
  FeedPoller(store::Database& db, std::shared_ptr<const Clock> clock,
             notify::Dispatcher& dispatcher);

  void SetSnapshot(std::shared_ptr<const Snapshot> snapshot);

  // The validators to send for `feed` (from the store).
  fetch::Validators LoadValidators(const config::FeedConfig& feed);

  // Handles the end of a fetch of `feed`. Returns when to poll it next.
  TimePoint OnFetched(const config::FeedConfig& feed, fetch::FetchOutcome outcome);

 private:
  TimePoint RecordFailure(const config::FeedConfig& feed, store::FeedState state,
                          const std::string& error_class, const std::string& error,
                          std::optional<long> http_status, std::optional<Duration> retry_after);
  double Jitter();

  store::Database& db_;
  std::shared_ptr<const Clock> clock_;
  notify::Dispatcher& dispatcher_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::unique_ptr<match::Matcher> matcher_;
  std::mt19937_64 random_;
};

}  // namespace newsalert::app
