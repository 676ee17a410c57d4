#include "base/duration.h"

#include <gtest/gtest.h>

namespace newsalert {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesUnitsAndCombinations) {
  struct Case {
    const char* text;
    Duration expected;
  } cases[] = {
      {"90s", 90s}, {"15m", 15min}, {"1h", 1h}, {"1h30m", 90min}, {"2d", 48h},
      {"500ms", 500ms}, {"0s", 0s}, {"1s", 1s},
  };
  for (const Case& c : cases) {
    Result<Duration> parsed = ParseDuration(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.status().message();
    EXPECT_EQ(*parsed, c.expected) << c.text;
  }
}

TEST(Duration, RejectsMissingOrUnknownUnitsWithAHint) {
  for (const char* text : {"", "10", "10x", "m", "1h m", "-5s", "1.5h"}) {
    Result<Duration> parsed = ParseDuration(text);
    EXPECT_FALSE(parsed.ok()) << text;
  }
  EXPECT_EQ(ParseDuration("10").status().message(),
            "invalid duration \"10\": missing unit (use e.g. \"90s\", \"15m\", \"1h30m\")");
}

TEST(Duration, FormatsTheShortestExactForm) {
  EXPECT_EQ(FormatDuration(90s), "1m30s");
  EXPECT_EQ(FormatDuration(0s), "0s");
  EXPECT_EQ(FormatDuration(24h), "1d");
  EXPECT_EQ(FormatDuration(1500ms), "1s500ms");
}

}  // namespace
}  // namespace newsalert
