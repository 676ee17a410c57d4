#include "feed/feed_date.h"

#include <gtest/gtest.h>

#include "feed/feed_json.h"

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

namespace newsalert::feed {
namespace {

std::string Utc(std::string_view text) {
  std::optional<Timestamp> parsed = ParseFeedDate(text);
  return parsed ? FormatFeedTimestamp(*parsed) : "(none)";
}

TEST(FeedDate, Rfc822VariantsFeedsWrite) {
  const std::pair<const char*, const char*> cases[] = {
      {"Fri,24 Nov 2023 18:28:36 -0000", "2023-11-24T18:28:36Z"},      // No space after ','.
      {"24 Nov 2023 18:28:36", "2023-11-24T18:28:36Z"},                // No weekday, no zone.
      {"Nov 24 2023 18:28:36 GMT", "2023-11-24T18:28:36Z"},            // Month first.
      {"November 24, 2023 6:28 pm EST", "2023-11-24T23:28:00Z"},       // US style, 12 hours.
      {"Fri, 24 Nov 2023", "2023-11-24T00:00:00Z"},                    // Date only.
      {"Fri, 24 Nov 23 18:28:36 +01:00", "2023-11-24T17:28:36Z"},      // Colon in the zone.
      {"Fri, 24 Nov 2023 18:28:36 GMT+0700", "2023-11-24T11:28:36Z"},
      {"Fri, 24 Nov 2023 18:28:36 UTC-5", "2023-11-24T23:28:36Z"},
      {"Fri, 24 Nov 2023 18:28:36 Etc/GMT", "2023-11-24T18:28:36Z"},
      {"Fri, 24 Nov 2023 18:28:36 ICT", "2023-11-24T11:28:36Z"},       // Indochina (Laos).
      {"Fri, 24 Nov 2023 18:28:36 KST", "2023-11-24T09:28:36Z"},
      {"Fri, 24 Nov 2023 18:28:36 +0000 (UTC)", "2023-11-24T18:28:36Z"},  // Comment.
      {"Fri, 24 Nov 2023 18:28:36 XYZ", "2023-11-24T18:28:36Z"},       // Unknown zone: UTC.
      {"Fri, 24 Nov 2023 18:28:36 A", "2023-11-24T19:28:36Z"},         // RFC 822: A = -1.
      {"Fri, 24 Nov 2023 18:28:36 N", "2023-11-24T17:28:36Z"},         // N = +1.
      {"Fri, 24 Nov 2023 18:28:36 Z", "2023-11-24T18:28:36Z"},
      {"Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z"},        // asctime.
      {"Sun Jan 4 16:29:06 2004", "2004-01-04T16:29:06Z"},
      {"Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"},        // Perforce.
      {"05-Nov-2024 10:00:00 GMT", "2024-11-05T10:00:00Z"},
      {"Tue, 05 Nov 99 10:00:00 GMT", "1999-11-05T10:00:00Z"},         // 2-digit years.
      {"Tue, 05 Nov 24 10:00:00 GMT", "2024-11-05T10:00:00Z"},
      {"Tue, 05 Nov 124 10:00:00 GMT", "2024-11-05T10:00:00Z"},        // year - 1900.
      {"Tue, 05 Nov 2024 24:00:00 GMT", "2024-11-06T00:00:00Z"},
      {"Tue, 30 Jun 2015 23:59:60 GMT", "2015-06-30T23:59:59Z"},       // Leap second.
      {"Mar, 14 oct. 2014 08:00 +0200", "2014-10-14T06:00:00Z"},       // French.
      {"Dienstag, 05 März 2024 10:00:00 +0100", "2024-03-05T09:00:00Z"},  // German.
      {"mié, 06 dic 2023 10:00:00 GMT", "2023-12-06T10:00:00Z"},       // Spanish.
      {"Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00Z"},      // Greek.
  };
  for (const auto& [text, utc] : cases) EXPECT_EQ(Utc(text), utc) << text;
}

TEST(FeedDate, Iso8601AndW3cdtfForms) {
  const std::pair<const char*, const char*> cases[] = {
      {"2004-01-05", "2004-01-05T00:00:00Z"},
      {"2004-01", "2004-01-01T00:00:00Z"},
      {"2004", "2004-01-01T00:00:00Z"},
      {"20040105", "2004-01-05T00:00:00Z"},
      {"2004-005", "2004-01-05T00:00:00Z"},                   // Ordinal date.
      {"2004-01-05T12:34Z", "2004-01-05T12:34:00Z"},
      {"2004-01-05T12:34:56.789123+05:30", "2004-01-05T07:04:56Z"},
      {"2004-01-05T12:34:56,5-0800", "2004-01-05T20:34:56Z"},
      {"2004-01-05T12:34:56+05", "2004-01-05T07:34:56Z"},
      {"2004-01-05 12:34:56 +0000", "2004-01-05T12:34:56Z"},  // SQL style.
      {"2004-01-05t12:34:56z", "2004-01-05T12:34:56Z"},
      {"2004-01-05T12:34:56 EST", "2004-01-05T17:34:56Z"},
      {"2004/01/05 12:34:56", "2004-01-05T12:34:56Z"},
      {"2004-július-13T9:15-05:00", "2004-07-13T14:15:00Z"},  // Hungarian.
  };
  for (const auto& [text, utc] : cases) EXPECT_EQ(Utc(text), utc) << text;
}

TEST(FeedDate, KoreanBlogFormatsAreKst) {
  EXPECT_EQ(Utc("2004년 05월 28일  01:31:15"), "2004-05-27T16:31:15Z");
  EXPECT_EQ(Utc("2004-05-25 오후 11:23:17"), "2004-05-25T14:23:17Z");
  EXPECT_EQ(Utc("2004-05-25 오전 11:23:17"), "2004-05-25T02:23:17Z");
}

TEST(FeedDate, NonsenseIsAbsent) {
  for (const char* text :
       {"0000-00-00", "2004-02-30", "2003-366", "Fri, 31 Feb 2023 10:00:00 GMT", "10:00",
        "Nov 2023", "2004-01-05T12:34:56+25:00", "Fri, 24 Nov 2023 18:61:00 GMT",
        "Fri, 2022222222222 Nov 2023", "20222222222-Nov-2023", "2022222222222/01/01",
        "Fri, 24 Nov 2023 18:28:36 +0000 extra words that go on and on and on and on and on "
        "and on and on and on and on"}) {
    EXPECT_EQ(Utc(text), "(none)") << text;
  }
}

}  // namespace
}  // namespace newsalert::feed
