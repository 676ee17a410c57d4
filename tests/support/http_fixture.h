// LocalHttpServer: a real HTTP server on 127.0.0.1 (cpp-httplib) in a
// background thread, for feeds and webhook receivers in tests. Records
// every request. Stopped (and its port freed) when destroyed.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

namespace newsalert::testing {

struct RecordedRequest {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string> headers;  // As httplib gives them.
  std::string body;
  std::chrono::steady_clock::time_point received;

  std::string Header(const std::string& name) const;
};

class LocalHttpServer {
 public:
  // `port` 0 picks a free port.
  explicit LocalHttpServer(int port = 0);
  ~LocalHttpServer();
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  // Registers handlers before Start().
  httplib::Server& server() { return *server_; }

  // Serves `body` at `path` (GET), with `content_type`.
  void ServeText(const std::string& path, const std::string& body,
                 const std::string& content_type = "application/rss+xml");
  // Replaces what ServeText serves at `path` (thread-safe, any time).
  void SetText(const std::string& path, const std::string& body);

  // Accepts POSTs at `path`, answering `status` (settable any time).
  void AcceptPosts(const std::string& path, int status = 200);
  void SetPostStatus(int status);

  void Start();
  void Stop();

  int port() const { return port_; }
  std::string Url(const std::string& path) const;

  std::vector<RecordedRequest> Requests() const;
  std::vector<RecordedRequest> Requests(const std::string& method, const std::string& path) const;

 private:
  void Record(const httplib::Request& request);

  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;  // Guards the members below.
  std::vector<RecordedRequest> requests_;
  std::map<std::string, std::pair<std::string, std::string>> texts_;  // path -> (body, type)
  int post_status_ = 200;
};

}  // namespace newsalert::testing
