#include "net/http_headers.h"

#include <gtest/gtest.h>

namespace newsalert::net {
namespace {

using namespace std::chrono_literals;

TEST(ParseRetryAfter, ReadsSecondsAndHttpDates) {
  TimePoint now = std::chrono::system_clock::from_time_t(1370334600);  // 2013-06-04T08:30:00Z
  EXPECT_EQ(ParseRetryAfter("120", now), Duration(120s));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), Duration(0s));
  EXPECT_EQ(ParseRetryAfter("Tue, 04 Jun 2013 09:30:00 GMT", now), Duration(1h));
  EXPECT_EQ(ParseRetryAfter("Tuesday, 04-Jun-13 09:30:00 GMT", now), Duration(1h));
  EXPECT_EQ(ParseRetryAfter("Tue Jun  4 09:30:00 2013", now), Duration(1h));
  EXPECT_EQ(ParseRetryAfter("Mon, 03 Jun 2013 08:30:00 GMT", now), Duration(0s)) << "past";
  EXPECT_EQ(ParseRetryAfter("864000", now), Duration(240h)) << "clamped by the scheduler";
}

TEST(ParseRetryAfter, IgnoresGarbage) {
  TimePoint now = std::chrono::system_clock::from_time_t(1370334600);
  for (const char* value : {"", "soon", "-5", "1.5", "12abc", "later, please"}) {
    EXPECT_EQ(ParseRetryAfter(value, now), std::nullopt) << value;
  }
}

TEST(ParseCacheControlMaxAge, FindsTheDirective) {
  EXPECT_EQ(ParseCacheControlMaxAge("max-age=600"), Duration(600s));
  EXPECT_EQ(ParseCacheControlMaxAge("public, Max-Age=\"60\", must-revalidate"), Duration(60s));
  EXPECT_EQ(ParseCacheControlMaxAge("s-maxage=600"), std::nullopt);
  EXPECT_EQ(ParseCacheControlMaxAge("no-cache"), std::nullopt);
  EXPECT_EQ(ParseCacheControlMaxAge("max-age=-1"), std::nullopt);
}

}  // namespace
}  // namespace newsalert::net
