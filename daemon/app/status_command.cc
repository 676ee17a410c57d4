#include "app/status_command.h"

#include <cstdio>
#include <filesystem>

#include "app/argument_reader.h"
#include "app/status_report.h"
#include "config/config_loader.h"
#include "store/schema.h"

namespace newsalert::app {
namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr, "newsalert: %s\nTry 'newsalert --help'.\n", message.c_str());
  return 2;
}

int StoreError(const std::string& message) {
  std::fprintf(stderr, "newsalert status: %s\n", message.c_str());
  return 1;
}

}  // namespace

int StatusCommand(const std::vector<std::string>& args, const std::string& default_config) {
  std::string config_path = default_config;
  bool as_json = false;
  ArgumentReader reader(args, 2);
  while (reader.Next()) {
    const std::string& flag = reader.name();
    if (flag == "--json" && reader.IsOption()) {
      as_json = true;
    } else if ((flag == "-c" || flag == "--config") && reader.IsOption()) {
      auto path = reader.Value();
      if (!path) return Usage(flag + " needs a file");
      config_path = *path;
    } else {
      return Usage("status: unexpected argument " + reader.argument());
    }
  }

  // Secrets are not read: status runs outside the service's credentials.
  Result<config::Config> config = config::LoadConfig(config_path, {.read_secrets = false});
  if (!config.ok()) {
    std::fprintf(stderr, "%s\n", config.status().message().c_str());
    return 2;
  }
  std::string path = store::DatabasePath(config->daemon.state_dir.string());
  if (!std::filesystem::exists(path)) {
    return StoreError("no database at " + path +
                      " (has the daemon run yet? is state_dir right?)");
  }
  Result<std::unique_ptr<store::Database>> db = store::Database::OpenReadOnly(path);
  if (!db.ok()) return StoreError(db.status().message());
  {
    Result<store::Statement> version = (*db)->Prepare("PRAGMA user_version");
    if (!version.ok()) return StoreError(version.status().message());
    int schema = version->Step() ? static_cast<int>(version->Int(0)) : 0;
    if (!version->status().ok()) return StoreError(version->status().message());
    if (schema == 0) return StoreError(path + " is not a newsalert database");
  }
  Result<std::shared_ptr<const Clock>> clock = MakeClockFromEnvironment();
  if (!clock.ok()) return Usage(clock.status().message());
  TimePoint now = (*clock)->Now();
  Result<nlohmann::json> report = BuildStatusReport(*config, **db, now);
  if (!report.ok()) return StoreError(report.status().message());
  std::string out = as_json ? report->dump(2) + "\n" : RenderStatusText(*report, now);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace newsalert::app
