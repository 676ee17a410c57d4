#include "notify/alert_payload.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace newsalert::notify {
namespace {

TEST(AlertPayload, SerialisesTheDocumentedVersionOneShape) {
  AlertContent alert;
  alert.id = "nla_01";
  alert.filter_name = "nk";
  alert.filter_query = "laos";
  alert.title = "Réfugiés \"quoted\"";
  alert.link = "https://x/1";
  alert.published = "2013-06-04T08:30:00Z";
  alert.categories = {"Asia"};
  alert.summary = "S";
  alert.feed_name = "F";
  alert.feed_url = "https://x/feed";
  alert.matched = {"laos"};
  alert.snippet = "in **Laos**";
  alert.detected_at = "2026-01-01T00:00:00Z";
  std::string json = SerializeAlert(alert);
  EXPECT_EQ(json,
            "{\"version\":1,\"type\":\"alert\",\"id\":\"nla_01\",\"filter\":{\"name\":\"nk\",\"query\":\"laos\"},"
            "\"item\":{\"title\":\"Réfugiés \\\"quoted\\\"\",\"link\":\"https://x/1\","
            "\"published\":\"2013-06-04T08:30:00Z\",\"author\":null,\"categories\":[\"Asia\"],"
            "\"summary\":\"S\"},\"feed\":{\"name\":\"F\",\"url\":\"https://x/feed\"},"
            "\"matched\":[\"laos\"],\"snippet\":\"in **Laos**\","
            "\"detected_at\":\"2026-01-01T00:00:00Z\"}");
  Result<AlertContent> parsed = ParseAlert(json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->title, alert.title);
  EXPECT_EQ(parsed->published, alert.published);
  EXPECT_FALSE(parsed->author);
}

TEST(AlertPayload, LongSummariesAreCutWithoutBreakingUtf8) {
  AlertContent alert;
  alert.summary = std::string(2000, 'a') + "é";
  nlohmann::json document = nlohmann::json::parse(SerializeAlert(alert));
  EXPECT_LE(document["item"]["summary"].get<std::string>().size(), kPayloadSummaryBytes + 3);
}

}  // namespace
}  // namespace newsalert::notify
