// FeedPoller: one feed end to end after its fetch: parse -> items -> match
// -> record (items, stories, outbox, feed state in one transaction). Reads
// top to bottom like the pipeline; the only place where the stages meet.
#pragma once

#include <memory>
#include <random>

#include "app/snapshot.h"
#include "base/clock.h"
#include "fetch/feed_fetcher.h"
#include "match/match_document.h"
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
  // Bookkeeping of a failed fetch or parse: failure count, backoff, error;
  // logs at most one WARN per feed per 12 h (RELIABILITY T16).
  TimePoint RecordFailure(const config::FeedConfig& feed, store::FeedState state,
                          const fetch::FetchOutcome& outcome, const std::string& error_class,
                          const std::string& error);
  // Fills the health fields every successful fetch (200 or 304) sets, and
  // returns when to poll next.
  TimePoint NoteSuccess(const config::FeedConfig& feed, store::FeedState& state,
                        const fetch::FetchOutcome& outcome, TimePoint now);
  double Jitter();

  store::Database& db_;
  std::shared_ptr<const Clock> clock_;
  notify::Dispatcher& dispatcher_;
  std::shared_ptr<const Snapshot> snapshot_;
  std::unique_ptr<match::Matcher> matcher_;
  // One item's words at a time; kept across feeds so its buffers are reused.
  match::MatchDocument match_document_;
  std::mt19937_64 random_;
};

}  // namespace newsalert::app
