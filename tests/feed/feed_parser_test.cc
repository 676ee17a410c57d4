#include "feed/feed_parser.h"

#include <gtest/gtest.h>

#include "base/strings.h"

namespace newsalert::feed {
namespace {

FeedDocument MustParse(std::string_view bytes, std::string base_url = "") {
  ParseOptions options;
  options.base_url = std::move(base_url);
  Result<FeedDocument> document = ParseFeed(bytes, options);
  EXPECT_TRUE(document.ok()) << document.status().message();
  return document.ok() ? *document : FeedDocument{};
}

TEST(FeedParser, ReadsRss2ItemsWithNamespaces) {
  FeedDocument doc = MustParse(R"(<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Desk</title><link>https://desk.example/</link><description>d</description>
<item><title>One &amp; two</title><link>https://desk.example/1</link>
<guid isPermaLink="false">id-1</guid><pubDate>Tue, 04 Jun 2013 08:30:00 +0200</pubDate>
<dc:creator>Jane Doe</dc:creator><category>Asia</category><category>Laos</category>
<description><![CDATA[<p>Summary</p>]]></description>
<content:encoded><![CDATA[<p>Full <b>text</b></p>]]></content:encoded></item>
</channel></rss>)");
  EXPECT_EQ(doc.format, FeedFormat::kRss2);
  EXPECT_EQ(doc.feed.title, "Desk");
  ASSERT_EQ(doc.entries.size(), 1u);
  const Entry& entry = doc.entries[0];
  EXPECT_EQ(entry.title, "One & two");
  EXPECT_EQ(entry.link, "https://desk.example/1");
  EXPECT_EQ(entry.id, "id-1");
  EXPECT_EQ(entry.author.name, "Jane Doe");
  EXPECT_EQ(entry.categories, (std::vector<std::string>{"Asia", "Laos"}));
  EXPECT_EQ(entry.summary, "<p>Summary</p>");
  EXPECT_EQ(entry.content, "<p>Full <b>text</b></p>");
  ASSERT_TRUE(entry.published);
  EXPECT_EQ(entry.published->time_since_epoch().count(), 1370327400);  // 06:30 UTC
}

TEST(FeedParser, UsesPermalinkGuidAsLinkWhenThereIsNoLink) {
  FeedDocument doc = MustParse(
      "<rss version=\"2.0\"><channel><item><title>t</title>"
      "<guid>https://desk.example/story</guid></item>"
      "<item><title>u</title><guid isPermaLink=\"false\">https://desk.example/x</guid></item>"
      "</channel></rss>");
  ASSERT_EQ(doc.entries.size(), 2u);
  EXPECT_EQ(doc.entries[0].link, "https://desk.example/story");
  EXPECT_EQ(doc.entries[1].link, "");
}

TEST(FeedParser, ReadsAtomWithAlternateLinkAndRelativeUrls) {
  FeedDocument doc = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example/news/">
<title>Wire</title><id>tag:wire</id>
<entry><title type="html">A &lt;b&gt;bold&lt;/b&gt; move</title>
<link rel="self" href="/self/1"/><link rel="alternate" type="text/html" href="2013/story"/>
<id>tag:wire:1</id><updated>2013-06-04T07:10:00+07:00</updated>
<author><name>Wire staff</name><email>w@wire.example</email></author>
<category term="asia"/><summary type="text">plain &lt;text&gt;</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p></div></content>
</entry></feed>)",
                               "https://ignored.example/feed");
  EXPECT_EQ(doc.format, FeedFormat::kAtom10);
  ASSERT_EQ(doc.entries.size(), 1u);
  const Entry& entry = doc.entries[0];
  EXPECT_EQ(entry.title, "A <b>bold</b> move");
  EXPECT_EQ(entry.title_kind, TextKind::kHtml);
  EXPECT_EQ(entry.link, "https://wire.example/news/2013/story");
  EXPECT_EQ(entry.summary, "plain <text>");
  EXPECT_EQ(entry.summary_kind, TextKind::kText);
  EXPECT_EQ(entry.content, "<p>Hi</p>");
  EXPECT_EQ(entry.author.email, "w@wire.example");
  ASSERT_TRUE(entry.updated);
  EXPECT_EQ(entry.updated->time_since_epoch().count(), 1370304600);  // 00:10 UTC
}

