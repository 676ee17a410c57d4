#include "app/systemd_notify.h"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <algorithm>

namespace newsalert::app {

SystemdNotifier::SystemdNotifier() {
  uint64_t usec = 0;
  // Honours WATCHDOG_PID: a watchdog meant for another process is not ours.
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_interval_ = std::max(std::chrono::milliseconds(1),
                                  std::chrono::milliseconds(usec / 4000));
  }
}

void SystemdNotifier::Send(const std::string& state) { sd_notify(0, state.c_str()); }

void SystemdNotifier::Ready(const std::string& status) {
  last_status_ = status;
  Send("READY=1\nSTATUS=" + status);
}

void SystemdNotifier::Reloading() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  auto usec = static_cast<long long>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
  last_status_ = "reloading configuration";
  Send("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(usec) + "\nSTATUS=" + last_status_);
}

void SystemdNotifier::Stopping() {
  if (stopping_sent_) return;
  stopping_sent_ = true;
  last_status_ = "stopping: finishing deliveries in flight";
  Send("STOPPING=1\nSTATUS=" + last_status_);
}

void SystemdNotifier::Status(const std::string& status) {
  if (status == last_status_) return;
  last_status_ = status;
  Send("STATUS=" + status);
}

void SystemdNotifier::PingWatchdog() { Send("WATCHDOG=1"); }

}  // namespace newsalert::app
