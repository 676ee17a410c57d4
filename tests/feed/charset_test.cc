// Charsets (RELIABILITY.md T19): every legacy encoding feeds use converted,
// RFC 7303 precedence (BOM, HTTP charset, XML declaration), bad bytes and
// bad character references -> U+FFFD, and valid UTF-8 out, always.
#include "feed/charset.h"

#include <gtest/gtest.h>

#include "base/strings.h"
#include "feed/feed_parser.h"

namespace newsalert::feed {
namespace {

std::string Decode(std::string_view bytes, std::string_view content_type = "") {
  DecodedText decoded = DecodeToUtf8(bytes, content_type);
  EXPECT_TRUE(IsValidUtf8(decoded.text()));
  return std::string(decoded.text());
}

// An RSS document whose one item title is `title_bytes`, declared `encoding`.
std::string RssIn(std::string_view encoding, std::string_view title_bytes) {
  std::string xml = "<?xml version=\"1.0\"";
  if (!encoding.empty()) xml += " encoding=\"" + std::string(encoding) + "\"";
  xml += "?><rss version=\"2.0\"><channel><title>c</title><item><title>";
  xml += title_bytes;
  xml += "</title></item></channel></rss>";
  return xml;
}

std::string ItemTitle(std::string_view bytes, std::string_view content_type = "") {
  ParseOptions options;
  options.content_type = std::string(content_type);
  Result<FeedDocument> document = ParseFeed(bytes, options);
  EXPECT_TRUE(document.ok()) << document.status().message();
  if (!document.ok() || document->entries.empty()) return "(none)";
  EXPECT_TRUE(IsValidUtf8(document->entries[0].title));
  return document->entries[0].title;
}

TEST(Charset, ConvertsTheLegacyEncodingsFeedsUse) {
  struct Case {
    const char* label;
    std::string bytes;
    const char* utf8;
  };
  const Case cases[] = {
      {"EUC-KR", "\xB3\xE2 \xC5\xBB\xBA\xCF", "년 탈북"},
      {"ks_c_5601-1987", "\xB3\xE2", "년"},
      {"GB2312", "\xD6\xD0\xCE\xC4", "中文"},
      {"GB18030", "\xD6\xD0\xCE\xC4\x81\x30\x89\x38", "中文ß"},  // ß: four bytes.
      {"GBK", "\xB1\xB1\xBE\xA9", "北京"},
      {"Shift_JIS", "\x93\xFA\x96\x7B", "日本"},
      {"windows-1251", "\xCF\xF0\xE8\xE2\xE5\xF2", "Привет"},
      {"KOI8-R", "\xF0\xD2\xC9\xD7\xC5\xD4", "Привет"},
      {"ISO-8859-5", "\xBF\xE0\xD8\xD2\xD5\xE2", "Привет"},
      {"ISO-8859-2", "\xA3\xF3\x64\xBC", "Łódź"},
      {"ISO-8859-1", "caf\xE9 \x80", "café €"},  // Read as windows-1252, as browsers do.
      {"windows-1252", "\x93quoted\x94", "“quoted”"},
      {"TIS-620", "\xC5\xD2\xC7", "ลาว"},
      {"Big5", "\xA4\xA4\xA4\xE5", "中文"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ItemTitle(RssIn(c.label, c.bytes)), c.utf8) << c.label;
  }
}

TEST(Charset, Utf16And32WithByteOrderMarks) {
  auto encode16 = [](std::u16string_view text, bool big_endian) {
    std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    for (char16_t c : text) {
      char hi = static_cast<char>(c >> 8), lo = static_cast<char>(c & 0xFF);
      out += big_endian ? hi : lo;
      out += big_endian ? lo : hi;
    }
    return out;
  };
  std::u16string xml =
      u"<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><item><title>라오스 ✓</title>"
      u"</item></channel></rss>";
  EXPECT_EQ(ItemTitle(encode16(xml, false)), "라오스 ✓");
  EXPECT_EQ(ItemTitle(encode16(xml, true)), "라오스 ✓");

  std::string utf32le("\xFF\xFE\x00\x00", 4);
  for (char c : std::string("<rss><channel><item><title>ok</title></item></channel></rss>")) {
    utf32le += c;
    utf32le += std::string(3, '\0');
  }
  EXPECT_EQ(ItemTitle(utf32le), "ok");
}

TEST(Charset, PrecedenceIsBomThenHttpThenXmlDeclaration) {
  // The XML declaration lies; the HTTP header is right.
  EXPECT_EQ(ItemTitle(RssIn("ISO-8859-1", "\xCF\xF0\xE8"), "text/xml; charset=windows-1251"),
            "При");
  // No header: the declaration decides.
  EXPECT_EQ(ItemTitle(RssIn("windows-1251", "\xCF\xF0\xE8")), "При");
  // A UTF-8 BOM beats both.
  EXPECT_EQ(ItemTitle("\xEF\xBB\xBF" + RssIn("windows-1251", "\xD0\x9F\xD1\x80\xD0\xB8"),
                      "text/xml; charset=koi8-r"),
            "При");
  EXPECT_EQ(CharsetFromContentType("application/rss+xml; Charset=\"EUC-KR\""), "euc-kr");
  EXPECT_EQ(CharsetFromContentType("text/xml"), "");
  EXPECT_EQ(XmlDeclaredEncoding("<?xml version='1.0' encoding='Shift_JIS'?><x/>"), "shift_jis");
}

TEST(Charset, MislabelledUtf8IsReadAsUtf8WithAWarning) {
  ParseOptions options;
  Result<FeedDocument> document =
      ParseFeed(RssIn("windows-1251", "Привет, Лаос"), options);
  ASSERT_TRUE(document.ok());
  ASSERT_EQ(document->entries.size(), 1u);
  EXPECT_EQ(document->entries[0].title, "Привет, Лаос");
  ASSERT_FALSE(document->warnings.empty());
  EXPECT_NE(document->warnings[0].find("bytes are UTF-8"), std::string::npos);
}

TEST(Charset, UnlabelledLatin1IsReadAsWindows1252) {
  EXPECT_EQ(ItemTitle(RssIn("", "R\xE9" "fugi\xE9s")), "Réfugiés");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "na\xEFve")), "naïve");
}