TEST(FeedParser, ReadsJsonFeed) {
  FeedDocument doc = MustParse(R"({"version": "https://jsonfeed.org/version/1.1",
    "title": "J", "items": [{"id": "1", "url": "https://j.example/1", "title": "T",
    "content_html": "<p>x</p>", "date_published": "2013-06-04T03:00:00+07:00",
    "authors": [{"name": "Ann"}], "tags": ["a"]}]})");
  EXPECT_EQ(doc.format, FeedFormat::kJson);
  ASSERT_EQ(doc.entries.size(), 1u);
  EXPECT_EQ(doc.entries[0].content, "<p>x</p>");
  EXPECT_EQ(doc.entries[0].author.name, "Ann");
  EXPECT_EQ(doc.entries[0].published->time_since_epoch().count(), 1370289600);
}

TEST(FeedParser, KeepsItemsBeforeAnXmlErrorAndDropsTheCutOne) {
  std::string xml =
      "<rss version=\"2.0\"><channel>"
      "<item><title>complete one</title><guid>1</guid></item>"
      "<item><title>complete two</title><guid>2</guid></item>"
      "<item><title>cut thr";
  FeedDocument doc = MustParse(xml);
  ASSERT_EQ(doc.entries.size(), 2u);
  EXPECT_EQ(doc.entries[1].title, "complete two");
  EXPECT_FALSE(doc.warnings.empty());
}

TEST(FeedParser, EntitiesFromADtdAreNeverExpanded) {
  std::string xml =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol \"lol\">"
      "<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>"
      "<rss version=\"2.0\"><channel><item><title>&lol; &xxe;</title></item></channel></rss>";
  FeedDocument doc = MustParse(xml);
  ASSERT_EQ(doc.entries.size(), 1u);
  EXPECT_EQ(doc.entries[0].title.find("lol lol"), std::string::npos);
}

TEST(FeedParser, RejectsDocumentsNestedTooDeep) {
  std::string xml = "<rss version=\"2.0\"><channel>";
  for (int i = 0; i < 300; ++i) xml += "<x>";
  Result<FeedDocument> document = ParseFeed(xml, ParseOptions{});
  ASSERT_FALSE(document.ok());
  EXPECT_NE(document.status().message().find("nested deeper than 256"), std::string::npos);
}

TEST(FeedParser, ConvertsDeclaredCharsetsToUtf8) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
      "<rss version=\"2.0\"><channel><item><title>R\xE9" "fugi\xE9s</title></item></channel></rss>";
  FeedDocument doc = MustParse(xml);
  ASSERT_EQ(doc.entries.size(), 1u);
  EXPECT_EQ(doc.entries[0].title, "Réfugiés");
}

TEST(FeedParser, InvalidCharacterReferencesNeverLeaveInvalidUtf8) {
  FeedDocument doc = MustParse(
      "<rss version=\"2.0\"><channel><item><title>a&#xD800;b&#x110000;c</title></item>"
      "</channel></rss>");
  ASSERT_EQ(doc.entries.size(), 1u);
  EXPECT_TRUE(IsValidUtf8(doc.entries[0].title));
}

TEST(FeedParser, NotAFeedIsAnError) {
  EXPECT_FALSE(ParseFeed("<html><body>hi</body></html>", ParseOptions{}).ok());
  EXPECT_FALSE(ParseFeed("", ParseOptions{}).ok());
  EXPECT_FALSE(ParseFeed("{\"a\": 1}", ParseOptions{}).ok());
}

}  // namespace
}  // namespace newsalert::feed
