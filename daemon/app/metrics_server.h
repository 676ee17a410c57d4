// MetricsServer: serves GET /metrics (Prometheus text format) on the
// address of [metrics] listen, from a thread of its own with cpp-httplib.
// It only renders base/metrics.h, which the event loop keeps current: it
// never touches SQLite or any other state of the loop.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "base/status.h"

namespace httplib {
class Server;
}

namespace newsalert::app {

class MetricsServer {
 public:
  MetricsServer();
  ~MetricsServer();  // Stops serving and joins the thread.
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Binds `host`:`port` and starts serving. Fails when the address cannot
  // be bound (in use, not local, bad host).
  Status Start(const std::string& host, int port);
  void Stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace newsalert::app
