// Signals as events on a file descriptor (signalfd), so the event loop can
// wait for them together with network I/O. SIGTERM/SIGINT ask to stop,
// SIGHUP to reload.
#pragma once

#include <vector>

namespace newsalert::app {

enum class SignalEvent { kStop, kReload };

class SignalWatcher {
 public:
  // Blocks SIGTERM, SIGINT and SIGHUP for the process and opens a signalfd.
  // Call before starting any thread, so threads inherit the mask.
  SignalWatcher();
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

  int fd() const { return fd_; }

  // The signals that arrived since the last call (non-blocking).
  std::vector<SignalEvent> Drain();

 private:
  int fd_ = -1;
};

}  // namespace newsalert::app
