#include "app/status_report.h"

#include <map>
#include <set>

#include "base/strings.h"
#include "base/time_format.h"
#include "store/feed_state.h"

namespace newsalert::app {
namespace {

using nlohmann::json;

bool IsTimeColumn(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  return ends_with("_at") || ends_with("_since") || ends_with("_until");
}

// One column of the current row as JSON: times as RFC 3339.
json ColumnValue(sqlite3_stmt* statement, int column) {
  std::string_view name = sqlite3_column_name(statement, column);
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL:
      return nullptr;
    case SQLITE_INTEGER: {
      std::int64_t value = sqlite3_column_int64(statement, column);
      if (IsTimeColumn(name)) return FormatRfc3339(FromUnixMillis(value));
      return value;
    }
    case SQLITE_FLOAT:
      return sqlite3_column_double(statement, column);
    default: {
      const unsigned char* text = sqlite3_column_text(statement, column);
      return std::string(reinterpret_cast<const char*>(text),
                         static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
    }
  }
}

// Every row of `sql` as an object keyed by column name.
Result<std::vector<json>> QueryObjects(store::Database& db, const std::string& sql,
                                       const std::set<std::string>& skip = {}) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    return Status::IoError(std::string("store: ") + sqlite3_errmsg(db.handle()));
  }
  std::vector<json> rows;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    json row = json::object();
    for (int i = 0; i < sqlite3_column_count(statement); ++i) {
      std::string name = sqlite3_column_name(statement, i);
      if (skip.count(name) == 0) row[name] = ColumnValue(statement, i);
    }
    rows.push_back(std::move(row));
  }
  std::string error = rc == SQLITE_DONE ? "" : sqlite3_errmsg(db.handle());
  sqlite3_finalize(statement);
  if (!error.empty()) return Status::IoError("store: " + error);
  return rows;
}

std::string FeedHealth(const json& feed, bool configured) {
  if (!configured) return "not_configured";
  if (!feed.contains("last_attempt_at") || feed["last_attempt_at"].is_null()) {
    return "never_polled";
  }
  if (feed.value("consecutive_failures", 0) > 0) return "failing";
  return "ok";
}

Result<json> Feeds(const config::Config& config, store::Database& db, TimePoint now) {
  Result<std::vector<json>> rows =
      QueryObjects(db, "SELECT * FROM feeds", {"etag", "last_modified", "last_warned_at"});
  if (!rows.ok()) return rows.status();
  // Staleness is judged by the store's rule (failing, or nothing new, for
  // longer than stale_after).
  Result<std::vector<store::FeedHealth>> health =
      store::FeedStateStore(db).LoadHealth(ToUnixMillis(now), config.daemon.stale_after);
  if (!health.ok()) return health.status();
  std::map<std::string, const store::FeedHealth*> health_by_url;
  for (const store::FeedHealth& entry : *health) health_by_url[entry.state.url] = &entry;
  std::map<std::string, json> by_url;
  for (json& row : *rows) {
    std::string url = row.value("url", "");
    by_url[url] = std::move(row);
  }

  json feeds = json::array();
  for (const config::FeedConfig& feed : config.feeds) {
    json entry = json::object();
    auto found = by_url.find(feed.url);
    if (found != by_url.end()) {
      entry = std::move(found->second);
      by_url.erase(found);
    }
    entry["name"] = feed.name;  // The configured name wins over the stored one.
    entry["url"] = feed.url;
    entry["configured"] = true;
    entry["health"] = FeedHealth(entry, true);
    auto assessed = health_by_url.find(feed.url);
    bool stale = assessed != health_by_url.end() && assessed->second->stale;
    entry["stale"] = stale;
    entry["stale_reason"] = stale ? json(assessed->second->stale_reason) : json(nullptr);
    feeds.push_back(std::move(entry));
  }
  // Feeds removed from the config keep their history in the store.
  for (auto& [url, entry] : by_url) {
    entry["configured"] = false;
    entry["health"] = FeedHealth(entry, false);
    feeds.push_back(std::move(entry));
  }
  return feeds;
}

// Outbox rows by state. "held" rows wait for a digest window; "grouped"
// rows went out inside a digest or flood summary row.
const char* ChannelTypeName(config::ChannelType type) {
  switch (type) {
    case config::ChannelType::kConsole: return "console";
    case config::ChannelType::kWebhook: return "webhook";
    case config::ChannelType::kEmail: return "email";
  }
  return "unknown";
}

const char* WebhookFormatName(config::WebhookFormat format) {
  switch (format) {
    case config::WebhookFormat::kJson: return "json";
    case config::WebhookFormat::kSlack: return "slack";
    case config::WebhookFormat::kDiscord: return "discord";
  }
  return "unknown";
}

const char* DeliveryModeName(config::DeliveryMode mode) {
  switch (mode) {
    case config::DeliveryMode::kImmediate: return "immediate";
    case config::DeliveryMode::kHourly: return "hourly";
    case config::DeliveryMode::kDaily: return "daily";
  }
  return "unknown";
}

