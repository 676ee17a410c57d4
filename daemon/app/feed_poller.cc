#include "app/feed_poller.h"

#include <spdlog/spdlog.h>

#include "app/scheduler.h"
#include "base/ids.h"
#include "base/log.h"
#include "base/metrics.h"
#include "base/time_format.h"
#include "feed/feed_parser.h"
#include "match/match_document.h"
#include "match/snippet.h"
#include "notify/alert_payload.h"
#include "notify/delivery_policy.h"
#include "store/feed_state.h"
#include "store/item_recorder.h"
#include "text/item_builder.h"

namespace newsalert::app {
namespace {

// At most one WARN line per failing feed in this time (RELIABILITY T16).
constexpr Duration kWarnSpacing = std::chrono::hours(12);

std::optional<std::string> FormatOptionalTime(const std::optional<model::Timestamp>& time) {
  if (!time) return std::nullopt;
  return FormatRfc3339(TimePoint(*time));
}

store::FeedState LoadState(store::Database& db, const config::FeedConfig& feed) {
  store::FeedStateStore states(db);
  Result<std::optional<store::FeedState>> loaded = states.Load(feed.url);
  store::FeedState state;
  if (loaded.ok() && loaded->has_value()) state = **loaded;
  state.url = feed.url;
  state.name = feed.name;
  return state;
}

}  // namespace

FeedPoller::FeedPoller(store::Database& db, std::shared_ptr<const Clock> clock,
                       notify::Dispatcher& dispatcher)
    : db_(db), clock_(std::move(clock)), dispatcher_(dispatcher),
      random_(std::random_device{}()) {}

void FeedPoller::SetSnapshot(std::shared_ptr<const Snapshot> snapshot) {
  snapshot_ = std::move(snapshot);
  matcher_ = std::make_unique<match::Matcher>(snapshot_->filters);
}

double FeedPoller::Jitter() {
  return std::uniform_real_distribution<double>(-1.0, 1.0)(random_);
}

fetch::Validators FeedPoller::LoadValidators(const config::FeedConfig& feed) {
  store::FeedState state = LoadState(db_, feed);
  return fetch::Validators{state.etag, state.last_modified};
}

TimePoint FeedPoller::RecordFailure(const config::FeedConfig& feed, store::FeedState state,
                                    const fetch::FetchOutcome& outcome,
                                    const std::string& error_class, const std::string& error) {
  TimePoint now = clock_->Now();
  std::int64_t now_ms = ToUnixMillis(now);
  state.last_attempt_at = now_ms;
  state.last_duration_ms = outcome.elapsed.count();
  state.consecutive_failures += 1;
  if (!state.failing_since) state.failing_since = now_ms;
  state.last_error = error;
  state.last_error_class = error_class;
  state.last_status = outcome.http_status ? std::optional<std::int64_t>(*outcome.http_status)
                                          : std::nullopt;
  TimePoint next = NextPollTime(
      now, PollTiming{feed.interval, state.consecutive_failures, outcome.retry_after, {}},
      Jitter());
  state.retry_after_until =
      outcome.retry_after ? std::optional<std::int64_t>(ToUnixMillis(next)) : std::nullopt;
  state.next_poll_at = ToUnixMillis(next);
  // A dead feed is retried for ever; its log must not grow with every
  // attempt. One WARN when it starts failing, then at most one per 12 h
  // (so at most 2 in any day); the rest at debug level. `status` has it all.
  bool warn = !state.last_warned_at || now_ms - *state.last_warned_at >= kWarnSpacing.count();
  if (warn) state.last_warned_at = now_ms;
  store::FeedStateStore states(db_);
  if (Status saved = states.Save(state); !saved.ok()) {
    spdlog::error("feed state not saved feed={} error={}", Quote(feed.name),
                  Quote(saved.message()));
  }
  metrics::Increment(metrics::kFeedPolls, {{"outcome", "error"}});
  metrics::Increment(metrics::kFeedPollErrors, {{"class", error_class}});
  spdlog::log(warn ? spdlog::level::warn : spdlog::level::debug,
              "feed poll failed feed={} class={} error={} failures={} failing_since={} "
              "next_in={}{}",
              Quote(feed.name), error_class, Quote(error), state.consecutive_failures,
              FormatRfc3339(FromUnixMillis(*state.failing_since)),
              FormatDuration(std::chrono::duration_cast<std::chrono::seconds>(next - now)),
              warn && state.consecutive_failures > 1 ? " (repeats are logged at debug level)"
                                                     : "");
  return next;
}

TimePoint FeedPoller::NoteSuccess(const config::FeedConfig& feed, store::FeedState& state,
                                  const fetch::FetchOutcome& outcome, TimePoint now) {
  std::int64_t now_ms = ToUnixMillis(now);
  if (state.consecutive_failures > 0) {
    spdlog::info("feed recovered feed={} failures={} failing_since={}", Quote(feed.name),
                 state.consecutive_failures,
                 state.failing_since ? FormatRfc3339(FromUnixMillis(*state.failing_since)) : "");
  }
  if (outcome.moved_to && outcome.moved_to != state.redirected_to) {
    spdlog::info("feed moved permanently feed={} url={} moved_to={} (still polling the "
                 "configured url; update the config)",
                 Quote(feed.name), Quote(feed.url), Quote(*outcome.moved_to));
  }
  state.redirected_to = outcome.moved_to;
  state.last_attempt_at = now_ms;
  state.last_success_at = now_ms;
  state.last_duration_ms = outcome.elapsed.count();
  state.consecutive_failures = 0;
  state.failing_since.reset();
  state.retry_after_until.reset();
  state.last_error.reset();
  state.last_error_class.reset();
  state.last_status = outcome.http_status ? std::optional<std::int64_t>(*outcome.http_status)
                                          : std::nullopt;
  std::optional<Duration> hint;
  if (snapshot_->config->daemon.respect_cache_hints) {
    hint = outcome.max_age;
    if (state.ttl_minutes) {
      Duration ttl = std::chrono::minutes(*state.ttl_minutes);
      if (!hint || ttl > *hint) hint = ttl;
    }
  }
  TimePoint next =
      NextPollTime(now, PollTiming{feed.interval, 0, std::nullopt, hint}, Jitter());
  state.next_poll_at = ToUnixMillis(next);
  return next;
}

TimePoint FeedPoller::OnFetched(const config::FeedConfig& feed, fetch::FetchOutcome outcome) {
  store::FeedState state = LoadState(db_, feed);
  if (outcome.kind == fetch::FetchOutcome::Kind::kFailed) {
    return RecordFailure(feed, std::move(state), outcome, outcome.error_class, outcome.error);
  }

  TimePoint now = clock_->Now();
  std::int64_t now_ms = ToUnixMillis(now);

  if (outcome.kind == fetch::FetchOutcome::Kind::kNotModified) {
    // A 304 costs no parsing: the items are the ones already recorded.
    TimePoint next = NoteSuccess(feed, state, outcome, now);
    state.items_last_fetch = 0;
    store::FeedStateStore states(db_);
    if (Status saved = states.Save(state); !saved.ok()) {
      spdlog::error("feed state not saved feed={} error={}", Quote(feed.name),
                    Quote(saved.message()));
    }
    metrics::Increment(metrics::kFeedPolls, {{"outcome", "not_modified"}});
    spdlog::debug("feed not modified feed={}", Quote(feed.name));
    return next;
  }

  // Parse.
  feed::ParseOptions options;
  options.base_url = outcome.effective_url.empty() ? feed.url : outcome.effective_url;
  options.content_type = outcome.content_type;
  Result<feed::FeedDocument> document = feed::ParseFeed(outcome.body, options);
  if (!document.ok()) {
    return RecordFailure(feed, std::move(state), outcome, "parse", document.status().message());
  }
  for (const std::string& warning : document->warnings) {
    spdlog::warn("feed document problem feed={} warning={}", Quote(feed.name), Quote(warning));
  }

  // Items, and which of them are new or edited.
  std::vector<model::Item> items =
      text::BuildItems(*document, text::FeedIdentity{feed.name, feed.url, feed.tags});
  store::ItemRecorder recorder(db_);
  Result<std::vector<bool>> changed = recorder.NewOrChanged(feed.url, items);
  if (!changed.ok()) {
    spdlog::error("store read failed feed={} error={}", Quote(feed.name),
                  Quote(changed.status().message()));
    return now + std::chrono::minutes(1);
  }

  // Match only those, and draft their alerts.
  const config::Config& config = *snapshot_->config;
  const match::FilterSet& filters = *snapshot_->filters;
  std::vector<std::vector<store::FilterMatch>> matches(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!(*changed)[i]) continue;
    match_document_.Assign(items[i], filters.fields());
    for (const match::Hit& hit : matcher_->Match(match_document_)) {
      const match::CompiledFilter& filter = filters.filters()[hit.filter_index];
      store::FilterMatch filter_match;
      filter_match.filter = filter.name;
      notify::AlertContent alert;
      alert.filter_name = filter.name;
      alert.filter_query = filter.query_text;
      alert.title = items[i].title;
      alert.link = items[i].link;
      alert.published = FormatOptionalTime(items[i].published ? items[i].published
                                                              : items[i].updated);
      if (!items[i].authors.empty()) alert.author = items[i].authors.front();
      alert.categories = items[i].categories;
      alert.summary = items[i].summary.empty() ? items[i].content : items[i].summary;
      alert.feed_name = feed.name;
      alert.feed_url = feed.url;
      alert.matched = hit.matched_terms;
      alert.snippet = match::BuildSnippet(match_document_, hit);
      alert.detected_at = FormatRfc3339(now);
      for (const std::string& channel : filter.notify) {
        if (config.FindChannel(channel) == nullptr) continue;
        alert.id = NewDeliveryId(now);
        filter_match.deliveries.push_back(
            store::AlertDraft{channel, alert.id, notify::SerializeAlert(alert)});
      }
      matches[i].push_back(std::move(filter_match));
    }
  }

