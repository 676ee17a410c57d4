#include "app/inspect_command.h"

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include "app/argument_reader.h"
#include "base/clock.h"
#include "config/config.h"
#include "feed/feed_json.h"
#include "feed/feed_parser.h"
#include "fetch/feed_fetcher.h"
#include "net/http_transfer.h"
#include "net/transfer_loop.h"

namespace newsalert::app {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

struct InspectOptions {
  std::optional<std::string> base_url;
  std::optional<std::string> content_type;
  std::string source;  // A file path or an http(s)/file URL.
};

bool IsUrl(const std::string& source) {
  return source.rfind("http://", 0) == 0 || source.rfind("https://", 0) == 0 ||
         source.rfind("file://", 0) == 0;
}

// Parses the arguments; returns an error message or "".
std::string ParseArguments(const std::vector<std::string>& args, InspectOptions& options) {
  bool have_source = false;
  ArgumentReader reader(args);
  while (reader.Next()) {
    const std::string& flag = reader.name();
    if (!reader.IsOption()) {
      if (have_source) return "inspect takes one FILE_OR_URL";
      options.source = reader.argument();
      have_source = true;
    } else if (flag == "--base-url" || flag == "--content-type") {
      std::optional<std::string> v = reader.Value();
      if (!v) return flag + " needs a value";
      (flag == "--base-url" ? options.base_url : options.content_type) = *v;
    } else {
      return "unknown option " + reader.argument();
    }
  }
  if (!have_source) return "inspect needs a FILE_OR_URL";
  return "";
}

struct Fetched {
  std::string body;
  std::string content_type;
  std::string url;  // Effective URL after redirects.
};

// Fetches `url` like the daemon polls a feed (no validators).
std::optional<Fetched> FetchUrl(const std::string& url, std::string& error) {
  config::FeedConfig feed;
  feed.url = url;
  config::DaemonSettings settings;
  net::HttpRequest request = fetch::BuildFeedRequest(feed, settings, fetch::Validators{});
  net::TransferLoop loop;
  std::optional<fetch::FetchOutcome> outcome;
  net::StartHttp(loop, request, [&](net::HttpResult result) {
    outcome = fetch::InterpretFeedResponse(std::move(result), SystemClock().Now());
  });
  // The request's own timeouts end the transfer; this bound is a backstop.
  auto deadline = std::chrono::steady_clock::now() + request.total_timeout +
                  request.connect_timeout + std::chrono::seconds(5);
  while (!outcome && std::chrono::steady_clock::now() < deadline) {
    loop.Poll(std::chrono::milliseconds(200), -1);
  }
  if (!outcome) {
    error = "fetch did not finish in time";
    return std::nullopt;
  }
  if (outcome->kind != fetch::FetchOutcome::Kind::kModified) {
    error = outcome->error.empty() ? "no content" : outcome->error;
    if (!outcome->error_class.empty()) error = outcome->error_class + ": " + error;
    return std::nullopt;
  }
  Fetched fetched;
  fetched.body = std::move(outcome->body);
  fetched.content_type = outcome->content_type;
  fetched.url = outcome->effective_url.empty() ? url : outcome->effective_url;
  return fetched;
}

std::optional<std::string> ReadWholeFile(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open " + path;
    return std::nullopt;
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  return std::move(content).str();
}

}  // namespace

int InspectCommand(const std::vector<std::string>& args) {
  InspectOptions options;
  if (std::string error = ParseArguments(args, options); !error.empty()) {
    std::fprintf(stderr, "newsalert: %s\nTry 'newsalert --help'.\n", error.c_str());
    return kExitUsage;
  }
  std::string bytes;
  feed::ParseOptions parse;
  std::string error;
  if (IsUrl(options.source)) {
    std::optional<Fetched> fetched = FetchUrl(options.source, error);
    if (!fetched) {
      std::fprintf(stderr, "newsalert: inspect %s: %s\n", options.source.c_str(), error.c_str());
      return kExitFailure;
    }
    bytes = std::move(fetched->body);
    parse.base_url = fetched->url;
    parse.content_type = fetched->content_type;
  } else {
    std::optional<std::string> content = ReadWholeFile(options.source, error);
    if (!content) {
      std::fprintf(stderr, "newsalert: inspect: %s\n", error.c_str());
      return kExitFailure;
    }
    bytes = std::move(*content);
  }
  if (options.base_url) parse.base_url = *options.base_url;
  if (options.content_type) parse.content_type = *options.content_type;

  Result<feed::FeedDocument> document = feed::ParseFeed(bytes, parse);
  if (!document.ok()) {
    std::fprintf(stderr, "newsalert: inspect %s: %s\n", options.source.c_str(),
                 document.status().message().c_str());
    return kExitFailure;
  }
  std::string json = feed::FeedDocumentJson(*document);
  std::fwrite(json.data(), 1, json.size(), stdout);
  std::fputc('\n', stdout);
  return kExitOk;
}

}  // namespace newsalert::app
