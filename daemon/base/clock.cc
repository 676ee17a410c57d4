#include "base/clock.h"

#include <cstdlib>
#include <string>

#include "base/strings.h"

namespace newsalert {

TimePoint ScaledClock::Now() const {
  auto real = std::chrono::system_clock::now() - anchor_;
  auto scaled = std::chrono::duration_cast<std::chrono::system_clock::duration>(
      std::chrono::duration<double, std::nano>(
          static_cast<double>(std::chrono::nanoseconds(real).count()) * scale_));
  return anchor_ + scaled;
}

std::chrono::nanoseconds ScaledClock::RealDuration(
    std::chrono::nanoseconds duration) const {
  return std::chrono::nanoseconds(
      static_cast<long long>(static_cast<double>(duration.count()) / scale_));
}

Result<std::shared_ptr<const Clock>> MakeClockFromEnvironment() {
  const char* spec = std::getenv("NEWSALERT_TEST_CLOCK");
  if (spec == nullptr || *spec == '\0') {
    return std::shared_ptr<const Clock>(std::make_shared<SystemClock>());
  }
  double anchor_seconds = -1;
  double scale = -1;
  for (std::string_view part : Split(spec, ',')) {
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key(Trim(part.substr(0, eq)));
    std::string value(Trim(part.substr(eq + 1)));
    char* end = nullptr;
    double number = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0') {
      return Status::InvalidArgument("NEWSALERT_TEST_CLOCK: bad number for " + key);
    }
    if (key == "anchor") anchor_seconds = number;
    if (key == "scale") scale = number;
  }
  if (anchor_seconds < 0 || scale <= 0) {
    return Status::InvalidArgument(
        "NEWSALERT_TEST_CLOCK: expected anchor=<unix seconds>,scale=<factor>");
  }
  auto anchor = TimePoint(std::chrono::duration_cast<TimePoint::duration>(
      std::chrono::duration<double>(anchor_seconds)));
  return std::shared_ptr<const Clock>(std::make_shared<ScaledClock>(anchor, scale));
}

}  // namespace newsalert
