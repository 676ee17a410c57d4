// ServiceStatus: the few numbers the running daemon publishes about itself
// (the systemd STATUS= line, the gauges of the metrics endpoint), counted
// from the store on the event loop thread. `newsalert status` shows the
// full picture (app/status_report.h).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "app/snapshot.h"
#include "base/clock.h"
#include "base/result.h"
#include "store/database.h"

namespace newsalert::app {

struct ChannelBacklog {
  int pending = 0;
  int failed = 0;
  std::optional<std::int64_t> oldest_pending_at;  // Unix ms.
};

struct ServiceCounts {
  int feeds = 0;               // Configured.
  int feeds_failing = 0;       // Last poll failed.
  int feeds_never_polled = 0;  // No poll finished yet.
  int filters = 0;
  int pending = 0;  // Alerts waiting for delivery, all channels.
  std::map<std::string, ChannelBacklog> channels;  // Configured channels.
};

Result<ServiceCounts> CountService(store::Database& db, const Snapshot& snapshot);

// "12 feeds (1 failing), 5 filters, 3 alerts pending".
std::string StatusLine(const ServiceCounts& counts);

// Sets the gauges of base/metrics.h from `counts`.
void PublishGauges(const ServiceCounts& counts, TimePoint now);

}  // namespace newsalert::app
