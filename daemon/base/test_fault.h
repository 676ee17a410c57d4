// Test-only fault points. NEWSALERT_TEST_FAULT="<point>[,<point>...]" makes
// the process kill itself with SIGKILL when it reaches one of the named
// points, so crash tests can stop it at an exact instant (RELIABILITY.md
// T14: between a feed's response and the commit of its items). Never set in
// production. Points:
//   record-before-commit     items, outbox rows and validators written, not committed
//   delivered-before-commit  a receiver accepted an alert, the outbox not yet updated
#pragma once

#include <string_view>

namespace newsalert {

// Kills the process when `point` is listed in NEWSALERT_TEST_FAULT.
void CrashAtFaultPoint(std::string_view point);

}  // namespace newsalert
