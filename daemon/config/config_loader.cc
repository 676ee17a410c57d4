#include "config/config_loader.h"

#include <glob.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "base/strings.h"

namespace newsalert::config {
namespace {

namespace fs = std::filesystem;

// One TOML file being read: its text (to map string values back to source
// positions) and its folder (to resolve relative paths).
struct SourceFile {
  std::string path;
  fs::path directory;
  std::string text;
  std::vector<std::string_view> lines;
};

class ErrorList {
 public:
  void Add(const SourcePosition& where, std::string message) {
    messages_.push_back(where.ToString() + ": " + std::move(message));
  }
  // `message` already names its position.
  void AddPositioned(std::string message) { messages_.push_back(std::move(message)); }
  bool empty() const { return messages_.empty(); }
  Status ToStatus() const {
    return Status::InvalidArgument(Join(messages_, "\n"));
  }

 private:
  std::vector<std::string> messages_;
};

SourcePosition PositionOf(const SourceFile& file, const toml::source_region& region) {
  return SourcePosition{file.path, static_cast<int>(region.begin.line),
                        static_cast<int>(region.begin.column)};
}

std::string TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

std::size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Re-reads the TOML string token that starts at `begin` and returns, for each
// code point of its decoded value (plus one for the end), the position of the
// source character that produced it. Lets query errors point into the file
// even through escapes and multi-line strings.
std::vector<SourcePosition> MapStringPositions(const SourceFile& file,
                                               const toml::source_position& begin) {
  std::vector<SourcePosition> positions;
  std::size_t line = begin.line - 1;
  if (line >= file.lines.size()) return positions;
  // Convert the code-point column to a byte offset.
  std::size_t pos = 0;
  for (std::size_t column = 1; column < begin.column && pos < file.lines[line].size();
       ++column) {
    pos += Utf8Length(static_cast<unsigned char>(file.lines[line][pos]));
  }
  int column = static_cast<int>(begin.column);
  auto here = [&]() { return SourcePosition{file.path, static_cast<int>(line + 1), column}; };
  auto current = [&]() -> std::string_view { return file.lines[line]; };
  std::string_view text = current();
  if (pos >= text.size()) return positions;
  char quote = text[pos];
  if (quote != '"' && quote != '\'') return positions;
  bool multiline = text.substr(pos, 3) == std::string_view(quote == '"' ? "\"\"\"" : "'''");
  bool basic = quote == '"';
  std::size_t delimiter = multiline ? 3 : 1;
  pos += delimiter;
  column += static_cast<int>(delimiter);
  auto next_line = [&]() {
    ++line;
    pos = 0;
    column = 1;
    return line < file.lines.size();
  };
  if (multiline && pos >= current().size()) {
    // A newline right after the opening delimiter is not part of the value.
    if (!next_line()) return positions;
  }
  while (line < file.lines.size()) {
    text = current();
    if (pos >= text.size()) {
      if (!multiline) break;
      positions.push_back(here());  // The newline itself is a character.
      if (!next_line()) break;
      continue;
    }
    if (text.compare(pos, delimiter, std::string_view(multiline ? (basic ? "\"\"\"" : "'''")
                                                                : (basic ? "\"" : "'"))) == 0) {
      // A multi-line string may end with up to two extra quotes before the
      // delimiter ("""a""""" is `a""`).
      if (multiline && pos + 3 < text.size() && text[pos + 3] == quote) {
        positions.push_back(here());
        ++pos;
        ++column;
        continue;
      }
      break;
    }
    if (basic && text[pos] == '\\') {
      SourcePosition escape_start = here();
      if (pos + 1 >= text.size()) {
        // Line-ending backslash: trims the newline and following whitespace.
        if (!next_line()) break;
        while (true) {
          text = current();
          while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) {
            ++pos;
            ++column;
          }
          if (pos < text.size() || !next_line()) break;
        }
        continue;
      }
      char kind = text[pos + 1];
      std::size_t length = 2;
      if (kind == 'u') length = 6;
      if (kind == 'U') length = 10;
      if (kind == ' ' || kind == '\t') {
        // "\   " at the end of a line, followed by whitespace only.
        std::size_t rest = pos + 1;
        while (rest < text.size() && (text[rest] == ' ' || text[rest] == '\t')) ++rest;
        if (rest == text.size()) {
          pos = text.size();
          if (!next_line()) break;
          continue;
        }
      }
      positions.push_back(escape_start);
      pos += length;
      column += static_cast<int>(length);
      continue;
    }
    positions.push_back(here());
    pos += Utf8Length(static_cast<unsigned char>(text[pos]));
    ++column;
  }
  positions.push_back(here());
  return positions;
}

// Reads one TOML table, remembering which keys were used so that every key
// left over can be reported as unknown.
class TableReader {
 public:
  TableReader(const toml::table& table, const SourceFile& file, ErrorList& errors,
              std::string section)
      : table_(table), file_(file), errors_(errors), section_(std::move(section)) {}

