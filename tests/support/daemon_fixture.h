// Helpers for tests that run `newsalert run` as a long-lived daemon: an RSS
// document builder for the feed server, and the daemon process with waits
// on its log.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/feed_documents.h"
#include "support/test_support.h"

namespace newsalert::testing {

class DaemonProcess {
 public:
  // Starts `newsalert run -c config ARGS...` with `env` added.
  explicit DaemonProcess(const std::filesystem::path& config,
                         const std::map<std::string, std::string>& env = {},
                         const std::vector<std::string>& args = {});

  Subprocess& process() { return *process_; }
  int pid() const { return process_->pid(); }
  std::string Log() const { return process_->Err(); }

  // How often `text` occurs in the log (standard error) so far.
  int CountInLog(const std::string& text) const;
  // Waits until `text` occurs at least `count` times in the log.
  bool WaitForLog(const std::string& text, std::chrono::milliseconds timeout, int count = 1) const;

  // SIGTERM, then waits for the exit.
  ProcessResult Stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));

 private:
  std::unique_ptr<Subprocess> process_;
};

}  // namespace newsalert::testing
