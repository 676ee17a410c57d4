#include "app/systemd_notify.h"

#include <systemd/sd-daemon.h>

namespace newsalert::app {

SystemdNotifier::SystemdNotifier() {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_interval_ = std::chrono::milliseconds(usec / 2000);
  }
}

void SystemdNotifier::Send(const std::string& state) { sd_notify(0, state.c_str()); }

void SystemdNotifier::Ready(const std::string& status) {
  Send("READY=1\nSTATUS=" + status);
}

void SystemdNotifier::Reloading() { Send("RELOADING=1"); }
void SystemdNotifier::Stopping() { Send("STOPPING=1"); }
void SystemdNotifier::Status(const std::string& status) { Send("STATUS=" + status); }
void SystemdNotifier::PingWatchdog() { Send("WATCHDOG=1"); }

}  // namespace newsalert::app
