#include "notify/delivery_policy.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "base/time_format.h"
#include "notify/alert_payload.h"

namespace newsalert::notify {
namespace {

using namespace std::chrono_literals;

// Sets TZ for one test and restores it afterwards.
class ZoneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("TZ");
    if (old != nullptr) saved_ = old;
  }
  void TearDown() override {
    if (saved_) {
      setenv("TZ", saved_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  static bool Use(const char* zone) {
    if (std::string(zone) != "UTC" &&
        !std::filesystem::exists(std::string("/usr/share/zoneinfo/") + zone)) {
      return false;
    }
    setenv("TZ", zone, 1);
    tzset();
    return true;
  }
  static TimePoint At(int year, unsigned month, unsigned day, int hour, int minute) {
    return std::chrono::sys_days{std::chrono::year{year} / month / day} + std::chrono::hours(hour) +
           std::chrono::minutes(minute);
  }

  std::optional<std::string> saved_;
};

config::ChannelConfig Channel(config::DeliveryMode mode, int digest_minute = 8 * 60) {
  config::ChannelConfig channel;
  channel.name = "digest";
  channel.mode = mode;
  channel.digest_minute = digest_minute;
  return channel;
}

TEST_F(ZoneTest, ImmediateChannelsHaveNoWindow) {
  EXPECT_FALSE(WindowAt(Channel(config::DeliveryMode::kImmediate), At(2024, 11, 5, 8, 0)));
}

TEST_F(ZoneTest, HourlyWindowsEndAtTheNextFullHour) {
  ASSERT_TRUE(Use("UTC"));
  std::optional<DigestWindow> window =
      WindowAt(Channel(config::DeliveryMode::kHourly), At(2024, 11, 5, 8, 17));
  ASSERT_TRUE(window);
  EXPECT_EQ(FormatRfc3339(window->start), "2024-11-05T08:00:00Z");
  EXPECT_EQ(FormatRfc3339(window->end), "2024-11-05T09:00:00Z");
  if (Use("Asia/Kolkata")) {  // UTC+05:30: local full hours fall on half hours.
    window = WindowAt(Channel(config::DeliveryMode::kHourly), At(2024, 11, 5, 8, 17));
    EXPECT_EQ(FormatRfc3339(window->end), "2024-11-05T08:30:00Z");
  }
}

TEST_F(ZoneTest, DailyWindowsEndAtDigestAtLocalTime) {
  ASSERT_TRUE(Use("UTC"));
  config::ChannelConfig daily = Channel(config::DeliveryMode::kDaily, 8 * 60);
  EXPECT_EQ(FormatRfc3339(WindowAt(daily, At(2024, 11, 5, 7, 59))->end), "2024-11-05T08:00:00Z");
  EXPECT_EQ(FormatRfc3339(WindowAt(daily, At(2024, 11, 5, 8, 0))->end), "2024-11-06T08:00:00Z");
  if (Use("Asia/Seoul")) {  // 08:00 in Seoul is 23:00 UTC the day before.
    std::optional<DigestWindow> window = WindowAt(daily, At(2024, 11, 5, 12, 0));
    EXPECT_EQ(FormatRfc3339(window->start), "2024-11-04T23:00:00Z");
    EXPECT_EQ(FormatRfc3339(window->end), "2024-11-05T23:00:00Z");
  }
}

TEST_F(ZoneTest, DaylightSavingDaysHaveTheirRealLength) {
  if (!Use("Europe/Berlin")) GTEST_SKIP() << "no tzdata for Europe/Berlin";
  config::ChannelConfig daily = Channel(config::DeliveryMode::kDaily, 8 * 60);
  // 2024-03-31: clocks go from 02:00 to 03:00; that day is 23 hours long.
  std::optional<DigestWindow> window = WindowAt(daily, At(2024, 3, 31, 0, 0));
  EXPECT_EQ(FormatRfc3339(window->start), "2024-03-30T07:00:00Z");  // 08:00 CET.
  EXPECT_EQ(FormatRfc3339(window->end), "2024-03-31T06:00:00Z");    // 08:00 CEST.
  // A digest_at inside the skipped hour fires right after it.
  config::ChannelConfig skipped = Channel(config::DeliveryMode::kDaily, 2 * 60 + 30);
  window = WindowAt(skipped, At(2024, 3, 30, 23, 0));  // 00:00 CET on the 31st.
  EXPECT_GT(window->end, At(2024, 3, 30, 23, 0));
  EXPECT_LE(window->end - At(2024, 3, 30, 23, 0), 3h);
}

TEST(DeliveryPolicy, RecordPolicyCarriesEveryChannelAndBuildsFloodSummaries) {
  config::Config config;
  config.channels.push_back(Channel(config::DeliveryMode::kImmediate));
  config.channels.back().name = "now";
  config.channels.back().flood_threshold = 5;
  config.channels.push_back(Channel(config::DeliveryMode::kHourly));
  config::FeedConfig feed;
  feed.name = "Archive";
  feed.url = "https://archive.example/rss";
  TimePoint now = std::chrono::system_clock::now();
  store::RecordPolicy policy = MakeRecordPolicy(config, feed, now);
  EXPECT_FALSE(policy.channels["now"].hold_until);
  EXPECT_EQ(policy.channels["now"].flood_threshold, 5);
  ASSERT_TRUE(policy.channels["digest"].hold_until);
  EXPECT_GT(*policy.channels["digest"].hold_until, ToUnixMillis(now));

  std::vector<store::AlertDraft> members;
  for (int i = 0; i < 7; ++i) {
    AlertContent alert;
    alert.id = "nla_" + std::to_string(i);
    alert.filter_name = i % 2 ? "b" : "a";
    alert.title = "T" + std::to_string(i);
    members.push_back(store::AlertDraft{"now", alert.id, SerializeAlert(alert)});
  }
  store::GroupDraft summary = policy.flood_summary("now", members);
  EXPECT_EQ(summary.filter, "a, b");
  Result<AlertDocument> document = ParseDocument(summary.payload);
  ASSERT_TRUE(document.ok());
  ASSERT_TRUE(document->is_group);
  EXPECT_EQ(document->group.type, "flood");
  EXPECT_EQ(document->group.count, 7u);
  EXPECT_EQ(document->group.feed_name, "Archive");
  ASSERT_EQ(document->group.alerts.size(), 7u);
  EXPECT_EQ(document->group.alerts[6].id, "nla_6");  // Each alert keeps its own id.
}

}  // namespace
}  // namespace newsalert::notify
