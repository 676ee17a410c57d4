#include "support/daemon_fixture.h"

#include <signal.h>

namespace newsalert::testing {

DaemonProcess::DaemonProcess(const std::filesystem::path& config,
                             const std::map<std::string, std::string>& env,
                             const std::vector<std::string>& args) {
  std::vector<std::string> command = {NewsalertBinary().string(), "run", "-c", config.string()};
  command.insert(command.end(), args.begin(), args.end());
  process_ = std::make_unique<Subprocess>(command, env);
}

int DaemonProcess::CountInLog(const std::string& text) const {
  std::string log = Log();
  int count = 0;
  for (std::size_t at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) {
    ++count;
  }
  return count;
}

bool DaemonProcess::WaitForLog(const std::string& text, std::chrono::milliseconds timeout,
                               int count) const {
  return WaitFor([&] { return CountInLog(text) >= count; }, timeout);
}

ProcessResult DaemonProcess::Stop(std::chrono::milliseconds timeout) {
  process_->Signal(SIGTERM);
  return process_->Wait(timeout);
}

}  // namespace newsalert::testing
