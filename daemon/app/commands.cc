#include "app/commands.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <optional>

#include "app/argument_reader.h"
#include "app/daemon.h"
#include "app/send_test_command.h"
#include "app/inspect_command.h"
#include "app/snapshot.h"
#include "app/status_command.h"
#include "app/test_filter_command.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/version.h"
#include "net/transfer_loop.h"

namespace newsalert::app {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr const char* kDefaultConfig = "/etc/newsalert/newsalert.toml";

constexpr const char* kHelp = R"(newsalert - watch news feeds and alert on matching stories

Usage:
  newsalert run    [-c FILE] [--once [--force]] [--log-level LEVEL]
      Run the daemon in the foreground (systemd supervises it).
      --once     poll every feed once now, deliver what is due, wait for
                 deliveries (bounded), exit
      --force    with --once: also poll feeds in failure backoff or that
                 asked us to wait (Retry-After)
  newsalert check  [-c FILE]
      Validate the config and every filter file it loads, like `nginx -t`.
  newsalert status [-c FILE] [--json]
      Feed health, alerts per filter, deliveries per channel, from the
      store (read-only; works while the daemon runs). Exit 1 when the
      store cannot be read.
  newsalert send-test CHANNEL [-c FILE]
      Send a test alert through CHANNEL now and print the receiver's answer
      (HTTP status or SMTP reply); exit 1 when it was not accepted.
  newsalert test-filter [-c FILE] (QUERY | --filter NAME | --all) [--json]
                        [FEED_URL_OR_FILE...]
      Dry run: fetch or read the feeds (default: the config's), print each
      item a filter matches with the terms that matched and a highlighted
      snippet; --json prints one JSON object per line. Changes no state,
      sends nothing. Exit 0 whether or not anything matched, 1 if a feed
      could not be read, 2 for a bad query or config. A QUERY that starts
      with '-' goes after "--".
  newsalert inspect [--base-url URL] [--content-type TYPE] FILE_OR_URL
      Parse one feed (a file, or a URL fetched like the daemon does) and
      print what newsalert sees in it as JSON.
  newsalert --version
  newsalert --help

Options:
  -c, --config FILE     config file (default /etc/newsalert/newsalert.toml)
  --log-level LEVEL     trace, debug, info, warn, error or off (default:
                        the config's [daemon] log_level, else info)

Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
)";

struct CommonOptions {
  std::string config_path = kDefaultConfig;
  std::optional<LogLevel> log_level;
  bool once = false;
  bool force = false;
  std::vector<std::string> positional;
};

int UsageError(const std::string& message) {
  std::fprintf(stderr, "newsalert: %s\nTry 'newsalert --help'.\n", message.c_str());
  return kExitUsage;
}

// Parses the options after the subcommand; returns an error message or "".
std::string ParseOptions(const std::vector<std::string>& args, std::size_t start,
                         const std::vector<std::string>& allowed, CommonOptions& options) {
  auto is_allowed = [&](const std::string& flag) {
    for (const std::string& a : allowed) {
      if (a == flag) return true;
    }
    return false;
  };
  ArgumentReader reader(args, start);
  while (reader.Next()) {
    const std::string& flag = reader.name();
    if (!reader.IsOption()) {
      options.positional.push_back(reader.argument());
    } else if (flag == "-c" || flag == "--config") {
      auto path = reader.Value();
      if (!path) return flag + " needs a file";
      options.config_path = *path;
    } else if (flag == "--log-level" && is_allowed(flag)) {
      auto name = reader.Value();
      if (!name) return "--log-level needs a level";
      Result<LogLevel> level = ParseLogLevel(*name);
      if (!level.ok()) return level.status().message();
      options.log_level = *level;
    } else if (flag == "--once" && is_allowed(flag)) {
      options.once = true;
    } else if (flag == "--force" && is_allowed(flag)) {
      options.force = true;
    } else {
      return "unknown option " + reader.argument();
    }
  }
  return "";
}

// Prints configuration errors (one per line) and returns exit code 2.
int ConfigError(const Status& status) {
  std::fprintf(stderr, "%s\n", status.message().c_str());
  return kExitUsage;
}

int Check(const CommonOptions& options) {
  Result<std::shared_ptr<const Snapshot>> snapshot = LoadSnapshot(options.config_path);
  if (!snapshot.ok()) return ConfigError(snapshot.status());
  const config::Config& config = *(*snapshot)->config;
  std::printf("%s: OK: %zu feeds, %zu filters (%zu filter files), %zu channels\n",
              options.config_path.c_str(), config.feeds.size(), config.filters.size(),
              config.filter_files.size(), config.channels.size());
  return kExitOk;
}

int Run(const CommonOptions& options) {
  if (options.force && !options.once) return UsageError("--force needs --once");
  Result<std::shared_ptr<const Clock>> clock = MakeClockFromEnvironment();
  if (!clock.ok()) return UsageError(clock.status().message());
  Result<std::shared_ptr<const Snapshot>> snapshot = LoadSnapshot(options.config_path);
  if (!snapshot.ok()) return ConfigError(snapshot.status());
  LogLevel level = options.log_level.value_or((*snapshot)->config->daemon.log_level);
  InitLogging(LogOptionsFromEnvironment(level));
  RunOptions run;
  run.once = options.once;
  run.force = options.force;
  run.log_level_override = options.log_level;
  return RunDaemon(options.config_path, std::move(*snapshot), std::move(*clock), run);
}

}  // namespace

int Main(const std::vector<std::string>& args) {
  InitLogging(LogOptionsFromEnvironment(LogLevel::kInfo));
  net::GlobalCurlInit();
  if (args.size() < 2) {
    std::fputs(kHelp, stderr);
    return kExitUsage;
  }
  const std::string& command = args[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kHelp, stdout);
    return kExitOk;
  }
  if (command == "--version" || command == "version") {
    std::printf("newsalert %s\n", kVersion);
    return kExitOk;
  }
  CommonOptions options;
  std::string error;
  if (command == "run") {
    error = ParseOptions(args, 2, {"--once", "--force", "--log-level"}, options);
    if (error.empty() && !options.positional.empty()) error = "run takes no arguments";
    if (!error.empty()) return UsageError(error);
    return Run(options);
  }
  if (command == "test-filter") return RunTestFilter({args.begin() + 2, args.end()});
  if (command == "check") {
    error = ParseOptions(args, 2, {}, options);
    if (error.empty() && !options.positional.empty()) error = "check takes no arguments";
    if (!error.empty()) return UsageError(error);
    return Check(options);
  }
  if (command == "status") return StatusCommand(args, kDefaultConfig);
  if (command == "send-test") {
    error = ParseOptions(args, 2, {}, options);
    if (error.empty() && options.positional.size() != 1) error = "send-test takes one CHANNEL";
    if (!error.empty()) return UsageError(error);
    return SendTestAlert(options.config_path, options.positional[0]);
  }
  if (command == "inspect") return InspectCommand({args.begin() + 2, args.end()});
  return UsageError("unknown command '" + command + "'");
}

}  // namespace newsalert::app