TEST(Charset, InvalidBytesBecomeReplacementCharacters) {
  // Mixed: valid UTF-8 next to stray bytes keeps the UTF-8 and marks the rest.
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "ok \xE2\x9C\x93 \xFF end")), "ok ✓ \xEF\xBF\xBD end");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "✓ cut \xE2\x9C")), "✓ cut \xEF\xBF\xBD");
  // Overlong and surrogate encodings are invalid too (one U+FFFD for each
  // broken sequence).
  EXPECT_EQ(Decode("a\xC0\xAF" "b \xE2\x9C\x93"), "a\xEF\xBF\xBD" "b ✓");
  EXPECT_TRUE(IsValidUtf8(Decode("\xED\xA0\x80 \xE2\x9C\x93")));
  // Bytes invalid in a legacy encoding.
  EXPECT_EQ(ItemTitle(RssIn("Shift_JIS", "\x93\xFA\xFF")), "日\xEF\xBF\xBD");
}

TEST(Charset, BadCharacterReferencesBecomeReplacementCharactersNeverTruncation) {
  // pugixml alone cuts "a&#0;b" to "a" and writes invalid bytes for the
  // others (RELIABILITY.md finding 5).
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "a&#0;b")), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "a&#xD800;b")), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "a&#x110000;b")), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "a&#99999999999999999999;b")), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "a&#x1;b")), "a\xEF\xBF\xBD" "b");
  // In attributes too.
  ParseOptions options;
  Result<FeedDocument> document = ParseFeed(
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><category term=\"x&#0;y\"/>"
      "</entry></feed>",
      options);
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->entries.at(0).categories.at(0), "x\xEF\xBF\xBDy");
}

TEST(Charset, ControlCharactersXmlForbidsAreDropped) {
  std::string raw_nul("a\0b", 3);
  EXPECT_EQ(ItemTitle(RssIn("utf-8", raw_nul + "\x01" "c\x1F")), "abc");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "<![CDATA[x\x02y]]>")), "xy");
}

TEST(Charset, DroppedControlsNeverJoinIntoReferences) {
  // Found by fuzzing: "&" + controls + "#x110000;" became "&#x110000;",
  // which pugixml turned into invalid UTF-8. The joined reference is now
  // treated like any other.
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "c&\x11\x11#x110000;d")), "c\xEF\xBF\xBD" "d");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "<![CDATA[a]]\x01> &#0;]]>")),
            "a \xEF\xBF\xBD]]>");
}

TEST(Charset, MarkupInsideAttributeValuesHidesNoReferences) {
  // Found by fuzzing: "<!--" inside a quoted attribute value is no comment
  // to pugixml, which decoded the "&#xD800;" after it into invalid UTF-8.
  ParseOptions options;
  Result<FeedDocument> doc = ParseFeed(
      "<rss><channel><title>t <x a=\"<!-- &#xD800; &#0; -->\">y</x>\x01</title>"
      "</channel></rss>",
      options);
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(IsValidUtf8(doc->feed.title));
  EXPECT_EQ(doc->feed.title, "t <x a=\"&lt;!-- \xEF\xBF\xBD \xEF\xBF\xBD --&gt;\">y</x>");
}

TEST(Charset, ReferencesToC1ControlsMeanWindows1252AsBrowsersRead) {
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "&#150; &#147;q&#148; &#128;")), "– “q” €");
}

TEST(Charset, RepairsUtf8ThatWasMisreadAsLatin1) {
  // "Café" stored as UTF-8, read as Latin-1 and written out as UTF-8 again.
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "Caf\xC3\x83\xC2\xA9")), "Café");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "&#195;&#169;t&#195;&#169;")), "été");
  // Real Latin-1 range text stays as it is.
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "Ã la carte, Â½ price")), "Ã la carte, Â½ price");
  EXPECT_EQ(ItemTitle(RssIn("utf-8", "Réfugiés")), "Réfugiés");
}

TEST(Charset, UnknownCharsetIsReadAsUtf8WithAWarning) {
  ParseOptions options;
  Result<FeedDocument> document = ParseFeed(RssIn("x-made-up", "plain \xE2\x9C\x93"), options);
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->entries.at(0).title, "plain ✓");
}

TEST(Charset, FindInvalidUtf8ReportsTheFirstBadByte) {
  std::size_t multibyte = 0;
  EXPECT_EQ(FindInvalidUtf8("plain ascii text that is long enough", multibyte),
            std::string_view::npos);
  EXPECT_EQ(multibyte, 0u);
  EXPECT_EQ(FindInvalidUtf8("0123456789abcdef0123\xE2\x9C\x93x\xFF", multibyte), 24u);
  EXPECT_EQ(multibyte, 1u);
}

}  // namespace
}  // namespace newsalert::feed
