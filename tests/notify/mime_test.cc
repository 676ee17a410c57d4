#include "notify/mime.h"

#include <gtest/gtest.h>

#include "base/strings.h"
#include "notify/webhook_signature.h"

namespace newsalert::notify {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "line without CRLF";
    if (end == std::string::npos) break;
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

// Decodes what EncodeUnstructuredHeader wrote: unfolds, then decodes each
// encoded-word, checking on the way that each holds whole characters.
std::string DecodeHeaderValue(const std::string& field, std::size_t name_length) {
  std::string unfolded;
  for (const std::string& line : Lines(field)) unfolded += line;
  std::string value = unfolded.substr(name_length + 1);
  if (value.find("=?") == std::string::npos) return std::string(Trim(value));
  std::string out;
  std::size_t pos = 0;
  while ((pos = value.find("=?UTF-8?B?", pos)) != std::string::npos) {
    std::size_t end = value.find("?=", pos + 10);
    std::string decoded;
    EXPECT_TRUE(Base64Decode(value.substr(pos + 10, end - pos - 10), decoded));
    EXPECT_TRUE(IsValidUtf8(decoded)) << "a character split across encoded-words";
    EXPECT_LE(end + 2 - pos, 75u) << "encoded-word longer than 75 characters";
    out += decoded;
    pos = end + 2;
  }
  return out;
}

TEST(Mime, AsciiSubjectsStayReadableAndFoldAtSpaces) {
  std::string field = EncodeUnstructuredHeader("Subject", "UNHCR urges Laos to halt returns");
  EXPECT_EQ(field, "Subject: UNHCR urges Laos to halt returns\r\n");
  std::string long_subject;
  for (int i = 0; i < 60; ++i) long_subject += "word" + std::to_string(i) + " ";
  field = EncodeUnstructuredHeader("Subject", long_subject);
  EXPECT_EQ(field.find("=?"), std::string::npos);
  for (const std::string& line : Lines(field)) EXPECT_LE(line.size(), 76u);
  EXPECT_EQ(DecodeHeaderValue(field, 8), std::string(Trim(long_subject)));
}

TEST(Mime, NonAsciiSubjectsBecomeEncodedWordsOfWholeCharacters) {
  for (std::string subject :
       {std::string("Alerte: Zürich — 東京 ✓"), std::string("탈북민 9명 라오스서 강제북송 우려"),
        std::string("ລາວສົ່ງຊາວເກົາຫຼີເໜືອກັບຄືນ"), std::string("👨‍👩‍👧‍👦🇰🇷🇱🇦 family reunited"),
        std::string("=?UTF-8?B?not really?= literal"), std::string(300, 'x') + " é"}) {
    std::string field = EncodeUnstructuredHeader("Subject", subject);
    for (const std::string& line : Lines(field)) EXPECT_LE(line.size(), 76u) << subject;
    EXPECT_EQ(DecodeHeaderValue(field, 8), subject);
  }
}

TEST(Mime, LineBreaksInASubjectCannotInjectHeaders) {
  std::string field = EncodeUnstructuredHeader("Subject", "Hi\r\nBcc: victim@example.org");
  EXPECT_EQ(field, "Subject: Hi Bcc: victim@example.org\r\n");
}

TEST(Mime, QuotedPrintableRoundTripsAndKeepsLinesShort) {
  std::string text = "Line one with é and = and trailing space \n" + std::string(200, 'a') +
                     "\n.leading dot\nFrom the desk\n" + std::string(100, '\xC3') + "\n";
  text = SanitizeUtf8(text);
  std::string encoded = QuotedPrintable(text);
  for (const std::string& line : Lines(encoded)) EXPECT_LE(line.size(), 76u);
  EXPECT_NE(encoded.find("=46rom the desk"), std::string::npos);
  EXPECT_NE(encoded.find("=2Eleading dot"), std::string::npos);
  std::string decoded = DecodeQuotedPrintable(encoded);
  std::string expected;
  for (std::string_view line : Split(text, '\n')) {
    expected += std::string(line) + "\r\n";
  }
  expected.resize(expected.size() - 2);  // The text ended with its last line break.
  EXPECT_EQ(decoded, expected);
}

TEST(Mime, DisplayNamesAreQuotedOrEncoded) {
  EXPECT_EQ(EncodeDisplayName("newsalert"), "newsalert");
  EXPECT_EQ(EncodeDisplayName("Desk, Seoul"), "\"Desk, Seoul\"");
  EXPECT_EQ(EncodeDisplayName("뉴스 알림").rfind("=?UTF-8?B?", 0), 0u);
}

}  // namespace
}  // namespace newsalert::notify
