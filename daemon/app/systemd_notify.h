// The systemd notify protocol (sd_notify(3)) through libsystemd: READY=1,
// RELOADING=1, STOPPING=1, STATUS=..., WATCHDOG=1. Does nothing when the
// daemon does not run under systemd (no NOTIFY_SOCKET).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace newsalert::app {

class SystemdNotifier {
 public:
  SystemdNotifier();

  void Ready(const std::string& status);
  void Reloading();
  void Stopping();
  void Status(const std::string& status);

  // How often the loop must ping, when systemd's watchdog is on: half of
  // WATCHDOG_USEC, as sd_watchdog_enabled(3) advises.
  std::optional<std::chrono::milliseconds> watchdog_interval() const { return watchdog_interval_; }
  void PingWatchdog();

 private:
  void Send(const std::string& state);

  std::optional<std::chrono::milliseconds> watchdog_interval_;
};

}  // namespace newsalert::app