struct OutboxCounts {
  std::int64_t pending = 0, held = 0, grouped = 0, delivered = 0, failed = 0;
  std::optional<std::int64_t> oldest_pending_at, last_delivered_at;
};

json CountsJson(const OutboxCounts& counts) {
  auto time = [](std::optional<std::int64_t> ms) -> json {
    return ms ? json(FormatRfc3339(FromUnixMillis(*ms))) : json(nullptr);
  };
  return {{"pending", counts.pending},
          {"held", counts.held},
          {"grouped", counts.grouped},
          {"delivered", counts.delivered},
          {"failed", counts.failed},
          {"oldest_pending_at", time(counts.oldest_pending_at)},
          {"last_delivered_at", time(counts.last_delivered_at)}};
}

// Outbox rows counted by `group_column` (channel or filter) and state.
Result<std::map<std::string, OutboxCounts>> CountOutbox(store::Database& db,
                                                         const std::string& group_column) {
  Result<store::Statement> query =
      db.Prepare("SELECT " + group_column +
                 ", state, COUNT(*), MIN(created_at), MAX(finished_at) FROM outbox GROUP BY " +
                 group_column + ", state");
  if (!query.ok()) return query.status();
  std::map<std::string, OutboxCounts> counts;
  while (query->Step()) {
    OutboxCounts& entry = counts[query->Text(0)];
    std::string state = query->Text(1);
    if (state == "pending") {
      entry.pending = query->Int(2);
      entry.oldest_pending_at = query->Int(3);
    } else if (state == "held") {
      entry.held = query->Int(2);
    } else if (state == "grouped") {
      entry.grouped = query->Int(2);
    } else if (state == "delivered") {
      entry.delivered = query->Int(2);
      entry.last_delivered_at = query->OptionalInt(4);
    } else {
      entry.failed = query->Int(2);
    }
  }
  if (!query->status().ok()) return query->status();
  return counts;
}

Result<json> Filters(const config::Config& config, store::Database& db) {
  Result<std::map<std::string, OutboxCounts>> alerts = CountOutbox(db, "filter");
  if (!alerts.ok()) return alerts.status();
  Result<store::Statement> query = db.Prepare(
      "SELECT filter, SUM(alerted), SUM(1 - alerted), MAX(matched_at) FROM story_matches "
      "GROUP BY filter");
  if (!query.ok()) return query.status();
  struct Matches {
    std::int64_t alerted = 0, baseline = 0;
    std::optional<std::int64_t> last;
  };
  std::map<std::string, Matches> matches;
  while (query->Step()) {
    matches[query->Text(0)] = Matches{query->Int(1), query->Int(2), query->OptionalInt(3)};
  }
  if (!query->status().ok()) return query->status();

  std::vector<std::pair<std::string, bool>> names;  // (name, configured), config order first.
  std::set<std::string> seen;
  for (const config::FilterConfig& filter : config.filters) {
    names.push_back({filter.name, true});
    seen.insert(filter.name);
  }
  for (const auto& [name, entry] : matches) {
    if (seen.insert(name).second) names.push_back({name, false});
  }
  json filters = json::array();
  for (const auto& [name, configured] : names) {
    Matches m = matches.count(name) ? matches[name] : Matches{};
    filters.push_back({{"name", name},
                       {"configured", configured},
                       {"stories_alerted", m.alerted},
                       {"stories_baseline", m.baseline},
                       {"last_match_at", m.last ? json(FormatRfc3339(FromUnixMillis(*m.last)))
                                                : json(nullptr)},
                       {"alerts", CountsJson(alerts->count(name) ? alerts->at(name)
                                                                 : OutboxCounts{})}});
  }
  return filters;
}