  SourcePosition TablePosition() const { return PositionOf(file_, table_.source()); }

  const toml::node* Find(std::string_view key) {
    used_.insert(std::string(key));
    return table_.get(key);
  }

  SourcePosition ValuePosition(std::string_view key) const {
    const toml::node* node = table_.get(key);
    return node ? PositionOf(file_, node->source()) : TablePosition();
  }

  std::optional<std::string> String(std::string_view key, bool required = false) {
    const toml::node* node = Find(key);
    if (node == nullptr) {
      if (required) Missing(key);
      return std::nullopt;
    }
    if (!node->is_string()) return WrongType(*node, key, "a string");
    return node->as_string()->get();
  }

  // A non-empty string without surrounding whitespace.
  std::optional<std::string> Name(std::string_view key) {
    std::optional<std::string> name = String(key, /*required=*/true);
    if (name && (name->empty() || Trim(*name) != *name)) {
      errors_.Add(ValuePosition(key), std::string(key) +
                                          " must be non-empty, without leading or "
                                          "trailing spaces");
      return std::nullopt;
    }
    return name;
  }

  std::optional<bool> Bool(std::string_view key) {
    const toml::node* node = Find(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean()) return WrongType(*node, key, "true or false");
    return node->as_boolean()->get();
  }

  std::optional<std::int64_t> Integer(std::string_view key, std::int64_t min,
                                      std::int64_t max) {
    const toml::node* node = Find(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_integer()) return WrongType(*node, key, "an integer");
    std::int64_t value = node->as_integer()->get();
    if (value < min || value > max) {
      errors_.Add(PositionOf(file_, node->source()),
                  fmt_range(key, min, max, value));
      return std::nullopt;
    }
    return value;
  }

  std::optional<Duration> DurationValue(std::string_view key, Duration min) {
    const toml::node* node = Find(key);
    if (node == nullptr) return std::nullopt;
    return ParseDurationNode(*node, key, min);
  }

  std::optional<Duration> ParseDurationNode(const toml::node& node, std::string_view key,
                                            Duration min) {
    if (!node.is_string()) return WrongType(node, key, "a duration string like \"15m\"");
    Result<Duration> duration = ParseDuration(node.as_string()->get());
    if (!duration.ok()) {
      errors_.Add(PositionOf(file_, node.source()), duration.status().message());
      return std::nullopt;
    }
    if (*duration < min) {
      errors_.Add(PositionOf(file_, node.source()),
                  std::string(key) + " must be at least " + FormatDuration(min));
      return std::nullopt;
    }
    return *duration;
  }

  std::optional<std::vector<std::string>> StringArray(std::string_view key) {
    const toml::node* node = Find(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_array()) return WrongType(*node, key, "an array of strings");
    std::vector<std::string> values;
    bool ok = true;
    for (const toml::node& element : *node->as_array()) {
      if (!element.is_string()) {
        errors_.Add(PositionOf(file_, element.source()),
                    "expected a string in " + std::string(key) + ", got " +
                        TypeName(element));
        ok = false;
        continue;
      }
      values.push_back(element.as_string()->get());
    }
    if (!ok) return std::nullopt;
    return values;
  }

  // Reports every key that no accessor asked for.
  void ReportUnknownKeys(std::string_view known_keys) {
    for (auto&& [key, node] : table_) {
      if (used_.count(std::string(key.str())) == 0) {
        errors_.Add(PositionOf(file_, key.source()),
                    "unknown key \"" + std::string(key.str()) + "\" in " + section_ +
                        " (known keys: " + std::string(known_keys) + ")");
      }
    }
  }

  const SourceFile& file() const { return file_; }
  ErrorList& errors() { return errors_; }

 private:
  std::nullopt_t WrongType(const toml::node& node, std::string_view key,
                           std::string_view expected) {
    errors_.Add(PositionOf(file_, node.source()),
                std::string(key) + ": expected " + std::string(expected) + ", got " +
                    TypeName(node));
    return std::nullopt;
  }

  void Missing(std::string_view key) {
    errors_.Add(TablePosition(), "missing required key \"" + std::string(key) +
                                     "\" in " + section_);
  }

  static std::string fmt_range(std::string_view key, std::int64_t min, std::int64_t max,
                               std::int64_t value) {
    return std::string(key) + " must be between " + std::to_string(min) + " and " +
           std::to_string(max) + ", got " + std::to_string(value);
  }

  const toml::table& table_;
  const SourceFile& file_;
  ErrorList& errors_;
  std::string section_;
  std::set<std::string> used_;
};

Result<SourceFile> ReadSourceFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError(path.string() + ":0:0: cannot read file: " +
                           std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  SourceFile file;
  file.path = path.string();
  file.directory = fs::absolute(path).parent_path();
  file.text = buffer.str();
  std::string_view text = file.text;
  for (std::string_view line : Split(text, '\n')) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    file.lines.push_back(line);
  }
  return file;
}

