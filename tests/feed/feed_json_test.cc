// The JSON view `newsalert inspect` prints (feed/feed_json.h).
#include "feed/feed_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "feed/feed_parser.h"

namespace newsalert::feed {
namespace {

using Json = nlohmann::json;

Json Inspect(std::string_view bytes, std::string base_url = "") {
  ParseOptions options;
  options.base_url = std::move(base_url);
  Result<FeedDocument> doc = ParseFeed(bytes, options);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? Json::parse(FeedDocumentJson(*doc)) : Json();
}

TEST(FeedJson, HasTheDocumentedShapeAndOmitsAbsentFields) {
  Json json = Inspect(R"(<feed xmlns="http://www.w3.org/2005/Atom">
    <title>F</title><id>tag:f</id><updated>2024-11-05T12:00:00+07:00</updated>
    <author><name>A</name><email>a@x.example</email></author><category term="c"/>
    <entry><title>E</title><id>tag:e</id><published>2024-11-05T01:02:03Z</published>
      <summary type="html">&lt;p&gt;s&lt;/p&gt;</summary></entry>
    <entry><title>Only a title</title></entry></feed>)");
  EXPECT_EQ(json["format"], "atom10");
  EXPECT_EQ(json["feed"]["title"], "F");
  EXPECT_EQ(json["feed"]["id"], "tag:f");
  EXPECT_EQ(json["feed"]["updated"], "2024-11-05T05:00:00Z");
  EXPECT_EQ(json["feed"]["author"], (Json{{"name", "A"}, {"email", "a@x.example"}}));
  EXPECT_EQ(json["feed"]["categories"], Json::array({"c"}));
  EXPECT_FALSE(json["feed"].contains("link"));
  ASSERT_EQ(json["entries"].size(), 2u);
  EXPECT_EQ(json["entries"][0]["published"], "2024-11-05T01:02:03Z");
  EXPECT_EQ(json["entries"][0]["summary"], "<p>s</p>");
  EXPECT_EQ(json["entries"][1], (Json{{"title", "Only a title"}}));
  EXPECT_FALSE(json.contains("warnings"));
}

TEST(FeedJson, ResolvesRelativeReferencesInsideHtmlButNotInText) {
  Json json = Inspect(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://x.example/a/">
    <entry><summary type="html">&lt;a href="b.html"&gt;b&lt;/a&gt; &lt;img src='/i.png'&gt;</summary>
    <content type="text">&lt;a href="b.html"&gt;</content></entry></feed>)");
  EXPECT_EQ(json["entries"][0]["summary"],
            "<a href=\"http://x.example/a/b.html\">b</a> <img src='http://x.example/i.png'>");
  EXPECT_EQ(json["entries"][0]["content"], "<a href=\"b.html\">");
}

TEST(FeedJson, ReportsWarnings) {
  Json json = Inspect("<rss><channel><item><title>a</title></item><item><title>cut");
  ASSERT_TRUE(json.contains("warnings"));
  EXPECT_EQ(json["entries"].size(), 1u);
}

TEST(FeedJson, FormatsTimestampsInUtc) {
  EXPECT_EQ(FormatFeedTimestamp(Timestamp(std::chrono::seconds(0))), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatFeedTimestamp(Timestamp(std::chrono::seconds(4102444799))),
            "2099-12-31T23:59:59Z");
}

}  // namespace
}  // namespace newsalert::feed
