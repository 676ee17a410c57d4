// Test-only faults, switched on by environment variables that no
// deployment sets. They let the integration tests prove what a real fault
// would do, e.g. that systemd's watchdog notices a wedged event loop.
//
//   NEWSALERT_TEST_WEDGE_LOOP_AFTER=<duration>   e.g. "2s"
//       TEST ONLY. That long after start the event loop blocks for good
//       (it sleeps without returning); the watchdog pings stop, as they
//       would if a library call hung. Only SIGKILL ends the process.
#pragma once

#include <chrono>
#include <optional>

namespace newsalert::app {

// When the loop should wedge, measured from now; unset without the
// variable (or with a malformed one, which is logged).
std::optional<std::chrono::steady_clock::time_point> WedgeLoopDeadlineFromEnvironment();

// Blocks the calling thread for good.
[[noreturn]] void WedgeForever();

}  // namespace newsalert::app
