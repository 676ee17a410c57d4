// Config: the validated, immutable settings of one daemon run. Every field
// has its default here and one comment; config/newsalert.toml documents the
// same keys for users.
//
// A Config is built by LoadConfig (config/config_loader.h) and never changed
// afterwards; a reload builds a new one.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/duration.h"
#include "base/log.h"

namespace newsalert::config {

using namespace std::chrono_literals;

// A place in a config or filter file, for error messages: "file:line:column".
struct SourcePosition {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown.
  int column = 0;  // 1-based, in Unicode code points.

  std::string ToString() const;
};

// [daemon]
struct DaemonSettings {
  std::filesystem::path state_dir = "/var/lib/newsalert";  // SQLite lives here.
  Duration poll_interval = 10min;         // Default interval of every feed.
  int max_concurrent_fetches = 32;        // Feed transfers at once, all hosts.
  int max_connections_per_host = 2;       // Feed transfers at once to one host.
  bool alert_on_first_poll = false;       // Alert on a new feed's backlog.
  std::vector<std::string> filter_globs;  // Absolute glob patterns.
  LogLevel log_level = LogLevel::kInfo;
  Duration connect_timeout = 10s;         // Feed fetch: TCP + TLS handshake.
  Duration fetch_timeout = 30s;           // Feed fetch: whole transfer.
  Duration low_speed_timeout = 15s;       // Feed fetch: abort below 1 KiB/s for this long.
  std::size_t max_body_bytes = 10u << 20; // Decoded bytes of one feed body.
  // A feed failing, or bringing nothing new, for this long is flagged stale.
  Duration stale_after = 24h;
  // Let Cache-Control: max-age and RSS <ttl> lengthen (never shorten) a
  // feed's interval, up to 24 h. Off by default: timeliness comes first.
  bool respect_cache_hints = false;
};

// [[feed]]
struct FeedConfig {
  std::string name;                // Unique; shown in alerts.
  std::string url;                 // http(s):// or file:// (absolute).
  Duration interval{};             // Resolved: the feed's own or the default.
  std::vector<std::string> tags;   // For filters' `feeds = [...]`.
  std::string ca_file;             // Absolute; trust anchors for this feed's TLS.
  SourcePosition position;         // Of the [[feed]] table.
};

// [metrics]
struct MetricsSettings {
  std::string listen_host;  // Empty: no metrics endpoint.
  int listen_port = 0;      // With listen_host: where GET /metrics is served.
};

enum class ChannelType { kConsole, kWebhook, kEmail };
enum class WebhookFormat { kJson, kSlack, kDiscord };
// When alerts go out: one message each at once, or one digest per window.
enum class DeliveryMode { kImmediate, kHourly, kDaily };

// An email channel's SMTP submission (libcurl), see README "Email".
struct EmailSettings {
  std::string smtp_url;             // smtp://host[:port] or smtps://..., no path.
  bool starttls = true;             // smtp://: refuse to send without STARTTLS.
  std::string username;             // AUTH when set.
  std::string password;             // A secret (from password_file): never log it.
  std::string helo;                 // EHLO name; "" = libcurl's default (host name).
  std::string from;                 // "addr@x" or "Name <addr@x>".
  std::vector<std::string> to;      // Recipients, at least one.
};

// [[channel]]
struct ChannelConfig {
  std::string name;
  ChannelType type = ChannelType::kConsole;
  // Webhook only.
  std::string url;                       // A secret: never log it whole.
  WebhookFormat format = WebhookFormat::kJson;
  std::vector<std::string> secrets;      // Signing keys, from secret_file.
  // Email only.
  EmailSettings email;
  // Webhook and email.
  std::string ca_file;                   // Extra trust anchor (a private CA); "" = system.
  std::vector<Duration> retry_schedule;  // Delay before each attempt after the previous one.
  Duration give_up_after = 24h;          // No attempt later than this after the first.
  int max_in_flight = 4;                 // Concurrent requests to this endpoint.
  Duration timeout = 15s;                // One delivery attempt.
  // Every type.
  DeliveryMode mode = DeliveryMode::kImmediate;
  int digest_minute = 8 * 60;            // kDaily: local time of day (digest_at), in minutes.
  int flood_threshold = 20;              // More new alerts from one feed's poll: one summary. 0 = off.
  SourcePosition position;
};

// [[filter]], from a filter file (or the main config file).
struct FilterConfig {
  std::string name;
  std::string query;
  std::vector<std::string> notify;  // Channel names.
  std::vector<std::string> feeds;   // Feed names or tags; empty = every feed.
  SourcePosition position;          // Of the [[filter]] table.
  // Where each code point of `query` sits in its file (same length as the
  // number of code points in `query`, plus one entry for the end), so query
  // errors can name file:line:column.
  std::vector<SourcePosition> query_positions;
};

// One entry of an [aliases] table in a filter file: `laos = ["laos", ...]`.
// The match stage resolves the values (match/alias_table.h).
struct AliasConfig {
  std::string name;                            // Used as @name in queries.
  std::vector<std::string> values;             // Words, phrases or @other.
  SourcePosition position;                     // Of the name.
  std::vector<SourcePosition> value_positions; // One per value.
};

struct Config {
  std::filesystem::path path;  // The main config file, absolute.
  DaemonSettings daemon;
  MetricsSettings metrics;
  std::vector<FeedConfig> feeds;
  std::vector<ChannelConfig> channels;
  std::vector<FilterConfig> filters;
  std::vector<AliasConfig> aliases;                 // From every filter file; names unique.
  std::vector<std::filesystem::path> filter_files;  // What the globs matched.

  const FeedConfig* FindFeed(std::string_view name) const;
  const ChannelConfig* FindChannel(std::string_view name) const;
};

// The default webhook retry schedule: attempts at once, then after 5 s, 5 min,
// 30 min, 2 h, 5 h, 10 h, and a last one at the give-up bound (24 h).
std::vector<Duration> DefaultRetrySchedule();

}  // namespace newsalert::config
