#include "integration/delivery_harness.h"

#include <fmt/format.h>

namespace newsalert::testing {
FeedServer::FeedServer() {
  server_.server().Get(R"(/feeds/.*)", [this](const httplib::Request& request,
                                              httplib::Response& response) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = feeds_.find(request.path);
    if (it == feeds_.end()) {
      response.status = 404;
      return;
    }
    ++it->second.requests;
    response.set_header("ETag", it->second.etag);
    if (request.get_header_value("If-None-Match") == it->second.etag) {
      response.status = 304;
      return;
    }
    response.set_content(it->second.body, "application/rss+xml");
  });
  server_.Start();
}

FeedServer::~FeedServer() { server_.Stop(); }

void FeedServer::SetItems(const std::string& path, const std::vector<FeedItem>& items) {
  std::lock_guard<std::mutex> lock(mutex_);
  Feed& feed = feeds_[path];
  feed.body = RssDocument(items);
  feed.etag = "\"v" + std::to_string(++version_) + "\"";
}

std::string FeedServer::Url(const std::string& path) const { return server_.Url(path); }

int FeedServer::Requests(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = feeds_.find(path);
  return it == feeds_.end() ? 0 : it->second.requests;
}

Scenario::Scenario() = default;

void Scenario::WriteConfig(const std::map<std::string, std::string>& feeds,
                           const std::string& channels, const std::string& filters,
                           const std::string& daemon_extra) {
  std::string config =
      "[daemon]\nstate_dir = \"state\"\nalert_on_first_poll = true\n"
      "filters = [\"filters.toml\"]\n" + daemon_extra + "\n";
  for (const auto& [name, url] : feeds) {
    config += "[[feed]]\nname = \"" + name + "\"\nurl = \"" + url + "\"\n";
  }
  config += channels;
  WriteFile(dir_ / "newsalert.toml", config);
  WriteFile(dir_ / "filters.toml", filters);
}

ProcessResult Scenario::RunOnce(const std::map<std::string, std::string>& env,
                                std::chrono::milliseconds timeout) {
  return RunNewsalert({"run", "-c", config().string(), "--once"}, env, timeout);
}

std::unique_ptr<Subprocess> Scenario::StartDaemon(const std::map<std::string, std::string>& env) {
  return std::make_unique<Subprocess>(
      std::vector<std::string>{NewsalertBinary().string(), "run", "-c", config().string()}, env);
}

double UnixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

TestClock::TestClock(double scale_factor) : anchor(UnixNow()), scale(scale_factor) {
  spec = fmt::format("anchor={:.3f},scale={}", anchor, scale);
}

double TestClock::VirtualNow() const { return Virtual(UnixNow()); }

int CountLines(const std::string& text, const std::string& needle) {
  int count = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.substr(start, end - start).find(needle) != std::string::npos) ++count;
    start = end + 1;
  }
  return count;
}

}  // namespace newsalert::testing