  // Record everything, validators included, in one transaction.
  bool baseline = !state.first_success_at && !config.daemon.alert_on_first_poll;
  state.etag = outcome.validators.etag;
  state.last_modified = outcome.validators.last_modified;
  state.ttl_minutes = document->feed.ttl_minutes
                          ? std::optional<std::int64_t>(*document->feed.ttl_minutes)
                          : std::nullopt;
  TimePoint next = NoteSuccess(feed, state, outcome, now);
  if (!state.first_success_at) state.first_success_at = now_ms;
  state.items_last_fetch = static_cast<std::int64_t>(items.size());
  // Digest channels hold their alerts; a poll bringing more new alerts than
  // a channel's flood_threshold becomes one summary (notify/delivery_policy.h).
  Result<store::RecordOutcome> recorded = recorder.Record(
      state, items, matches, baseline, now_ms, notify::MakeRecordPolicy(config, feed, now));
  if (!recorded.ok()) {
    // Nothing was committed, validators included: the next poll fetches the
    // same document again and nothing is lost.
    spdlog::error("feed not recorded feed={} error={}", Quote(feed.name),
                  Quote(recorded.status().message()));
    return now + std::chrono::minutes(1);
  }
  metrics::Increment(metrics::kFeedPolls, {{"outcome", "ok"}});
  metrics::Increment(metrics::kItemsFetched, {}, static_cast<double>(items.size()));
  metrics::Increment(metrics::kItemsNew, {}, recorded->new_items);
  for (const auto& item_matches : matches) {
    metrics::Increment(metrics::kFilterMatches, {}, static_cast<double>(item_matches.size()));
  }
  metrics::Increment(metrics::kAlertsQueued, {}, static_cast<double>(recorded->queued.size()));
  for (const store::QueuedAlert& alert : recorded->queued) {
    spdlog::info("alert queued feed={} filter={} channel={} delivery={} as={} title={}",
                 Quote(feed.name), Quote(alert.filter), alert.channel, alert.delivery_id, alert.how,
                 Quote(alert.title));
  }
  for (const store::GroupDraft& flood : recorded->floods) {
    spdlog::warn("flood breaker: one summary instead of many alerts feed={} delivery={} {}",
                 Quote(feed.name), flood.delivery_id, Quote(flood.title));
  }
  spdlog::info("feed polled feed={} items={} new={} changed={} alerts={}{}", Quote(feed.name),
               items.size(), recorded->new_items, recorded->changed_items,
               recorded->queued.size(),
               baseline ? " (first poll: backlog marked seen, not alerted)" : "");
  if (!recorded->queued.empty()) dispatcher_.Wake();
  return next;
}

}  // namespace newsalert::app
