#include "app/test_filter_command.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "app/argument_reader.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "config/config_loader.h"
#include "feed/feed_parser.h"
#include "fetch/feed_fetcher.h"
#include "match/filter_set.h"
#include "match/matcher.h"
#include "match/snippet.h"
#include "net/transfer_loop.h"
#include "text/item_builder.h"

namespace newsalert::app {
namespace {

namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitFeedFailed = 1;
constexpr int kExitUsage = 2;
constexpr const char* kDefaultConfig = "/etc/newsalert/newsalert.toml";

struct Options {
  std::optional<std::string> config_path;
  std::optional<std::string> query;
  std::optional<std::string> filter_name;
  bool all = false;
  bool json = false;
  std::vector<std::string> sources;
};

int UsageError(const std::string& message) {
  std::fprintf(stderr,
               "newsalert test-filter: %s\n"
               "Usage: newsalert test-filter [-c FILE] (QUERY | --filter NAME | --all) [--json] "
               "[FEED_URL_OR_FILE...]\n",
               message.c_str());
  return kExitUsage;
}

// Returns an error message, or "".
std::string ParseArguments(const std::vector<std::string>& args, Options& options) {
  std::vector<std::string> positional;
  ArgumentReader reader(args);
  while (reader.Next()) {
    const std::string& flag = reader.name();
    const std::string& arg = reader.argument();
    if (!reader.IsOption()) {
      positional.push_back(arg);
    } else if (flag == "-c" || flag == "--config") {
      options.config_path = reader.Value();
      if (!options.config_path) return flag + " needs a file";
    } else if (flag == "--filter") {
      options.filter_name = reader.Value();
      if (!options.filter_name) return "--filter needs a filter name";
    } else if (flag == "--all") {
      options.all = true;
    } else if (flag == "--json") {
      options.json = true;
    } else {
      return "unknown option " + arg + " (a query that starts with '-' goes after \"--\")";
    }
  }
  if (options.filter_name && options.all) return "give --filter NAME or --all, not both";
  auto next = positional.begin();
  if (!options.filter_name && !options.all) {
    if (next == positional.end()) return "give a QUERY, --filter NAME or --all";
    options.query = *next++;
  }
  options.sources.assign(next, positional.end());
  return "";
}

// One feed to test: where its bytes come from and who it is.
struct Source {
  std::string argument;          // As given.
  std::string url;               // Fetched through libcurl when set.
  std::string path;              // Read directly otherwise.
  text::FeedIdentity identity;
  bool configured = false;       // A feed of the config (its restrictions apply).
  std::string bytes;
  std::string content_type;
  std::string error;
};

bool IsUrl(std::string_view text) {
  std::string lower = ToLowerAscii(text.substr(0, std::min<std::size_t>(text.size(), 8)));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 ||
         lower.rfind("file:", 0) == 0;
}

Source ResolveSource(const std::string& argument, const config::Config* config) {
  Source source;
  source.argument = argument;
  auto use_feed = [&](const config::FeedConfig& feed) {
    source.url = feed.url;
    source.identity = text::FeedIdentity{feed.name, feed.url, feed.tags};
    source.configured = true;
  };
  const config::FeedConfig* by_name = config ? config->FindFeed(argument) : nullptr;
  if (IsUrl(argument)) {
    source.url = argument;
    if (ToLowerAscii(argument.substr(0, 5)) == "file:" && argument.rfind("file://", 0) != 0) {
      source.url = "file://" + fs::absolute(argument.substr(5)).lexically_normal().string();
    }
  } else if (by_name != nullptr && !fs::exists(argument)) {
    use_feed(*by_name);
    return source;
  } else {
    source.path = argument;
    source.url.clear();
  }
  std::string url = source.path.empty()
                        ? source.url
                        : "file://" + fs::absolute(source.path).lexically_normal().string();
  if (config != nullptr) {
    for (const config::FeedConfig& feed : config->feeds) {
      if (feed.url == url) {
        std::string path = source.path;
        use_feed(feed);
        source.path = path;
        if (!path.empty()) source.url.clear();
        return source;
      }
    }
  }
  source.identity = text::FeedIdentity{argument, url, {}};
  return source;
}

// Fetches every URL source at once on one transfer loop, with the daemon's
// request (timeouts, body cap, redirects, User-Agent); reads the files.
void LoadSources(std::vector<Source>& sources, const config::DaemonSettings& settings) {
  net::TransferLoop loop;
  std::size_t pending = 0;
  for (Source& source : sources) {
    if (source.url.empty()) {
      std::ifstream in(source.path, std::ios::binary);
      if (!in) {
        source.error = "cannot read file";
        continue;
      }
      std::ostringstream buffer;
      buffer << in.rdbuf();
      source.bytes = buffer.str();
      continue;
    }
    config::FeedConfig feed;
    feed.url = source.url;
    ++pending;
    net::StartHttp(loop, fetch::BuildFeedRequest(feed, settings, {}),
                   [&source, &pending](net::HttpResult result) {
                     fetch::FetchOutcome outcome = fetch::InterpretFeedResponse(
                         std::move(result), std::chrono::system_clock::now());
                     if (outcome.kind == fetch::FetchOutcome::Kind::kModified) {
                       source.bytes = std::move(outcome.body);
                       source.content_type = outcome.content_type;
                       if (!outcome.effective_url.empty()) source.url = outcome.effective_url;
                     } else {
                       source.error = outcome.error.empty() ? "no content" : outcome.error;
                     }
                     --pending;
                   });
  }
  // Every request carries its own timeouts, so this ends.
  while (pending > 0) loop.Poll(std::chrono::milliseconds(200), -1);
}

std::string JoinTerms(const std::vector<std::string>& terms) { return Join(terms, ", "); }

void PrintMatch(const Options& options, const match::CompiledFilter& filter,
                const model::Item& item, const match::Hit& hit, const std::string& snippet) {
  std::optional<std::string> published;
  if (item.published || item.updated) {
    published = FormatRfc3339(TimePoint(item.published ? *item.published : *item.updated));
  }
  if (options.json) {
    nlohmann::ordered_json line = {{"filter", filter.name},
                           {"title", item.title},
                           {"link", item.link},
                           {"published", published ? nlohmann::ordered_json(*published) : nullptr},
                           {"matched", hit.matched_terms},
                           {"snippet", snippet}};
    std::string text = line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::printf("%s\n", text.c_str());
    return;
  }
  std::printf("%s: %s\n", filter.name.c_str(), item.title.empty() ? "(no title)" : item.title.c_str());
  std::printf("  link:      %s\n", item.link.c_str());
  std::printf("  published: %s\n", published ? published->c_str() : "-");
  std::printf("  feed:      %s\n", item.feed_name.c_str());
  std::printf("  matched:   %s\n", JoinTerms(hit.matched_terms).c_str());
  std::printf("  snippet:   %s\n\n", snippet.c_str());
}

}  // namespace

int RunTestFilter(const std::vector<std::string>& args) {
  Options options;
  if (std::string error = ParseArguments(args, options); !error.empty()) return UsageError(error);
  SetLogLevel(LogLevel::kWarn);

  // The config: required for --filter/--all; for a QUERY, used when given
  // or when the default one exists (for aliases and feed names).
  std::optional<config::Config> config;
  bool need_config = !options.query.has_value();
  std::string config_path = options.config_path.value_or(kDefaultConfig);
  if (need_config || options.config_path || fs::exists(config_path)) {
    Result<config::Config> loaded = config::LoadConfig(config_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().message().c_str());
      return kExitUsage;
    }
    config = std::move(*loaded);
  }

