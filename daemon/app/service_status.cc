#include "app/service_status.h"

#include <set>

#include "base/metrics.h"
#include "base/time_format.h"

namespace newsalert::app {

Result<ServiceCounts> CountService(store::Database& db, const Snapshot& snapshot) {
  const config::Config& config = *snapshot.config;
  ServiceCounts counts;
  counts.feeds = static_cast<int>(config.feeds.size());
  counts.filters = static_cast<int>(snapshot.filters->filters().size());

  std::set<std::string> configured;
  for (const config::FeedConfig& feed : config.feeds) configured.insert(feed.url);
  Result<store::Statement> feeds =
      db.Prepare("SELECT url, consecutive_failures, last_attempt_at FROM feeds");
  if (!feeds.ok()) return feeds.status();
  int polled = 0;
  while (feeds->Step()) {
    if (configured.count(feeds->Text(0)) == 0 || feeds->IsNull(2)) continue;
    ++polled;
    if (feeds->Int(1) > 0) ++counts.feeds_failing;
  }
  if (!feeds->status().ok()) return feeds->status();
  counts.feeds_never_polled = counts.feeds - polled;

  for (const config::ChannelConfig& channel : config.channels) counts.channels[channel.name];
  // Delivered rows pile up for ever; this reads only the others (index
  // outbox_due starts with state).
  Result<store::Statement> outbox = db.Prepare(
      "SELECT channel, state, COUNT(*), MIN(created_at) FROM outbox "
      "WHERE state IN ('pending', 'failed') GROUP BY channel, state");
  if (!outbox.ok()) return outbox.status();
  while (outbox->Step()) {
    int count = static_cast<int>(outbox->Int(2));
    if (outbox->Text(1) == "pending") counts.pending += count;
    auto channel = counts.channels.find(outbox->Text(0));
    if (channel == counts.channels.end()) continue;  // No longer configured.
    if (outbox->Text(1) == "pending") {
      channel->second.pending = count;
      channel->second.oldest_pending_at = outbox->Int(3);
    } else {
      channel->second.failed = count;
    }
  }
  if (!outbox->status().ok()) return outbox->status();
  return counts;
}

std::string StatusLine(const ServiceCounts& counts) {
  auto plural = [](int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  std::string line = plural(counts.feeds, "feed");
  if (counts.feeds_failing > 0) line += " (" + std::to_string(counts.feeds_failing) + " failing)";
  line += ", " + plural(counts.filters, "filter");
  line += ", " + plural(counts.pending, "alert") + " pending";
  return line;
}

void PublishGauges(const ServiceCounts& counts, TimePoint now) {
  auto real = [](int value) { return static_cast<double>(value); };
  int ok = counts.feeds - counts.feeds_failing - counts.feeds_never_polled;
  metrics::ReplaceAll(metrics::kFeeds,
                      {{{{"state", "ok"}}, real(ok)},
                       {{{"state", "failing"}}, real(counts.feeds_failing)},
                       {{{"state", "never_polled"}}, real(counts.feeds_never_polled)}});
  metrics::Set(metrics::kFilters, {}, real(counts.filters));
  std::vector<std::pair<metrics::Labels, double>> depth, oldest;
  std::int64_t now_ms = ToUnixMillis(now);
  for (const auto& [name, backlog] : counts.channels) {
    depth.push_back({{{"channel", name}, {"state", "pending"}}, real(backlog.pending)});
    depth.push_back({{{"channel", name}, {"state", "failed"}}, real(backlog.failed)});
    double age = backlog.oldest_pending_at
                     ? static_cast<double>(now_ms - *backlog.oldest_pending_at) / 1000.0
                     : 0.0;
    oldest.push_back({{{"channel", name}}, age > 0 ? age : 0.0});
  }
  metrics::ReplaceAll(metrics::kOutboxAlerts, depth);
  metrics::ReplaceAll(metrics::kOutboxOldestPending, oldest);
}

}  // namespace newsalert::app
