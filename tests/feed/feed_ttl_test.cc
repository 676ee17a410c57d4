#include <gtest/gtest.h>

#include "feed/feed_parser.h"

namespace newsalert::feed {
namespace {

std::optional<int> TtlOf(const std::string& ttl) {
  std::string xml = "<rss version=\"2.0\"><channel><title>t</title>" + ttl +
                    "<item><title>a</title></item></channel></rss>";
  Result<FeedDocument> document = ParseFeed(xml, ParseOptions{});
  EXPECT_TRUE(document.ok());
  return document.ok() ? document->feed.ttl_minutes : std::nullopt;
}

TEST(FeedTtl, ReadsRssTtlInMinutes) {
  EXPECT_EQ(TtlOf("<ttl>60</ttl>"), 60);
  EXPECT_EQ(TtlOf("<ttl> 15 </ttl>"), 15);
  EXPECT_EQ(TtlOf(""), std::nullopt);
  EXPECT_EQ(TtlOf("<ttl>0</ttl>"), std::nullopt);
  EXPECT_EQ(TtlOf("<ttl>soon</ttl>"), std::nullopt);
  EXPECT_EQ(TtlOf("<ttl>99999999</ttl>"), std::nullopt);
}

}  // namespace
}  // namespace newsalert::feed
