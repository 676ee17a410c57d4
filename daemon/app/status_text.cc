// The table view of `newsalert status`, rendered from the JSON report.
#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include <fmt/format.h>

#include "app/status_report.h"
#include "base/time_format.h"

namespace newsalert::app {
namespace {

using nlohmann::json;

// Columns of the table; the rest of a feed's fields show on detail lines.
const std::set<std::string> kFeedTableFields = {
    "url", "name", "configured", "health", "first_success_at", "last_attempt_at",
    "last_success_at", "next_poll_at", "consecutive_failures", "last_status",
    "items_last_fetch", "last_new_item_at", "failing_since", "last_error", "last_error_class",
    "retry_after_until", "redirected_to", "stale", "stale_reason"};

std::optional<TimePoint> ParseTime(const json& value) {
  if (!value.is_string()) return std::nullopt;
  std::tm tm{};
  const std::string& text = value.get_ref<const std::string&>();
  if (strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm) == nullptr) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// "3m ago", "in 2h", "-" when unknown.
std::string Relative(const json& value, TimePoint now) {
  std::optional<TimePoint> time = ParseTime(value);
  if (!time) return "-";
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - *time).count();
  bool future = seconds < 0;
  if (future) seconds = -seconds;
  std::string span;
  if (seconds < 60) {
    span = std::to_string(seconds) + "s";
  } else if (seconds < 3600) {
    span = std::to_string(seconds / 60) + "m";
  } else if (seconds < 86400 * 2) {
    span = std::to_string(seconds / 3600) + "h";
  } else {
    span = std::to_string(seconds / 86400) + "d";
  }
  return future ? "in " + span : span + " ago";
}

// A next poll well in the past means the daemon is late: stopped or stuck.
std::string NextPoll(const json& value, TimePoint now) {
  std::optional<TimePoint> time = ParseTime(value);
  if (time && *time <= now) {
    return now - *time < std::chrono::minutes(1) ? "now" : "overdue, due " + Relative(value, now);
  }
  return Relative(value, now);
}

std::string Text(const json& value) {
  if (value.is_null()) return "-";
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "yes" : "no";
  return value.dump();
}

std::string Field(const json& object, const char* key) {
  return object.contains(key) ? Text(object[key]) : "-";
}

std::size_t DisplayWidth(const std::string& text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;  // Code points.
  return width;
}

class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // A line printed under the last row, indented, outside the columns.
  void Detail(std::string line) { details_[rows_.size() - 1].push_back(std::move(line)); }

  std::string Render() const {
    std::vector<std::size_t> widths(rows_[0].size(), 0);
    for (const auto& row : rows_) {
      for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
    std::string out;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      std::string line = "  ";
      for (std::size_t i = 0; i < rows_[r].size(); ++i) {
        line += rows_[r][i];
        if (i + 1 < rows_[r].size()) line += std::string(widths[i] - DisplayWidth(rows_[r][i]) + 2, ' ');
      }
      out += line + "\n";
      if (auto it = details_.find(r); it != details_.end()) {
        for (const std::string& detail : it->second) out += "      " + detail + "\n";
      }
    }
    return out;
  }

 private:
  std::vector<std::vector<std::string>> rows_;
  std::map<std::size_t, std::vector<std::string>> details_;
};

std::string Feeds(const json& feeds, TimePoint now) {
  Table table({"FEED", "HEALTH", "LAST SUCCESS", "LAST ATTEMPT", "HTTP", "FAILURES", "ITEMS",
               "NEXT POLL"});
  for (const json& feed : feeds) {
    std::string health = feed["health"];
    std::replace(health.begin(), health.end(), '_', ' ');
    if (feed.value("stale", false)) health += ", stale";
    table.Add({Field(feed, "name"), health, Relative(feed.value("last_success_at", json()), now),
               Relative(feed.value("last_attempt_at", json()), now), Field(feed, "last_status"),
               Field(feed, "consecutive_failures"), Field(feed, "items_last_fetch"),
               feed["configured"].get<bool>() ? NextPoll(feed.value("next_poll_at", json()), now)
                                              : "-"});
    if (feed.value("consecutive_failures", 0) > 0) {
      table.Detail(fmt::format("failing since {} ({}): {}: {}", Field(feed, "failing_since"),
                               Relative(feed.value("failing_since", json()), now),
                               Field(feed, "last_error_class"), Field(feed, "last_error")));
    }
    if (feed.value("stale", false)) table.Detail("stale: " + Field(feed, "stale_reason"));
    if (feed.contains("retry_after_until") && !feed["retry_after_until"].is_null()) {
      table.Detail("server asked to wait until " + Field(feed, "retry_after_until"));
    }
    if (feed.contains("redirected_to") && !feed["redirected_to"].is_null()) {
      table.Detail("permanently redirected to " + Field(feed, "redirected_to") +
                   " (update the config)");
    }
    std::string extra;
    for (const auto& [key, value] : feed.items()) {
      if (kFeedTableFields.count(key) || value.is_null()) continue;
      extra += (extra.empty() ? "" : "  ") + key + "=" + Text(value);
    }
    if (!extra.empty()) table.Detail(extra);
  }
  return table.Render();
}

