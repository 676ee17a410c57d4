#include "feed/feed_parser.h"

#include <gtest/gtest.h>

#include "base/strings.h"
#include "feed/feed_json.h"

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
  FeedDocument doc =
      MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example/news/">
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

// C1 controls in UTF-8 text are windows-1252 characters (as browsers read
// them); other U+0080..U+00FF characters stay; a lone 0xC2 is invalid.
TEST(FeedParser, MapsC1ControlsToWindows1252) {
  FeedDocument doc = MustParse(
      "<rss version=\"2.0\"><channel><item><title>\xC2\x93quoted\xC2\x94 \xC2\xA9 "
      "\xC2\xC2\x80 x\xC2\x85</title><description>\xC2\xAB ok \xC2\xBB</description>"
      "</item></channel></rss>");
  ASSERT_EQ(doc.entries.size(), 1u);
  EXPECT_EQ(doc.entries[0].title, "\u201Cquoted\u201D \u00A9 \uFFFD\u20AC x\u2026");
  EXPECT_EQ(doc.entries[0].summary, "\u00AB ok \u00BB");
}

// The document element is at depth 0; 256 levels below it pass, 257 do not.
TEST(FeedParser, DepthLimitIsExact) {
  auto nested = [](int levels, bool with_text) {
    std::string xml = "<rss version=\"2.0\"><channel><item><title>t</title></item>";
    for (int i = 2; i <= levels; ++i) xml += "<x>";
    if (with_text) xml += "text";
    for (int i = 2; i <= levels; ++i) xml += "</x>";
    return xml + "</channel></rss>";
  };
  EXPECT_TRUE(ParseFeed(nested(256, false), ParseOptions{}).ok());
  EXPECT_FALSE(ParseFeed(nested(257, false), ParseOptions{}).ok());
  // A text node counts as a level of its own.
  EXPECT_TRUE(ParseFeed(nested(255, true), ParseOptions{}).ok());
  EXPECT_FALSE(ParseFeed(nested(256, true), ParseOptions{}).ok());
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

namespace newsalert::feed {
namespace {

Entry OnlyEntry(std::string_view bytes, std::string base_url = "") {
  FeedDocument doc = MustParse(bytes, std::move(base_url));
  EXPECT_EQ(doc.entries.size(), 1u);
  return doc.entries.empty() ? Entry{} : doc.entries[0];
}

TEST(FeedParserFormats, DetectsEveryFormatFromContent) {
  struct Case {
    const char* xml;
    FeedFormat format;
  };
  const Case cases[] = {
      {"<rss version=\"0.91\"><channel><item><title>t</title></item></channel></rss>",
       FeedFormat::kRss2},
      {"<rss><channel><item><title>t</title></item></channel></rss>", FeedFormat::kRss2},
      {"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
       "xmlns=\"http://purl.org/rss/1.0/\"><channel/><item><title>t</title></item></rdf:RDF>",
       FeedFormat::kRss1},
      {"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
       "xmlns=\"http://my.netscape.com/rdf/simple/0.9/\"><item><title>t</title></item></rdf:RDF>",
       FeedFormat::kRss1},
      {"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title></entry></feed>",
       FeedFormat::kAtom10},
      {"<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry><title>t</title>"
       "</entry></feed>",
       FeedFormat::kAtom03},
      {"<feed><entry><title>t</title></entry></feed>", FeedFormat::kAtom10},
      {"<CHANNEL><ITEM HREF=\"http://x.example/\"><TITLE>t</TITLE></ITEM></CHANNEL>",
       FeedFormat::kRss2},
  };
  for (const Case& c : cases) {
    FeedDocument doc = MustParse(c.xml);
    EXPECT_EQ(doc.format, c.format) << c.xml;
    ASSERT_EQ(doc.entries.size(), 1u) << c.xml;
    EXPECT_EQ(doc.entries[0].title, "t") << c.xml;
  }
}

TEST(FeedParserRss, NamespacedRssAndUserlandNamespaces) {
  FeedDocument doc = MustParse(
      "<r:rss xmlns:r=\"http://backend.userland.com/rss2\"><r:channel><r:title>T</r:title>"
      "<r:item><r:title>I</r:title><r:description>D</r:description>"
      "<x:description xmlns:x=\"http://example.com/other\">wrong</x:description>"
      "</r:item></r:channel></r:rss>");
  EXPECT_EQ(doc.feed.title, "T");
  ASSERT_EQ(doc.entries.size(), 1u);
  EXPECT_EQ(doc.entries[0].summary, "D");
}

TEST(FeedParserRss, ExtensionsFillWhatRssLeavesOut) {
  Entry entry = OnlyEntry(R"(<rss xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:media="http://search.yahoo.com/mrss/" xmlns:itunes="http://www.itunes.com/DTDs/PodCast-1.0.dtd"
      xmlns:atom="http://www.w3.org/2005/Atom" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
    <channel><item>
      <media:title>media title</media:title><dc:title>dc title</dc:title>
      <itunes:summary>itunes summary</itunes:summary>
      <dc:date>2024-11-05T10:00:00Z</dc:date>
      <atom:link rel="alternate" href="https://x.example/a"/>
      <feedburner:origLink>https://x.example/original</feedburner:origLink>
      <itunes:author>Host</itunes:author>
      <itunes:keywords>laos, vientiane</itunes:keywords>
      <itunes:category text="News"><itunes:category text="Politics"/></itunes:category>
      <media:group><media:category>media cat</media:category></media:group>
    </item></channel></rss>)");
  EXPECT_EQ(entry.title, "dc title");  // Dublin Core ranks above Media RSS.
  EXPECT_EQ(entry.summary, "itunes summary");
  EXPECT_EQ(entry.link, "https://x.example/original");  // The article behind the proxy.
  EXPECT_EQ(entry.author.name, "Host");
  ASSERT_TRUE(entry.updated);
  EXPECT_EQ(FormatFeedTimestamp(*entry.updated), "2024-11-05T10:00:00Z");
  EXPECT_EQ(entry.categories, (std::vector<std::string>{"laos", "vientiane", "News", "Politics",
                                                       "media cat"}));
}

TEST(FeedParserRss, AuthorsAreSplitIntoNameAndEmail) {
  struct Case {
    const char* text;
    const char* name;
    const char* email;
  };
  const Case cases[] = {
      {"jane@example.org (Jane Doe)", "Jane Doe", "jane@example.org"},
      {"Jane Doe &lt;jane@example.org&gt;", "Jane Doe", "jane@example.org"},
      {"Jane Doe (jane@example.org)", "Jane Doe", "jane@example.org"},
      {"jane@example.org", "", "jane@example.org"},
      {"Jane Doe", "Jane Doe", ""},
  };
  for (const Case& c : cases) {
    Entry entry = OnlyEntry(std::string("<rss><channel><item><author>") + c.text +
                            "</author></item></channel></rss>");
    EXPECT_EQ(entry.author.name, c.name) << c.text;
    EXPECT_EQ(entry.author.email, c.email) << c.text;
  }
}

TEST(FeedParserRss, RelativeLinksResolveAgainstXmlBaseAndTheDocumentUrl) {
  FeedDocument doc = MustParse(
      "<rss><channel><link>/home</link>"
      "<item><link>story.html</link><guid>/2024/guid-story</guid></item>"
      "<item xml:base=\"https://other.example/dir/\"><link>story.html</link></item>"
      "<item><guid isPermaLink=\"true\">/only-guid</guid></item></channel></rss>",
      "https://news.example/feeds/rss.xml");
  EXPECT_EQ(doc.feed.link, "https://news.example/home");
  ASSERT_EQ(doc.entries.size(), 3u);
  EXPECT_EQ(doc.entries[0].link, "https://news.example/feeds/story.html");
  EXPECT_EQ(doc.entries[0].id, "https://news.example/2024/guid-story");
  EXPECT_EQ(doc.entries[1].link, "https://other.example/dir/story.html");
  EXPECT_EQ(doc.entries[2].link, "https://news.example/only-guid");
}

TEST(FeedParserRss, MarkupLeftUnescapedIsKeptAsHtml) {
  Entry entry = OnlyEntry(
      "<rss><channel><item><description>Before <b>bold</b> <br/> after</description>"
      "</item></channel></rss>");
  EXPECT_EQ(entry.summary, "Before <b>bold</b> <br /> after");
  EXPECT_EQ(entry.summary_kind, TextKind::kHtml);
}

TEST(FeedParserAtom, TextConstructsOfEveryType) {
  FeedDocument doc = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <title type="text">a &lt;b&gt; c</title>
    <summary type="html">&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p class="x" id="y">One<br/>two</p> <b>three</b></div></content>
  </entry><entry>
    <title>plain</title>
    <content type="application/octet-stream">aGVsbG8gd29ybGQ=</content>
    <summary type="text/plain">as is</summary>
  </entry></feed>)");
  ASSERT_EQ(doc.entries.size(), 2u);
  EXPECT_EQ(doc.entries[0].title, "a <b> c");
  EXPECT_EQ(doc.entries[0].title_kind, TextKind::kText);
  EXPECT_EQ(doc.entries[0].summary, "<p>Hi &amp; bye</p>");
  EXPECT_EQ(doc.entries[0].content, "<p class=\"x\" id=\"y\">One<br />two</p> <b>three</b>");
  EXPECT_EQ(doc.entries[0].content_kind, TextKind::kXhtml);
  EXPECT_EQ(doc.entries[1].content, "hello world");
  EXPECT_EQ(doc.entries[1].summary, "as is");
}

TEST(FeedParserAtom, Atom03ModesAndBase64) {
  Entry entry = OnlyEntry(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
    <title mode="escaped" type="text/html">&lt;b&gt;T&lt;/b&gt;</title>
    <summary mode="base64" type="text/html">PGk+czwvaT4=</summary>
    <content mode="xml" type="application/xhtml+xml"><div xmlns="http://www.w3.org/1999/xhtml">c</div></content>
    <issued>2004-01-05T12:00:00Z</issued><modified>2004-01-06T12:00:00Z</modified>
  </entry></feed>)");
  EXPECT_EQ(entry.title, "<b>T</b>");
  EXPECT_EQ(entry.summary, "<i>s</i>");
  EXPECT_EQ(entry.content, "<div>c</div>");  // Atom 0.3 keeps its wrapper div.
  EXPECT_EQ(FormatFeedTimestamp(*entry.published), "2004-01-05T12:00:00Z");
  EXPECT_EQ(FormatFeedTimestamp(*entry.updated), "2004-01-06T12:00:00Z");
}

TEST(FeedParserAtom, PicksTheFirstHtmlAlternateLinkAndTheFirstAuthor) {
  Entry entry = OnlyEntry(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry>
    <link rel="self" href="https://x.example/self"/>
    <link rel="alternate" type="application/pdf" href="https://x.example/pdf"/>
    <link href="https://x.example/html"/>
    <link rel="alternate" type="text/html" href="https://x.example/second"/>
    <author><name>First</name><uri>/people/first</uri></author>
    <author><name>Second</name></author>
  </entry></feed>)",
                          "https://x.example/feed");
  EXPECT_EQ(entry.link, "https://x.example/html");
  EXPECT_EQ(entry.author.name, "First");
  EXPECT_EQ(entry.author.uri, "https://x.example/people/first");
}

TEST(FeedParserEntities, HtmlEntitiesXmlDoesNotDefineAreDecoded) {
  Entry entry = OnlyEntry(
      "<rss><channel><item><title>Laos&nbsp;&mdash; &eacute;t&eacute; &hellip;</title>"
      "<description>&amp;nbsp; stays &amp;nbsp;</description>"
      "<category>&lt;&amp;&gt;&quot;&apos;</category></item></channel></rss>");
  EXPECT_EQ(entry.title, "Laos\xC2\xA0— été …");
  EXPECT_EQ(entry.summary, "&nbsp; stays &nbsp;");  // Escaped references stay escaped.
  EXPECT_EQ(entry.categories, (std::vector<std::string>{"<&>\"'"}));
}

TEST(FeedParserEntities, CdataIsLiteralAndUnknownReferencesStay) {
  Entry entry = OnlyEntry(
      "<rss><channel><item><title><![CDATA[A &amp; B &nbsp; <b>C</b>]]></title>"
      "<description>AT&T &bogus; &copy</description></item></channel></rss>");
  EXPECT_EQ(entry.title, "A &amp; B &nbsp; <b>C</b>");
  EXPECT_EQ(entry.summary, "AT&T &bogus; &copy");
}

TEST(FeedParserLimits, ReadsAtMostMaxEntriesWithAWarning) {
  std::string xml = "<rss><channel>";
  for (int i = 0; i < 30; ++i) xml += "<item><title>t" + std::to_string(i) + "</title></item>";
  xml += "</channel></rss>";
  ParseOptions options;
  options.max_entries = 10;
  Result<FeedDocument> doc = ParseFeed(xml, options);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->entries.size(), 10u);
  EXPECT_EQ(doc->entries.back().title, "t9");
  ASSERT_FALSE(doc->warnings.empty());
  EXPECT_NE(doc->warnings.back().find("more than 10 entries"), std::string::npos);
}

