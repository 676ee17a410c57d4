#include "app/metrics_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include "base/metrics.h"

namespace newsalert::app {

MetricsServer::MetricsServer() = default;

MetricsServer::~MetricsServer() { Stop(); }

Status MetricsServer::Start(const std::string& host, int port) {
  server_ = std::make_unique<httplib::Server>();
  // One worker: scrapes are rare and cheap; the default pool is 8+ threads.
  server_->new_task_queue = [] { return new httplib::ThreadPool(1); };
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a
  // second daemon share the port silently instead of failing to start.
  server_->set_socket_options([](socket_t socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  server_->set_read_timeout(5, 0);
  server_->set_write_timeout(5, 0);
  server_->Get("/metrics", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(metrics::RenderPrometheus(), "text/plain; version=0.0.4; charset=utf-8");
  });
  if (!server_->bind_to_port(host, port)) {
    server_.reset();
    return Status::IoError("metrics: cannot listen on " + host + ":" + std::to_string(port) +
                           " (address in use or not local?)");
  }
  thread_ = std::thread([server = server_.get()] { server->listen_after_bind(); });
  return Status::Ok();
}

void MetricsServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace newsalert::app
