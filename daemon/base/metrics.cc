#include "base/metrics.h"

#include <fmt/format.h>

#include <array>
#include <map>
#include <mutex>

namespace newsalert::metrics {
namespace {

enum class Type { kCounter, kGauge, kHistogram };

struct Family {
  std::string_view name;
  Type type;
  std::string_view help;
};

// Delivery latency (detected -> receiver answered 2xx) spans a local
// receiver's milliseconds to a day of retries.
constexpr std::array<double, 12> kLatencyBuckets = {0.1, 0.5, 1,    5,     15,    60,
                                                    300, 900, 3600, 14400, 43200, 86400};

constexpr std::array<Family, 15> kFamilies = {{
    {kFeedPolls, Type::kCounter, "Feed polls by outcome (ok, not_modified, error)."},
    {kFeedPollErrors, Type::kCounter, "Failed feed polls by error class."},
    {kItemsFetched, Type::kCounter, "Items in successfully fetched feed documents."},
    {kItemsNew, Type::kCounter, "Items seen for the first time."},
    {kFilterMatches, Type::kCounter, "Filter matches on new or changed items."},
    {kAlertsQueued, Type::kCounter, "Alerts written to the outbox (one per channel)."},
    {kDeliveries, Type::kCounter,
     "Delivery attempts by channel and outcome (delivered, retry, failed, disabled)."},
    {kReloads, Type::kCounter, "Configuration reloads by result (ok, error)."},
    {kFeeds, Type::kGauge, "Configured feeds by health (ok, failing, never_polled)."},
    {kFilters, Type::kGauge, "Filters in force."},
    {kOutboxAlerts, Type::kGauge, "Alerts in the outbox by channel and state (pending, failed)."},
    {kOutboxOldestPending, Type::kGauge,
     "Age of the oldest pending alert per channel (0 when none)."},
    {kStartTime, Type::kGauge, "Start time of the daemon, Unix seconds."},
    {kBuildInfo, Type::kGauge, "Always 1; the version is a label."},
    {kDeliveryLatency, Type::kHistogram,
     "Seconds from detection to the receiver's 2xx, per channel."},
}};

struct Histogram {
  std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};
  std::uint64_t count = 0;
  double sum = 0;
};

struct Registry {
  std::mutex mutex;
  // family -> series key (see SeriesKey) -> value
  std::map<std::string, std::map<std::string, double>, std::less<>> values;
  std::map<std::string, std::map<std::string, Histogram>, std::less<>> histograms;
};

Registry& Global() {
  static Registry* registry = new Registry();  // Never destroyed: threads may outlive main.
  return *registry;
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Braced(const std::string& key) { return key.empty() ? key : "{" + key + "}"; }

std::string FormatValue(double value) {
  if (value == static_cast<double>(static_cast<long long>(value))) {
    return std::to_string(static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

// A series within its family: a="1",b="2" (empty without labels).
std::string SeriesKey(const Labels& labels) {
  std::string key;
  for (const auto& [name, value] : labels) {
    if (!key.empty()) key += ',';
    key += name + "=\"" + EscapeLabelValue(value) + "\"";
  }
  return key;
}

}  // namespace

void Increment(std::string_view family, const Labels& labels, double by) {
  Registry& registry = Global();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.values[std::string(family)][SeriesKey(labels)] += by;
}

void Set(std::string_view family, const Labels& labels, double value) {
  Registry& registry = Global();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.values[std::string(family)][SeriesKey(labels)] = value;
}

void ReplaceAll(std::string_view family, const std::vector<std::pair<Labels, double>>& series) {
  std::map<std::string, double> fresh;
  for (const auto& [labels, value] : series) fresh[SeriesKey(labels)] = value;
  Registry& registry = Global();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.values[std::string(family)] = std::move(fresh);
}

void Observe(std::string_view family, const Labels& labels, double value) {
  Registry& registry = Global();
  std::lock_guard<std::mutex> lock(registry.mutex);
  Histogram& histogram = registry.histograms[std::string(family)][SeriesKey(labels)];
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    if (value <= kLatencyBuckets[i]) ++histogram.buckets[i];
  }
  ++histogram.count;
  histogram.sum += value;
}

std::string RenderPrometheus() {
  Registry& registry = Global();
  std::lock_guard<std::mutex> lock(registry.mutex);
  std::string out;
  for (const Family& family : kFamilies) {
    const char* type = family.type == Type::kCounter ? "counter"
                       : family.type == Type::kGauge ? "gauge"
                                                     : "histogram";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name, family.help, family.name, type);
    if (family.type == Type::kHistogram) {
      auto found = registry.histograms.find(family.name);
      if (found == registry.histograms.end()) continue;
      for (const auto& [key, histogram] : found->second) {
        std::string prefix = key.empty() ? "" : key + ",";
        for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
          out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", family.name, prefix,
                             FormatValue(kLatencyBuckets[i]), histogram.buckets[i]);
        }
        out += fmt::format("{}_bucket{{{}le=\"+Inf\"}} {}\n", family.name, prefix,
                           histogram.count);
        out += fmt::format("{}_sum{} {}\n", family.name, Braced(key), FormatValue(histogram.sum));
        out += fmt::format("{}_count{} {}\n", family.name, Braced(key), histogram.count);
      }
      continue;
    }
    auto found = registry.values.find(family.name);
    if (found == registry.values.end()) continue;
    for (const auto& [key, value] : found->second) {
      out += fmt::format("{}{} {}\n", family.name, Braced(key), FormatValue(value));
    }
  }
  return out;
}

void ResetForTesting() {
  Registry& registry = Global();
  std::lock_guard<std::mutex> lock(registry.mutex);
  registry.values.clear();
  registry.histograms.clear();
}

}  // namespace newsalert::metrics
