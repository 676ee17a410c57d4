#include "support/daemon_fixture.h"

#include <signal.h>

namespace newsalert::testing {

std::string RssFeed(const std::vector<FeedItem>& items) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\"><channel><title>Test feed</title>"
      "<link>https://news.example/</link><description>test</description>\n";
  for (const FeedItem& item : items) {
    xml += "<item><title>" + item.title + "</title><link>https://news.example/" + item.guid +
           "</link><guid>" + item.guid + "</guid><description>" + item.description +
           "</description></item>\n";
  }
  xml += "</channel></rss>\n";
  return xml;
}

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
