// NotifyListener: the systemd side of sd_notify(3) for tests. Binds an
// AF_UNIX datagram socket in a private folder and records every message
// the daemon sends, with the time it arrived. Run the daemon with
// NOTIFY_SOCKET=listener.path() (and WATCHDOG_USEC for the watchdog).
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace newsalert::testing {

struct NotifyMessage {
  std::chrono::steady_clock::time_point received;
  std::string text;  // e.g. "READY=1\nSTATUS=..."

  // True when one of its lines is `assignment` (e.g. "READY=1").
  bool Has(const std::string& assignment) const;
};

class NotifyListener {
 public:
  NotifyListener();
  ~NotifyListener();
  NotifyListener(const NotifyListener&) = delete;
  NotifyListener& operator=(const NotifyListener&) = delete;

  std::string path() const { return path_.string(); }
  std::vector<NotifyMessage> Messages() const;
  // Messages with a line equal to `assignment`.
  std::vector<NotifyMessage> With(const std::string& assignment) const;
  // Waits until a message received at or after `since` has `assignment`.
  bool WaitFor(const std::string& assignment, std::chrono::milliseconds timeout,
               std::chrono::steady_clock::time_point since = {}) const;

 private:
  TempDir dir_;
  std::filesystem::path path_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<NotifyMessage> messages_;
};

}  // namespace newsalert::testing
