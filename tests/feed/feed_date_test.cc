#include "feed/feed_date.h"

#include <gtest/gtest.h>

namespace newsalert::feed {
namespace {

// 2013-06-04T08:30:00Z
constexpr long long kReference = 1370334600;

TEST(FeedDate, ParsesRealWorldVariantsToUtc) {
  const char* same_instant[] = {
      "Tue, 04 Jun 2013 08:30:00 +0000",
      "Tue, 04 Jun 2013 08:30:00 GMT",
      "Tue, 04 Jun 2013 08:30:00 UT",
      "Tue, 4 Jun 2013 08:30:00 Z",
      "04 Jun 2013 08:30:00 +0000",
      "Tuesday, 04 June 2013 08:30:00 GMT",
      "Tue, 04 Jun 2013 10:30:00 +0200",
      "Tue, 04 Jun 2013 04:30:00 EDT",
      "Tue, 04 Jun 2013 01:30:00 PDT",
      "Tue, 04 Jun 13 08:30:00 GMT",
      "Tue, 04 Jun 2013 08:30 GMT",
      "Tue, 04 Jun 2013 15:30:00 +07:00",
      "2013-06-04T08:30:00Z",
      "2013-06-04T08:30:00.123Z",
      "2013-06-04T15:30:00+07:00",
      "2013-06-04 08:30:00",
      "2013-06-04T08:30:00",
      "20130604T083000Z",
  };
  for (const char* text : same_instant) {
    std::optional<Timestamp> parsed = ParseFeedDate(text);
    ASSERT_TRUE(parsed) << text;
    EXPECT_EQ(parsed->time_since_epoch().count(), kReference) << text;
  }
}

TEST(FeedDate, DateOnlyMeansMidnightUtc) {
  EXPECT_EQ(ParseFeedDate("2013-06-04")->time_since_epoch().count(), 1370304000);
}

TEST(FeedDate, UnparseableDatesAreAbsentNotNow) {
  for (const char* text : {"", "yesterday", "Tue, 32 Jun 2013 08:30:00 GMT",
                           "2013-13-01T00:00:00Z", "not a date 12:00", "2013-06-04T25:00:00Z"}) {
    EXPECT_FALSE(ParseFeedDate(text)) << text;
  }
}

}  // namespace
}  // namespace newsalert::feed
