// Daemon: the event loop of `newsalert run`. One thread, one libcurl multi
// handle for every transfer (feeds and deliveries), signals through a
// signalfd, SQLite as the only state. Parsing and matching run on this
// thread between network events.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>

#include "app/snapshot.h"
#include "base/clock.h"
#include "base/log.h"

namespace newsalert::app {

struct RunOptions {
  bool once = false;   // Poll every feed once, deliver what is due, exit.
  bool force = false;  // With once: also feeds in backoff or asked to wait.
  // With once: how long to wait for deliveries after the last poll.
  std::chrono::seconds once_delivery_wait{60};
  // Set when --log-level was given: it wins over the config file.
  std::optional<LogLevel> log_level_override;
};

// Runs the daemon on `snapshot` (loaded from `config_path`, which SIGHUP
// re-reads). Returns the process exit code: 0 after SIGTERM/SIGINT or a
// finished --once run, 1 on a runtime failure (e.g. the store cannot open).
int RunDaemon(const std::filesystem::path& config_path, std::shared_ptr<const Snapshot> snapshot,
              std::shared_ptr<const Clock> clock, const RunOptions& options);

}  // namespace newsalert::app
