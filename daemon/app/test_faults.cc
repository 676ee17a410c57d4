#include "app/test_faults.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <thread>

#include "base/duration.h"

namespace newsalert::app {

std::optional<std::chrono::steady_clock::time_point> WedgeLoopDeadlineFromEnvironment() {
  const char* value = std::getenv("NEWSALERT_TEST_WEDGE_LOOP_AFTER");
  if (value == nullptr || *value == '\0') return std::nullopt;
  Result<Duration> after = ParseDuration(value);
  if (!after.ok()) {
    spdlog::error("NEWSALERT_TEST_WEDGE_LOOP_AFTER ignored: {}", after.status().message());
    return std::nullopt;
  }
  return std::chrono::steady_clock::now() + *after;
}

void WedgeForever() {
  spdlog::warn("test fault: the event loop is now wedged (NEWSALERT_TEST_WEDGE_LOOP_AFTER)");
  while (true) std::this_thread::sleep_for(std::chrono::hours(1));
}

}  // namespace newsalert::app