Result<toml::table> ParseToml(const SourceFile& file) {
  try {
    return toml::parse(std::string_view(file.text), std::string_view(file.path));
  } catch (const toml::parse_error& error) {
    SourcePosition where{file.path, static_cast<int>(error.source().begin.line),
                         static_cast<int>(error.source().begin.column)};
    return Status::InvalidArgument(where.ToString() + ": " +
                                   std::string(error.description()));
  }
}

fs::path ResolvePath(const fs::path& directory, const std::string& path) {
  fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal();
  return (directory / p).lexically_normal();
}

// Feed URLs: http(s) as is; file URLs may be relative to the config file
// ("file:demo-feeds/x.xml"), which we turn into an absolute file:// URL.
std::optional<std::string> NormaliseFeedUrl(const std::string& url, const fs::path& directory,
                                            std::string& error) {
  std::string lower = ToLowerAscii(url.substr(0, std::min<std::size_t>(url.size(), 8)));
  if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0) {
    if (url.find_first_of(" \t\r\n") != std::string::npos) {
      error = "feed url must not contain whitespace";
      return std::nullopt;
    }
    std::size_t host_start = lower.rfind("https://", 0) == 0 ? 8 : 7;
    if (url.size() <= host_start || url[host_start] == '/') {
      error = "feed url has no host";
      return std::nullopt;
    }
    return url;
  }
  if (lower.rfind("file:", 0) == 0) {
    std::string path = url.substr(5);
    if (path.rfind("//", 0) == 0) {
      path = path.substr(2);
      if (!path.empty() && path[0] != '/') {
        // "file://host/path": only the local host is meaningful.
        if (path.rfind("localhost/", 0) == 0) {
          path = path.substr(9);
        } else {
          path = "./" + path;  // "file://./x.xml" and "file://x.xml" are relative.
        }
      }
    }
    fs::path resolved = ResolvePath(directory, path);
    return "file://" + resolved.string();
  }
  error = "feed url must start with http://, https:// or file:";
  return std::nullopt;
}