std::string Filters(const json& filters, TimePoint now) {
  Table table({"FILTER", "ALERTED", "BASELINE", "LAST MATCH", "PENDING", "DELIVERED", "FAILED"});
  for (const json& filter : filters) {
    std::string name = filter["name"];
    if (!filter["configured"].get<bool>()) name += " (not configured)";
    const json& alerts = filter["alerts"];
    table.Add({name, Text(filter["stories_alerted"]), Text(filter["stories_baseline"]),
               Relative(filter["last_match_at"], now), Text(alerts["pending"]),
               Text(alerts["delivered"]), Text(alerts["failed"])});
  }
  return table.Render();
}

std::string Channels(const json& channels, TimePoint now) {
  Table table({"CHANNEL", "TYPE", "STATE", "PENDING", "OLDEST PENDING", "DELIVERED", "FAILED",
               "LAST DELIVERY"});
  for (const json& channel : channels) {
    const json& alerts = channel["alerts"];
    std::string state = !channel["configured"].get<bool>() ? "not configured"
                        : channel["disabled"].get<bool>()  ? "DISABLED"
                        : channel.value("failing", false)  ? "FAILING"
                                                           : "enabled";
    std::string type = Field(channel, "type");
    if (channel.contains("format") && !channel["format"].is_null() && channel["format"] != "json") {
      type += " (" + Text(channel["format"]) + ")";
    }
    table.Add({Text(channel["name"]), type, state, Text(alerts["pending"]),
               Relative(alerts["oldest_pending_at"], now), Text(alerts["delivered"]),
               Text(alerts["failed"]), Relative(alerts["last_delivered_at"], now)});
    if (channel["disabled"].get<bool>()) {
      table.Detail(fmt::format("disabled {}: {} (change its url to re-enable it)",
                               Relative(channel["disabled_at"], now),
                               Text(channel["disabled_reason"])));
    }
    if (channel.value("failing", false)) {
      table.Detail(fmt::format("failing since {}: only the oldest alert is retried until the "
                               "receiver answers again",
                               Relative(channel["failing_since"], now)));
    }
    if (alerts.value("held", 0) > 0) {
      table.Detail(fmt::format("{} alerts held for the next {} digest", Text(alerts["held"]),
                               Field(channel, "mode")));
    }
    if (!channel["last_error"].is_null()) {
      const json& error = channel["last_error"];
      table.Detail(fmt::format("last error {}: {}", Relative(error["at"], now),
                               Text(error["message"])));
    }
  }
  return table.Render();
}

}  // namespace

std::string RenderStatusText(const json& report, TimePoint now) {
  const json& summary = report["summary"];
  std::string out;
  out += fmt::format("newsalert status at {}\n", Text(report["generated_at"]));
  out += fmt::format("config    {}\n", Text(report["config"]));
  out += fmt::format("database  {} (schema {})\n", Text(report["database"]),
                     Text(report["schema_version"]));
  out += fmt::format(
      "summary   {} feeds ({} failing, {} stale, {} never polled), {} filters, {} channels ({} "
      "disabled, {} failing); {} alerts pending, {} failed\n",
      Text(summary["feeds"]), Text(summary["feeds_failing"]), Text(summary["feeds_stale"]),
      Text(summary["feeds_never_polled"]), Text(summary["filters"]), Text(summary["channels"]),
      Text(summary["channels_disabled"]), Text(summary["channels_failing"]),
      Text(summary["alerts_pending"]), Text(summary["alerts_failed"]));
  out += "\n" + Feeds(report["feeds"], now);
  out += "\n" + Filters(report["filters"], now);
  out += "\n" + Channels(report["channels"], now);
  return out;
}

}  // namespace newsalert::app