Result<json> Channels(const config::Config& config, store::Database& db) {
  Result<std::map<std::string, OutboxCounts>> counts = CountOutbox(db, "channel");
  if (!counts.ok()) return counts.status();
  Result<std::vector<json>> disabled = QueryObjects(
      db,
      "SELECT name, disabled_at, disabled_reason, failing_since, last_failure_at, last_error "
      "FROM channels");
  if (!disabled.ok()) return disabled.status();
  std::map<std::string, json> disabled_by_name;
  for (json& row : *disabled) {
    std::string name = row["name"].get<std::string>();
    disabled_by_name[name] = std::move(row);
  }
  Result<store::Statement> errors = db.Prepare(
      "SELECT last_error, last_status, last_attempt_at FROM outbox "
      "WHERE channel = ? AND last_error IS NOT NULL ORDER BY last_attempt_at DESC LIMIT 1");
  if (!errors.ok()) return errors.status();

  std::vector<std::pair<std::string, const config::ChannelConfig*>> names;
  std::set<std::string> seen;
  for (const config::ChannelConfig& channel : config.channels) {
    names.push_back({channel.name, &channel});
    seen.insert(channel.name);
  }
  for (const auto& [name, entry] : *counts) {
    if (seen.insert(name).second) names.push_back({name, nullptr});
  }
  json channels = json::array();
  for (const auto& [name, channel] : names) {
    json entry = {{"name", name}, {"configured", channel != nullptr}};
    if (channel != nullptr) {
      entry["type"] = ChannelTypeName(channel->type);
      entry["format"] = channel->type == config::ChannelType::kWebhook
                            ? json(WebhookFormatName(channel->format))
                            : json(nullptr);
      entry["mode"] = DeliveryModeName(channel->mode);
      // A webhook URL is a secret (Slack, Discord): only its host is shown.
      if (channel->type == config::ChannelType::kWebhook && !channel->url.empty()) {
        entry["target"] = RedactUrl(channel->url);
      } else if (channel->type == config::ChannelType::kEmail) {
        entry["target"] = RedactUrl(channel->email.smtp_url);
      } else {
        entry["target"] = nullptr;
      }
    }
    auto state = disabled_by_name.find(name);
    auto column = [&](const char* key) -> json {
      return state != disabled_by_name.end() ? state->second[key] : json(nullptr);
    };
    entry["disabled"] = !column("disabled_at").is_null();
    entry["disabled_at"] = column("disabled_at");
    entry["disabled_reason"] = column("disabled_reason");
    // Failing: whole-receiver failures in a row (only the oldest alert is
    // retried until the receiver answers again).
    entry["failing"] = !column("failing_since").is_null();
    entry["failing_since"] = column("failing_since");
    entry["alerts"] = CountsJson(counts->count(name) ? counts->at(name) : OutboxCounts{});
    errors->Bind(1, name);
    if (errors->Step()) {
      entry["last_error"] = {{"message", errors->Text(0)},
                             {"http_status", errors->OptionalInt(1) ? json(*errors->OptionalInt(1))
                                                                    : json(nullptr)},
                             {"at", errors->OptionalInt(2)
                                        ? json(FormatRfc3339(FromUnixMillis(*errors->OptionalInt(2))))
                                        : json(nullptr)}};
    } else {
      entry["last_error"] = nullptr;
    }
    if (!errors->status().ok()) return errors->status();
    errors->Reset();
    channels.push_back(std::move(entry));
  }
  return channels;
}

}  // namespace

Result<json> BuildStatusReport(const config::Config& config, store::Database& db, TimePoint now) {
  // One read transaction: every number comes from the same moment even
  // while the daemon writes.
  NEWSALERT_RETURN_IF_ERROR(db.Exec("BEGIN"));
  Result<json> feeds = Feeds(config, db, now);
  Result<json> filters = feeds.ok() ? Filters(config, db) : feeds.status();
  Result<json> channels = filters.ok() ? Channels(config, db) : filters.status();
  (void)db.Exec("COMMIT");
  if (!channels.ok()) return channels.status();

  json summary = {{"feeds", 0}, {"feeds_failing", 0}, {"feeds_never_polled", 0}, {"feeds_stale", 0},
                  {"filters", config.filters.size()}, {"channels", config.channels.size()},
                  {"alerts_pending", 0}, {"alerts_failed", 0}, {"channels_disabled", 0},
                  {"channels_failing", 0}};
  for (const json& feed : *feeds) {
    if (!feed["configured"].get<bool>()) continue;
    summary["feeds"] = summary["feeds"].get<int>() + 1;
    std::string health = feed["health"];
    if (health == "failing") summary["feeds_failing"] = summary["feeds_failing"].get<int>() + 1;
    if (feed.value("stale", false)) summary["feeds_stale"] = summary["feeds_stale"].get<int>() + 1;
    if (health == "never_polled") {
      summary["feeds_never_polled"] = summary["feeds_never_polled"].get<int>() + 1;
    }
  }
  for (const json& channel : *channels) {
    summary["alerts_pending"] =
        summary["alerts_pending"].get<std::int64_t>() + channel["alerts"]["pending"].get<std::int64_t>();
    summary["alerts_failed"] =
        summary["alerts_failed"].get<std::int64_t>() + channel["alerts"]["failed"].get<std::int64_t>();
    if (channel["disabled"].get<bool>()) {
      summary["channels_disabled"] = summary["channels_disabled"].get<int>() + 1;
    }
    if (channel["failing"].get<bool>()) {
      summary["channels_failing"] = summary["channels_failing"].get<int>() + 1;
    }
  }
  int schema = 0;
  if (Result<store::Statement> version = db.Prepare("PRAGMA user_version"); version.ok()) {
    if (version->Step()) schema = static_cast<int>(version->Int(0));
  }
  return json{{"version", kStatusReportVersion},
              {"generated_at", FormatRfc3339(now)},
              {"config", config.path.string()},
              {"database", db.path()},
              {"schema_version", schema},
              {"summary", std::move(summary)},
              {"feeds", std::move(*feeds)},
              {"filters", std::move(*filters)},
              {"channels", std::move(*channels)}};
}

}  // namespace newsalert::app