  Result<std::shared_ptr<const match::FilterSet>> filters =
      options.query ? match::FilterSet::FromQuery(*options.query, config ? &*config : nullptr)
                    : match::FilterSet::Compile(*config);
  if (!filters.ok()) {
    std::fprintf(stderr, "%s\n", filters.status().message().c_str());
    return kExitUsage;
  }
  std::optional<std::size_t> only;
  if (options.filter_name) {
    const auto& all = (*filters)->filters();
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (all[i].name == *options.filter_name) only = i;
    }
    if (!only) {
      std::vector<std::string> names;
      for (const auto& filter : all) names.push_back(filter.name);
      return UsageError("no filter named \"" + *options.filter_name + "\" (filters: " +
                        Join(names, ", ") + ")");
    }
  }

  std::vector<Source> sources;
  if (options.sources.empty()) {
    if (!config || config->feeds.empty()) return UsageError("give at least one FEED_URL_OR_FILE");
    for (const config::FeedConfig& feed : config->feeds) {
      sources.push_back(ResolveSource(feed.name, &*config));
    }
  } else {
    for (const std::string& argument : options.sources) {
      sources.push_back(ResolveSource(argument, config ? &*config : nullptr));
    }
  }
  LoadSources(sources, config ? config->daemon : config::DaemonSettings{});

  bool restricted_filters = false;
  for (std::size_t i = 0; i < (*filters)->filters().size(); ++i) {
    restricted_filters = restricted_filters || (*filters)->restricted(i);
  }
  match::Matcher matcher(*filters);
  match::MatchDocument document;
  int exit_code = kExitOk;
  std::size_t item_count = 0;
  std::size_t match_count = 0;
  std::size_t feed_count = 0;
  for (Source& source : sources) {
    if (!source.error.empty()) {
      std::fprintf(stderr, "newsalert test-filter: %s: %s\n", source.argument.c_str(),
                   source.error.c_str());
      exit_code = kExitFeedFailed;
      continue;
    }
    feed::ParseOptions parse_options;
    parse_options.base_url = source.url.empty() ? source.identity.url : source.url;
    parse_options.content_type = source.content_type;
    Result<feed::FeedDocument> parsed = feed::ParseFeed(source.bytes, parse_options);
    if (!parsed.ok()) {
      std::fprintf(stderr, "newsalert test-filter: %s: %s\n", source.argument.c_str(),
                   parsed.status().message().c_str());
      exit_code = kExitFeedFailed;
      continue;
    }
    for (const std::string& warning : parsed->warnings) {
      std::fprintf(stderr, "newsalert test-filter: %s: warning: %s\n", source.argument.c_str(),
                   warning.c_str());
    }
    ++feed_count;
    if (!source.configured && restricted_filters) {
      std::fprintf(stderr,
                   "newsalert test-filter: note: %s is not a configured feed: filters' "
                   "feeds = [...] restrictions are ignored for it\n",
                   source.argument.c_str());
    }
    matcher.set_ignore_feed_restrictions(!source.configured);
    std::vector<model::Item> items = text::BuildItems(*parsed, source.identity);
    item_count += items.size();
    for (const model::Item& item : items) {
      document.Assign(item, (*filters)->fields());
      for (const match::Hit& hit : matcher.Match(document)) {
        if (only && hit.filter_index != *only) continue;
        ++match_count;
        PrintMatch(options, (*filters)->filters()[hit.filter_index], item, hit,
                   match::BuildSnippet(document, hit));
      }
    }
  }
  std::fflush(stdout);
  std::fprintf(stderr, "newsalert test-filter: %zu %s in %zu items from %zu %s\n", match_count,
               match_count == 1 ? "match" : "matches", item_count, feed_count,
               feed_count == 1 ? "feed" : "feeds");
  return exit_code;
}

}  // namespace newsalert::app
