#include "base/test_fault.h"

#include <csignal>
#include <cstdlib>

#include "base/strings.h"

namespace newsalert {

void CrashAtFaultPoint(std::string_view point) {
  static const char* spec = std::getenv("NEWSALERT_TEST_FAULT");
  if (spec == nullptr || *spec == '\0') return;
  for (std::string_view listed : Split(spec, ',')) {
    if (Trim(listed) == point) std::raise(SIGKILL);
  }
}

}  // namespace newsalert
