// The systemd notify protocol (sd_notify(3)) through libsystemd: READY=1,
// RELOADING=1, STOPPING=1, STATUS=..., WATCHDOG=1. Does nothing when the
// daemon does not run under systemd (no NOTIFY_SOCKET), so tests can point
// NOTIFY_SOCKET at a datagram socket of their own and read what is sent.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace newsalert::app {

class SystemdNotifier {
 public:
  SystemdNotifier();

  // READY=1 with a STATUS= line: config, filters and store are loaded.
  void Ready(const std::string& status);
  // RELOADING=1 (with MONOTONIC_USEC, which systemd >= 253 requires for
  // Type=notify-reload): a reload started; Ready() ends it.
  void Reloading();
  // STOPPING=1, once: the daemon is shutting down.
  void Stopping();
  // STATUS=..., only when it changed since the last one sent.
  void Status(const std::string& status);

  // How often the loop must ping when systemd's watchdog is on (a quarter
  // of WATCHDOG_USEC: sd_watchdog_enabled(3) asks for at least every half,
  // the rest is room for a slow loop iteration). Unset: no watchdog.
  std::optional<std::chrono::milliseconds> watchdog_interval() const { return watchdog_interval_; }
  void PingWatchdog();

 private:
  void Send(const std::string& state);

  std::optional<std::chrono::milliseconds> watchdog_interval_;
  std::string last_status_;
  bool stopping_sent_ = false;
};

}  // namespace newsalert::app