bool HasGlobCharacters(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

const char kDaemonKeys[] =
    "state_dir, poll_interval, max_concurrent_fetches, max_connections_per_host, "
    "alert_on_first_poll, filters, log_level, connect_timeout, fetch_timeout, "
    "max_body_bytes, low_speed_timeout, stale_after, respect_cache_hints";
const char kFeedKeys[] = "name, url, interval, tags, ca_file";
const char kChannelKeys[] =
    "name, type, url, url_file, format, secret_file, retry_schedule, give_up_after, "
    "max_in_flight, timeout, mode, digest_at, flood_threshold, ca_file, smtp_url, starttls, "
    "username, password_file, helo, from, to";
const char kFilterKeys[] = "name, query, notify, feeds";

class ConfigBuilder {
 public:
  ConfigBuilder(Config& config, const LoadOptions& options) : config_(config), options_(options) {}

  void ReadMainFile(const SourceFile& file, const toml::table& root) {
    TableReader top(root, file, errors_, "the top level");
    if (const toml::node* daemon = top.Find("daemon")) {
      if (const toml::table* table = daemon->as_table()) {
        ReadDaemon(TableReader(*table, file, errors_, "[daemon]"));
      } else {
        errors_.Add(PositionOf(file, daemon->source()), "daemon must be a table ([daemon])");
      }
    }
    if (const toml::node* metrics = top.Find("metrics")) {
      if (const toml::table* table = metrics->as_table()) {
        ReadMetrics(TableReader(*table, file, errors_, "[metrics]"));
      } else {
        errors_.Add(PositionOf(file, metrics->source()), "metrics must be a table ([metrics])");
      }
    }
    ForEachTable(top, "feed", "[[feed]]", [&](TableReader reader) { ReadFeed(reader); });
    ForEachTable(top, "channel", "[[channel]]",
                 [&](TableReader reader) { ReadChannel(reader); });
    ForEachTable(top, "filter", "[[filter]]",
                 [&](TableReader reader) { ReadFilter(reader); });
    top.ReportUnknownKeys("[daemon], [metrics], [[feed]], [[channel]], [[filter]]");
  }

  void ReadFilterFile(const SourceFile& file, const toml::table& root) {
    TableReader top(root, file, errors_, "a filter file");
    ForEachTable(top, "filter", "[[filter]]",
                 [&](TableReader reader) { ReadFilter(reader); });
    if (const toml::node* aliases = top.Find("aliases")) ReadAliases(file, *aliases);
    top.ReportUnknownKeys("[[filter]], [aliases]");
  }

  // [aliases] name = ["word", "a phrase", "prefix*", "@other"]. Names are
  // global across filter files (match/alias_table.h resolves the values).
  void ReadAliases(const SourceFile& file, const toml::node& node) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      errors_.Add(PositionOf(file, node.source()), "aliases must be a table ([aliases])");
      return;
    }
    for (auto&& [key, value] : *table) {
      AliasConfig alias;
      alias.name = std::string(key.str());
      alias.position = PositionOf(file, key.source());
      bool valid_name = !alias.name.empty();
      for (char c : alias.name) {
        valid_name = valid_name && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                    (c >= '0' && c <= '9') || c == '-' || c == '_');
      }
      if (!valid_name) {
        errors_.Add(alias.position, "alias name \"" + alias.name +
                                        "\" may only hold letters, digits, '-' and '_'");
        continue;
      }
      const toml::array* array = value.as_array();
      if (array == nullptr) {
        errors_.Add(PositionOf(file, value.source()),
                    "alias \"" + alias.name + "\": expected an array of strings, got " +
                        TypeName(value));
        continue;
      }
      bool ok = true;
      for (const toml::node& element : *array) {
        if (!element.is_string()) {
          errors_.Add(PositionOf(file, element.source()),
                      "alias \"" + alias.name + "\": expected a string, got " +
                          TypeName(element));
          ok = false;
          continue;
        }
        alias.values.push_back(element.as_string()->get());
        alias.value_positions.push_back(PositionOf(file, element.source()));
      }
      if (!ok) continue;
      if (auto it = alias_names_.find(alias.name); it != alias_names_.end()) {
        errors_.Add(alias.position, "duplicate alias \"" + alias.name + "\" (first defined at " +
                                        it->second.ToString() + "); aliases are shared by all "
                                        "filter files");
        continue;
      }
      alias_names_[alias.name] = alias.position;
      config_.aliases.push_back(std::move(alias));
    }
  }

  // Checks that need the whole config: references between sections.
  void CrossCheck() {
    std::set<std::string> tags;
    for (const FeedConfig& feed : config_.feeds) {
      for (const std::string& tag : feed.tags) tags.insert(tag);
    }
    for (const FilterConfig& filter : config_.filters) {
      for (const std::string& channel : filter.notify) {
        if (config_.FindChannel(channel) == nullptr) {
          errors_.Add(filter.position, "filter \"" + filter.name +
                                           "\" notifies unknown channel \"" + channel + "\"");
        }
      }
      for (const std::string& feed : filter.feeds) {
        if (config_.FindFeed(feed) == nullptr && tags.count(feed) == 0) {
          errors_.Add(filter.position, "filter \"" + filter.name +
                                           "\" names unknown feed or tag \"" + feed + "\"");
        }
      }
    }
  }

  ErrorList& errors() { return errors_; }

 private:
  template <typename Fn>
  void ForEachTable(TableReader& parent, std::string_view key, std::string_view section,
                    Fn&& read) {
    const toml::node* node = parent.Find(key);
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
      errors_.Add(PositionOf(parent.file(), node->source()),
                  std::string(key) + " must be an array of tables (" + std::string(section) +
                      ")");
      return;
    }
    for (const toml::node& element : *array) {
      if (const toml::table* table = element.as_table()) {
        read(TableReader(*table, parent.file(), errors_, std::string(section)));
      } else {
        errors_.Add(PositionOf(parent.file(), element.source()),
                    "expected a table in " + std::string(key) + ", got " + TypeName(element));
      }
    }
  }

  void ReadDaemon(TableReader reader) {
    DaemonSettings& daemon = config_.daemon;
    const fs::path& dir = reader.file().directory;
    if (auto value = reader.String("state_dir")) daemon.state_dir = ResolvePath(dir, *value);
    if (auto value = reader.DurationValue("poll_interval", 1s)) daemon.poll_interval = *value;
    if (auto value = reader.Integer("max_concurrent_fetches", 1, 10000)) {
      daemon.max_concurrent_fetches = static_cast<int>(*value);
    }
    if (auto value = reader.Integer("max_connections_per_host", 1, 100)) {
      daemon.max_connections_per_host = static_cast<int>(*value);
    }
    if (auto value = reader.Bool("alert_on_first_poll")) daemon.alert_on_first_poll = *value;
    if (auto value = reader.StringArray("filters")) {
      for (const std::string& pattern : *value) {
        daemon.filter_globs.push_back(ResolvePath(dir, pattern).string());
      }
      filter_globs_position_ = reader.ValuePosition("filters");
    }
    if (auto value = reader.String("log_level")) {
      Result<LogLevel> level = ParseLogLevel(*value);
      if (level.ok()) {
        daemon.log_level = *level;
      } else {
        errors_.Add(reader.ValuePosition("log_level"), level.status().message());
      }
    }
    if (auto value = reader.DurationValue("connect_timeout", 1s)) daemon.connect_timeout = *value;
    if (auto value = reader.DurationValue("fetch_timeout", 1s)) daemon.fetch_timeout = *value;
    if (auto value = reader.Integer("max_body_bytes", 1024, std::int64_t{1} << 32)) {
      daemon.max_body_bytes = static_cast<std::size_t>(*value);
    }
    if (auto value = reader.DurationValue("low_speed_timeout", 1s)) {
      daemon.low_speed_timeout = *value;
    }
    if (auto value = reader.DurationValue("stale_after", 1s)) daemon.stale_after = *value;
    if (auto value = reader.Bool("respect_cache_hints")) daemon.respect_cache_hints = *value;
    reader.ReportUnknownKeys(kDaemonKeys);
  }

  // listen = "HOST:PORT" ("[::1]:9464" for IPv6).
  void ReadMetrics(TableReader reader) {
    if (auto listen = reader.String("listen")) {
      std::string_view text = *listen;
      auto colon = text.rfind(':');
      std::string host(text.substr(0, colon == std::string_view::npos ? 0 : colon));
      if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
      }
      int port = 0;
      if (colon != std::string_view::npos) {
        std::string_view digits = text.substr(colon + 1);
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (ec != std::errc() || end != digits.data() + digits.size()) port = 0;
      }
      if (host.empty() || port < 1 || port > 65535) {
        errors_.Add(reader.ValuePosition("listen"),
                    "listen: expected \"HOST:PORT\" such as \"127.0.0.1:9464\"");
      } else {
        config_.metrics.listen_host = host;
        config_.metrics.listen_port = port;
      }
    }
    reader.ReportUnknownKeys("listen");
  }

  void ReadFeed(TableReader reader) {
    FeedConfig feed;
    feed.position = reader.TablePosition();
    std::optional<std::string> name = reader.Name("name");
    std::optional<std::string> url = reader.String("url", /*required=*/true);
    if (auto interval = reader.DurationValue("interval", 1s)) {
      explicit_intervals_.insert(config_.feeds.size());
      feed.interval = *interval;
    }
    if (auto tags = reader.StringArray("tags")) feed.tags = *tags;
    if (auto ca_file = reader.String("ca_file")) {
      feed.ca_file = ResolvePath(reader.file().directory, *ca_file).string();
      std::error_code error;
      if (!fs::is_regular_file(feed.ca_file, error)) {
        errors_.Add(reader.ValuePosition("ca_file"), "ca_file " + feed.ca_file +
                                                         " is not a readable file");
      }
    }
    reader.ReportUnknownKeys(kFeedKeys);
    if (!name || !url) return;
    feed.name = *name;
    std::string url_error;
    std::optional<std::string> normalised =
        NormaliseFeedUrl(*url, reader.file().directory, url_error);
    if (!normalised) {
      errors_.Add(reader.ValuePosition("url"), url_error);
      return;
    }
    feed.url = *normalised;
    if (auto it = feed_names_.find(feed.name); it != feed_names_.end()) {
      errors_.Add(reader.ValuePosition("name"),
                  "duplicate feed name \"" + feed.name + "\" (first defined at " +
                      it->second.ToString() + ")");
      return;
    }
    if (auto it = feed_urls_.find(feed.url); it != feed_urls_.end()) {
      errors_.Add(reader.ValuePosition("url"),
                  "duplicate feed url (first used at " + it->second.ToString() + ")");
      return;
    }
    feed_names_[feed.name] = reader.ValuePosition("name");
    feed_urls_[feed.url] = reader.ValuePosition("url");
    config_.feeds.push_back(std::move(feed));
  }

  void ReadChannel(TableReader reader) {
    ChannelConfig channel;
    channel.position = reader.TablePosition();
    channel.retry_schedule = DefaultRetrySchedule();
    std::optional<std::string> name = reader.Name("name");
    std::optional<std::string> type = reader.String("type", /*required=*/true);
    const toml::node* schedule = reader.Find("retry_schedule");
    if (schedule != nullptr) {
      if (const toml::array* array = schedule->as_array(); array && !array->empty()) {
        channel.retry_schedule.clear();
        for (const toml::node& element : *array) {
          if (auto delay = reader.ParseDurationNode(element, "retry_schedule", 0s)) {
            channel.retry_schedule.push_back(*delay);
          }
        }
      } else {
        errors_.Add(PositionOf(reader.file(), schedule->source()),
                    "retry_schedule: expected a non-empty array of durations");
      }
    }
    if (auto value = reader.DurationValue("give_up_after", 1s)) channel.give_up_after = *value;
    if (auto value = reader.Integer("max_in_flight", 1, 64)) {
      channel.max_in_flight = static_cast<int>(*value);
    }
    if (auto value = reader.DurationValue("timeout", 1s)) channel.timeout = *value;
    if (auto value = reader.Integer("flood_threshold", 0, 100000)) {
      channel.flood_threshold = static_cast<int>(*value);
    }
    ReadChannelMode(reader, channel);
    if (auto ca_file = reader.String("ca_file")) {
      channel.ca_file = ResolvePath(reader.file().directory, *ca_file).string();
    }
    static constexpr const char* kWebhookKeys[] = {"url", "url_file", "format", "secret_file"};
    static constexpr const char* kEmailKeys[] = {"smtp_url", "starttls", "username",
                                                 "password_file", "helo", "from", "to"};
    auto reject = [&](const auto& keys, const std::string& kind) {
      for (const char* key : keys) {
        if (reader.Find(key) != nullptr) {
          errors_.Add(reader.ValuePosition(key),
                      std::string(key) + " does not apply to " + kind + " channel");
        }
      }
    };
    if (type && *type == "console") {
      channel.type = ChannelType::kConsole;
      reject(kWebhookKeys, "a console");
      reject(kEmailKeys, "a console");
      if (!channel.ca_file.empty()) reject(std::vector<const char*>{"ca_file"}, "a console");
    } else if (type && *type == "webhook") {
      channel.type = ChannelType::kWebhook;
      ReadWebhookChannel(reader, channel);
      reject(kEmailKeys, "a webhook");
    } else if (type && *type == "email") {
      channel.type = ChannelType::kEmail;
      ReadEmailChannel(reader, channel);
      reject(kWebhookKeys, "an email");
    } else if (type) {
      errors_.Add(reader.ValuePosition("type"), "unknown channel type \"" + *type +
                                                    "\" (expected console, webhook or email)");
      return;
    }
    reader.ReportUnknownKeys(kChannelKeys);
    if (!name || !type) return;
    channel.name = *name;
    if (auto it = channel_names_.find(channel.name); it != channel_names_.end()) {
      errors_.Add(reader.ValuePosition("name"),
                  "duplicate channel name \"" + channel.name + "\" (first defined at " +
                      it->second.ToString() + ")");
      return;
    }
    channel_names_[channel.name] = reader.ValuePosition("name");
    config_.channels.push_back(std::move(channel));
  }

  // mode = "immediate" | "hourly" | "daily", digest_at = "HH:MM" (daily).
  void ReadChannelMode(TableReader& reader, ChannelConfig& channel) {
    std::optional<std::string> mode = reader.String("mode");
    if (mode) {
      if (*mode == "immediate") {
        channel.mode = DeliveryMode::kImmediate;
      } else if (*mode == "hourly") {
        channel.mode = DeliveryMode::kHourly;
      } else if (*mode == "daily") {
        channel.mode = DeliveryMode::kDaily;
      } else {
        errors_.Add(reader.ValuePosition("mode"), "unknown mode \"" + *mode +
                                                      "\" (expected immediate, hourly or daily)");
      }
    }
    if (std::optional<std::string> at = reader.String("digest_at")) {
      if (channel.mode != DeliveryMode::kDaily) {
        errors_.Add(reader.ValuePosition("digest_at"), "digest_at needs mode = \"daily\"");
        return;
      }
      int hours = 0, minutes = 0;
      char extra = 0;
      if (std::sscanf(at->c_str(), "%2d:%2d%c", &hours, &minutes, &extra) != 2 ||
          at->size() != 5 || hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
        errors_.Add(reader.ValuePosition("digest_at"),
                    "digest_at: expected a local time \"HH:MM\" (00:00 to 23:59)");
        return;
      }
      channel.digest_minute = hours * 60 + minutes;
    }
  }

  void ReadWebhookChannel(TableReader& reader, ChannelConfig& channel) {
    std::optional<std::string> url = reader.String("url");
    std::optional<std::string> url_file = reader.String("url_file");
    std::optional<std::string> format = reader.String("format");
    std::optional<std::string> secret_file = reader.String("secret_file");
    const fs::path& dir = reader.file().directory;
    if (url && url_file) {
      errors_.Add(reader.ValuePosition("url_file"), "give either url or url_file, not both");
    } else if (url) {
      channel.url = *url;
    } else if (url_file && !options_.read_secrets) {
      // Left empty: the caller (status) does not deliver.
    } else if (url_file) {
      Result<std::string> secret = ReadSecretFile(ResolvePath(dir, *url_file));
      if (secret.ok()) {
        channel.url = *secret;
      } else {
        errors_.Add(reader.ValuePosition("url_file"), secret.status().message());
      }
    } else {
      errors_.Add(channel.position, "a webhook channel needs url or url_file");
    }
    std::string lower = ToLowerAscii(channel.url);
    if (!channel.url.empty() && lower.rfind("http://", 0) != 0 &&
        lower.rfind("https://", 0) != 0) {
      errors_.Add(reader.ValuePosition(url ? "url" : "url_file"),
                  "webhook url must start with http:// or https://");
    }
    if (format) {
      if (*format == "json") {
        channel.format = WebhookFormat::kJson;
      } else if (*format == "slack") {
        channel.format = WebhookFormat::kSlack;
      } else if (*format == "discord") {
        channel.format = WebhookFormat::kDiscord;
      } else {
        errors_.Add(reader.ValuePosition("format"), "unknown webhook format \"" + *format +
                                                        "\" (expected json, slack or discord)");
      }
    }
    if (secret_file && options_.read_secrets) {
      Result<std::string> secret = ReadSecretFile(ResolvePath(dir, *secret_file));
      if (!secret.ok()) {
        errors_.Add(reader.ValuePosition("secret_file"), secret.status().message());
      } else {
        // Several secrets (one per line, or separated by spaces) sign with
        // several keys, for rotation without downtime.
        for (std::string_view line : Split(*secret, '\n')) {
          for (std::string_view word : Split(line, ' ')) {
            if (!Trim(word).empty()) channel.secrets.emplace_back(Trim(word));
          }
        }
        if (channel.secrets.empty()) {
          errors_.Add(reader.ValuePosition("secret_file"), "secret file is empty");
        }
      }
    }
  }

  void ReadEmailChannel(TableReader& reader, ChannelConfig& channel) {
    EmailSettings& email = channel.email;
    std::optional<std::string> smtp_url = reader.String("smtp_url", /*required=*/true);
    if (auto value = reader.Bool("starttls")) email.starttls = *value;
    if (auto value = reader.String("username")) email.username = *value;
    if (auto value = reader.String("helo")) email.helo = *value;
    std::optional<std::string> password_file = reader.String("password_file");
    std::optional<std::string> from = reader.String("from", /*required=*/true);
    std::optional<std::vector<std::string>> to = reader.StringArray("to");
    if (reader.Find("to") == nullptr) {
      errors_.Add(channel.position, "missing required key \"to\" in [[channel]]");
    }
    if (smtp_url) {
      std::string lower = ToLowerAscii(*smtp_url);
      bool smtps = lower.rfind("smtps://", 0) == 0;
      std::size_t host_start = smtps ? 8 : 7;
      if (!smtps && lower.rfind("smtp://", 0) != 0) {
        errors_.Add(reader.ValuePosition("smtp_url"),
                    "smtp_url must start with smtp:// or smtps://");
      } else if (smtp_url->find('@') != std::string::npos) {
        errors_.Add(reader.ValuePosition("smtp_url"),
                    "smtp_url must not carry credentials; use username and password_file");
      } else if (smtp_url->find('/', host_start) != std::string::npos &&
                 smtp_url->find('/', host_start) + 1 < smtp_url->size()) {
        errors_.Add(reader.ValuePosition("smtp_url"),
                    "smtp_url must not have a path; set the EHLO name with helo");
      } else if (smtp_url->size() <= host_start) {
        errors_.Add(reader.ValuePosition("smtp_url"), "smtp_url has no host");
      } else {
        email.smtp_url = *smtp_url;
        while (!email.smtp_url.empty() && email.smtp_url.back() == '/') email.smtp_url.pop_back();
      }
      if (smtps && reader.Find("starttls") != nullptr) {
        errors_.Add(reader.ValuePosition("starttls"),
                    "starttls does not apply to smtps:// (TLS from the first byte)");
      }
      if (!smtps && !email.starttls && reader.Find("password_file") != nullptr) {
        errors_.Add(reader.ValuePosition("password_file"),
                    "refusing to send a password without TLS (starttls = false)");
      }
    }
    if (password_file) {
      if (options_.read_secrets) {
        Result<std::string> secret =
            ReadSecretFile(ResolvePath(reader.file().directory, *password_file));
        if (secret.ok()) {
          email.password = *secret;
        } else {
          errors_.Add(reader.ValuePosition("password_file"), secret.status().message());
        }
      }
      if (email.username.empty()) {
        errors_.Add(reader.ValuePosition("password_file"), "password_file needs username");
      }
    }
    auto plausible_address = [](std::string_view address) {
      return address.find('@') != std::string_view::npos &&
             address.find_first_of("\r\n") == std::string_view::npos;
    };
    if (from) {
      if (plausible_address(*from)) {
        email.from = *from;
      } else {
        errors_.Add(reader.ValuePosition("from"), "from: expected an email address");
      }
    }
    if (to) {
      for (const std::string& address : *to) {
        if (!plausible_address(address) || address.find_first_of(" <>,") != std::string::npos) {
          errors_.Add(reader.ValuePosition("to"), "to: \"" + address + "\" is not an address");
        }
      }
      if (to->empty()) errors_.Add(reader.ValuePosition("to"), "to must name a recipient");
      email.to = *to;
    }
    if (email.helo.find_first_of(" /\r\n") != std::string::npos) {
      errors_.Add(reader.ValuePosition("helo"), "helo: expected a host name");
    }
  }

  void ReadFilter(TableReader reader) {
    FilterConfig filter;
    filter.position = reader.TablePosition();
    std::optional<std::string> name = reader.Name("name");
    std::optional<std::string> query = reader.String("query", /*required=*/true);
    std::optional<std::vector<std::string>> notify = reader.StringArray("notify");
    if (auto feeds = reader.StringArray("feeds")) filter.feeds = *feeds;
    reader.ReportUnknownKeys(kFilterKeys);
    if (!notify) {
      if (reader.Find("notify") == nullptr) {
        errors_.Add(filter.position, "missing required key \"notify\" in [[filter]]");
      }
      return;
    }
    if (!name || !query) return;
    if (notify->empty()) {
      errors_.Add(reader.ValuePosition("notify"), "notify must name at least one channel");
      return;
    }
    filter.name = *name;
    filter.query = *query;
    filter.notify = *notify;
    if (const toml::node* node = reader.Find("query")) {
      filter.query_positions = MapStringPositions(reader.file(), node->source().begin);
    }
    if (auto it = filter_names_.find(filter.name); it != filter_names_.end()) {
      errors_.Add(reader.ValuePosition("name"),
                  "duplicate filter name \"" + filter.name + "\" (first defined at " +
                      it->second.ToString() + ")");
      return;
    }
    filter_names_[filter.name] = reader.ValuePosition("name");
    config_.filters.push_back(std::move(filter));
  }

 public:
  // Feeds without their own interval take the daemon's default, which may be
  // set after the [[feed]] tables in the file.
  void ApplyDefaultIntervals() {
    for (std::size_t i = 0; i < config_.feeds.size(); ++i) {
      if (explicit_intervals_.count(i) == 0) {
        config_.feeds[i].interval = config_.daemon.poll_interval;
      }
    }
  }

  SourcePosition filter_globs_position() const { return filter_globs_position_; }

 private:
  Config& config_;
  LoadOptions options_;
  ErrorList errors_;
  std::set<std::size_t> explicit_intervals_;
  std::map<std::string, SourcePosition> feed_names_, feed_urls_, channel_names_,
      filter_names_, alias_names_;
  SourcePosition filter_globs_position_;
};

}  // namespace

