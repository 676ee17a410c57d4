#include "base/time_format.h"

#include <fmt/format.h>

namespace newsalert {
namespace {

struct CivilTime {
  int year, month, day, hour, minute, second, millisecond, weekday;
};

CivilTime ToCivil(TimePoint time) {
  using namespace std::chrono;
  auto millis = floor<milliseconds>(time);
  auto days = floor<std::chrono::days>(millis);
  year_month_day ymd{days};
  hh_mm_ss<milliseconds> hms{millis - days};
  weekday wd{days};
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          static_cast<int>(hms.seconds().count()),
          static_cast<int>(hms.subseconds().count()),
          static_cast<int>(wd.c_encoding())};
}

}  // namespace

std::string FormatRfc3339(TimePoint time) {
  CivilTime t = ToCivil(time);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day,
                     t.hour, t.minute, t.second);
}

std::string FormatRfc3339Millis(TimePoint time) {
  CivilTime t = ToCivil(time);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", t.year, t.month,
                     t.day, t.hour, t.minute, t.second, t.millisecond);
}

std::string FormatRfc5322(TimePoint time) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed",
                                          "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  CivilTime t = ToCivil(time);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[t.weekday],
                     t.day, kMonths[t.month - 1], t.year, t.hour, t.minute, t.second);
}

std::int64_t ToUnixMillis(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch())
      .count();
}

TimePoint FromUnixMillis(std::int64_t millis) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(
      std::chrono::milliseconds(millis)));
}

}  // namespace newsalert
