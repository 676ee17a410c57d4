// Metrics: process-wide counters, gauges and histograms in the Prometheus
// data model. The event loop thread updates them; the metrics endpoint
// (app/metrics_server.h) renders them from its own thread. Every call takes
// one mutex for a few map operations: cheap next to a feed poll or a
// delivery, which is the rate at which they are called.
//
// Families are declared here, once, with their help text, so that a scrape
// lists every family even before its first event. Label values must come
// from small sets (outcome, error class, channel name): never item data.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsalert::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

// Counters.
inline constexpr std::string_view kFeedPolls = "newsalert_feed_polls_total";
inline constexpr std::string_view kFeedPollErrors = "newsalert_feed_poll_errors_total";
inline constexpr std::string_view kItemsFetched = "newsalert_items_fetched_total";
inline constexpr std::string_view kItemsNew = "newsalert_items_new_total";
inline constexpr std::string_view kFilterMatches = "newsalert_filter_matches_total";
inline constexpr std::string_view kAlertsQueued = "newsalert_alerts_queued_total";
inline constexpr std::string_view kDeliveries = "newsalert_deliveries_total";
inline constexpr std::string_view kReloads = "newsalert_config_reloads_total";
// Gauges.
inline constexpr std::string_view kFeeds = "newsalert_feeds";
inline constexpr std::string_view kFilters = "newsalert_filters";
inline constexpr std::string_view kOutboxAlerts = "newsalert_outbox_alerts";
inline constexpr std::string_view kOutboxOldestPending = "newsalert_outbox_oldest_pending_seconds";
inline constexpr std::string_view kStartTime = "newsalert_start_time_seconds";
inline constexpr std::string_view kBuildInfo = "newsalert_build_info";
// Histograms.
inline constexpr std::string_view kDeliveryLatency = "newsalert_delivery_latency_seconds";

void Increment(std::string_view family, const Labels& labels = {}, double by = 1);
void Set(std::string_view family, const Labels& labels, double value);
// Replaces every series of a gauge family at once (series not listed
// disappear, e.g. a channel removed by a reload).
void ReplaceAll(std::string_view family, const std::vector<std::pair<Labels, double>>& series);
void Observe(std::string_view family, const Labels& labels, double value);

// The Prometheus text exposition format, version 0.0.4.
std::string RenderPrometheus();

// Forgets every value (tests).
void ResetForTesting();

}  // namespace newsalert::metrics
