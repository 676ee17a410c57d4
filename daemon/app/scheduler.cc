#include "app/scheduler.h"

#include <algorithm>

#include "net/url.h"

namespace newsalert::app {
namespace {

using namespace std::chrono_literals;
constexpr Duration kMaxDelay = std::chrono::duration_cast<Duration>(24h);

Duration Scale(Duration base, double factor) {
  return std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, std::milli>(static_cast<double>(base.count()) * factor));
}

}  // namespace

TimePoint NextPollTime(TimePoint now, const PollTiming& timing, double jitter) {
  jitter = std::clamp(jitter, -1.0, 1.0);
  Duration delay;
  if (timing.consecutive_failures == 0) {
    Duration base = timing.interval;
    if (timing.cache_hint && *timing.cache_hint > base) {
      base = std::max(base, std::min(*timing.cache_hint, kMaxDelay));
    }
    delay = Scale(base, 1.0 + 0.1 * jitter);
  } else {
    Duration backoff = timing.interval;
    for (int i = 0; i < timing.consecutive_failures && backoff < kMaxDelay; ++i) backoff *= 2;
    backoff = std::min(backoff, kMaxDelay);
    delay = Scale(backoff, 1.0 + 0.2 * jitter);
  }
  if (timing.retry_after) {
    Duration asked = std::clamp(*timing.retry_after, timing.interval, kMaxDelay);
    delay = std::max(delay, asked);
  }
  return now + delay;
}

void Scheduler::SetLimits(int max_concurrent, int max_per_host) {
  max_concurrent_ = max_concurrent;
  max_per_host_ = max_per_host;
}

void Scheduler::SetFeeds(const std::vector<config::FeedConfig>& feeds,
                         const std::map<std::string, TimePoint>& due) {
  std::map<std::string, Entry> next;
  for (const config::FeedConfig& feed : feeds) {
    Entry entry;
    if (auto old = feeds_.find(feed.url); old != feeds_.end()) {
      entry = old->second;
      entry.removed = false;
    } else {
      auto known = due.find(feed.url);
      entry.due = known != due.end() ? known->second : TimePoint::min();
      entry.host = net::UrlHost(feed.url);
    }
    next.emplace(feed.url, std::move(entry));
  }
  // Feeds removed while in flight keep their slot until they finish.
  for (auto& [url, entry] : feeds_) {
    if (entry.in_flight && next.count(url) == 0) {
      Entry kept = entry;
      kept.removed = true;
      next.emplace(url, kept);
    }
  }
  feeds_ = std::move(next);
}

std::vector<std::string> Scheduler::TakeDue(TimePoint now) {
  std::vector<std::pair<TimePoint, std::string>> due;
  for (const auto& [url, entry] : feeds_) {
    if (!entry.in_flight && entry.due <= now) due.emplace_back(entry.due, url);
  }
  std::sort(due.begin(), due.end());
  std::vector<std::string> started;
  for (const auto& [when, url] : due) {
    if (in_flight_count_ >= static_cast<std::size_t>(max_concurrent_)) break;
    Entry& entry = feeds_[url];
    int& host_count = host_in_flight_[entry.host];
    if (!entry.host.empty() && host_count >= max_per_host_) continue;
    ++host_count;
    ++in_flight_count_;
    entry.in_flight = true;
    started.push_back(url);
  }
  return started;
}

void Scheduler::Finished(const std::string& url, TimePoint next) {
  auto it = feeds_.find(url);
  if (it == feeds_.end() || !it->second.in_flight) return;
  it->second.in_flight = false;
  it->second.due = next;
  --in_flight_count_;
  if (--host_in_flight_[it->second.host] <= 0) host_in_flight_.erase(it->second.host);
  if (it->second.removed) feeds_.erase(it);
}

std::optional<TimePoint> Scheduler::NextDue() const {
  std::optional<TimePoint> earliest;
  for (const auto& [url, entry] : feeds_) {
    if (entry.in_flight) continue;
    if (!earliest || entry.due < *earliest) earliest = entry.due;
  }
  return earliest;
}

}  // namespace newsalert::app
