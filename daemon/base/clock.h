// Clock: every "now" and every wait of the daemon goes through a Clock, so
// tests can run day-long retry schedules in seconds.
//
// SystemClock is the real one. ScaledClock runs faster than real time and is
// selected only through the test-only environment variable
// NEWSALERT_TEST_CLOCK="anchor=<unix seconds>,scale=<factor>": virtual time is
// anchor + (real - anchor) * scale, a pure function of real time, so that it
// stays continuous across restarts of the daemon and test fixtures in other
// processes can compute the same "now".
#pragma once

#include <chrono>
#include <memory>

#include "base/result.h"

namespace newsalert {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;

  virtual TimePoint Now() const = 0;

  // How much real time passes while this clock advances by `duration`.
  virtual std::chrono::nanoseconds RealDuration(
      std::chrono::nanoseconds duration) const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  std::chrono::nanoseconds RealDuration(
      std::chrono::nanoseconds duration) const override {
    return duration;
  }
};

class ScaledClock final : public Clock {
 public:
  // `anchor` is a real instant at which virtual and real time coincide.
  ScaledClock(TimePoint anchor, double scale) : anchor_(anchor), scale_(scale) {}

  TimePoint Now() const override;
  std::chrono::nanoseconds RealDuration(
      std::chrono::nanoseconds duration) const override;

 private:
  TimePoint anchor_;
  double scale_;
};

// The clock the daemon should use: SystemClock, or a ScaledClock when
// NEWSALERT_TEST_CLOCK is set. Fails on a malformed variable.
Result<std::shared_ptr<const Clock>> MakeClockFromEnvironment();

}  // namespace newsalert