std::string SourcePosition::ToString() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const FeedConfig* Config::FindFeed(std::string_view name) const {
  for (const FeedConfig& feed : feeds) {
    if (feed.name == name) return &feed;
  }
  return nullptr;
}

const ChannelConfig* Config::FindChannel(std::string_view name) const {
  for (const ChannelConfig& channel : channels) {
    if (channel.name == name) return &channel;
  }
  return nullptr;
}

std::vector<Duration> DefaultRetrySchedule() {
  return {0s, 5s, 5min, 30min, 2h, 5h, 10h, 24h};
}

Result<std::string> ReadSecretFile(const fs::path& path) {
  fs::path resolved = path;
  std::string text = path.string();
  // systemd's LoadCredential= puts secrets in $CREDENTIALS_DIRECTORY; "%d" is
  // how unit files name that folder, so accept it here too.
  if (text.rfind("%d/", 0) == 0) {
    const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
    if (credentials == nullptr || *credentials == '\0') {
      return Status::NotFound(text + ": %d needs $CREDENTIALS_DIRECTORY (systemd LoadCredential=)");
    }
    resolved = fs::path(credentials) / text.substr(3);
  } else if (auto at = text.find("/%d/"); at != std::string::npos) {
    // A relative "%d/NAME" was made absolute against the config folder.
    const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
    if (credentials == nullptr || *credentials == '\0') {
      return Status::NotFound(text + ": %d needs $CREDENTIALS_DIRECTORY (systemd LoadCredential=)");
    }
    resolved = fs::path(credentials) / text.substr(at + 4);
  }
  std::ifstream in(resolved, std::ios::binary);
  if (!in) {
    return Status::IoError("cannot read secret file " + resolved.string() + ": " +
                           std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::string(Trim(buffer.str()));
}

Result<Config> LoadConfig(const fs::path& path, const LoadOptions& options) {
  Config config;
  config.path = fs::absolute(path).lexically_normal();
  Result<SourceFile> main_file = ReadSourceFile(path);
  if (!main_file.ok()) return main_file.status();
  Result<toml::table> root = ParseToml(*main_file);
  if (!root.ok()) return root.status();

  ConfigBuilder builder(config, options);
  builder.ReadMainFile(*main_file, *root);
  builder.ApplyDefaultIntervals();

  for (const std::string& pattern : config.daemon.filter_globs) {
    glob_t matches{};
    int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &matches);
    std::vector<std::string> files;
    if (rc == 0) {
      for (std::size_t i = 0; i < matches.gl_pathc; ++i) files.emplace_back(matches.gl_pathv[i]);
    }
    globfree(&matches);
    if (files.empty() && !HasGlobCharacters(pattern)) {
      builder.errors().Add(builder.filter_globs_position(),
                           "filter file " + pattern + " does not exist");
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file_path : files) {
      if (std::find(config.filter_files.begin(), config.filter_files.end(), file_path) !=
          config.filter_files.end()) {
        continue;  // Two globs matching one file load it once.
      }
      config.filter_files.emplace_back(file_path);
      Result<SourceFile> filter_file = ReadSourceFile(file_path);
      if (!filter_file.ok()) {
        builder.errors().AddPositioned(filter_file.status().message());
        continue;
      }
      Result<toml::table> filter_root = ParseToml(*filter_file);
      if (!filter_root.ok()) {
        builder.errors().AddPositioned(filter_root.status().message());
        continue;
      }
      builder.ReadFilterFile(*filter_file, *filter_root);
    }
  }
  builder.CrossCheck();
  if (!builder.errors().empty()) return builder.errors().ToStatus();
  return config;
}

}  // namespace newsalert::config