TEST(FeedParserDates, FarFutureDatesAreKeptButFlagged) {
  ParseOptions options;
  options.now = Timestamp(std::chrono::seconds(1730808000));  // 2024-11-05T12:00:00Z
  Result<FeedDocument> doc = ParseFeed(
      "<rss><channel><item><title>now</title><pubDate>Tue, 05 Nov 2024 20:00:00 GMT</pubDate>"
      "</item><item><title>later</title><pubDate>Fri, 05 Nov 2100 12:00:00 GMT</pubDate>"
      "</item><item><title>none</title><pubDate>soon</pubDate></item></channel></rss>",
      options);
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->entries.size(), 3u);
  EXPECT_FALSE(doc->entries[0].future_date);
  EXPECT_TRUE(doc->entries[1].future_date);
  EXPECT_EQ(FormatFeedTimestamp(*doc->entries[1].published), "2100-11-05T12:00:00Z");
  EXPECT_FALSE(doc->entries[2].published);  // Unparseable: absent, never "now".
  bool warned = false;
  for (const std::string& w : doc->warnings) warned |= w.find("in the future") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(FeedParserJson, JsonFeed10And11) {
  FeedDocument doc = MustParse(R"({"version": "https://jsonfeed.org/version/1",
    "title": "J", "home_page_url": "/", "author": {"name": "Desk"},
    "items": [{"id": 7, "url": "item/7", "title": "T", "summary": "S",
               "content_text": "plain", "date_modified": "2024-11-05T10:00:00+01:00",
               "tags": ["laos"]}]})",
                               "https://j.example/feed.json");
  EXPECT_EQ(doc.feed.link, "https://j.example/");
  ASSERT_EQ(doc.entries.size(), 1u);
  EXPECT_EQ(doc.entries[0].id, "7");
  EXPECT_EQ(doc.entries[0].link, "https://j.example/item/7");
  EXPECT_EQ(doc.entries[0].content, "plain");
  EXPECT_EQ(doc.entries[0].content_kind, TextKind::kText);
  EXPECT_EQ(doc.entries[0].author.name, "Desk");
  EXPECT_EQ(FormatFeedTimestamp(*doc.entries[0].updated), "2024-11-05T09:00:00Z");
}

}  // namespace
}  // namespace newsalert::feed
