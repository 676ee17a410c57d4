#include "support/http_fixture.h"

#include <stdexcept>

#include "support/test_support.h"

namespace newsalert::testing {

std::string RecordedRequest::Header(const std::string& name) const {
  auto it = headers.find(name);
  if (it != headers.end()) return it->second;
  // httplib keeps names as sent; compare case-insensitively.
  for (const auto& [key, value] : headers) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < key.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(key[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return value;
  }
  return "";
}

LocalHttpServer::LocalHttpServer(int port)
    : server_(std::make_unique<httplib::Server>()), port_(port) {}

LocalHttpServer::~LocalHttpServer() { Stop(); }

void LocalHttpServer::Record(const httplib::Request& request) {
  RecordedRequest recorded;
  recorded.method = request.method;
  recorded.path = request.path;
  for (const auto& [name, value] : request.headers) recorded.headers.emplace(name, value);
  recorded.body = request.body;
  recorded.received = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.push_back(std::move(recorded));
}

void LocalHttpServer::ServeText(const std::string& path, const std::string& body,
                                const std::string& content_type) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    texts_[path] = {body, content_type};
  }
  server_->Get(path, [this, path](const httplib::Request& request, httplib::Response& response) {
    Record(request);
    std::lock_guard<std::mutex> lock(mutex_);
    const auto& [text, type] = texts_[path];
    response.set_content(text, type.c_str());
  });
}

void LocalHttpServer::SetText(const std::string& path, const std::string& body) {
  std::lock_guard<std::mutex> lock(mutex_);
  texts_[path].first = body;
}

void LocalHttpServer::AcceptPosts(const std::string& path, int status) {
  SetPostStatus(status);
  server_->Post(path, [this](const httplib::Request& request, httplib::Response& response) {
    Record(request);
    std::lock_guard<std::mutex> lock(mutex_);
    response.status = post_status_;
    response.set_content("ok", "text/plain");
  });
}

void LocalHttpServer::SetPostStatus(int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  post_status_ = status;
}

void LocalHttpServer::Start() {
  if (port_ == 0) {
    port_ = server_->bind_to_any_port("127.0.0.1");
  } else if (!server_->bind_to_port("127.0.0.1", port_)) {
    throw std::runtime_error("cannot bind 127.0.0.1:" + std::to_string(port_));
  }
  if (port_ <= 0) throw std::runtime_error("cannot bind a port on 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  if (!WaitFor([this] { return server_->is_running(); }, std::chrono::seconds(5))) {
    throw std::runtime_error("test HTTP server did not start");
  }
}

void LocalHttpServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

std::string LocalHttpServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<RecordedRequest> LocalHttpServer::Requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::vector<RecordedRequest> LocalHttpServer::Requests(const std::string& method,
                                                       const std::string& path) const {
  std::vector<RecordedRequest> matching;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const RecordedRequest& request : requests_) {
    if (request.method == method && request.path == path) matching.push_back(request);
  }
  return matching;
}

}  // namespace newsalert::testing
