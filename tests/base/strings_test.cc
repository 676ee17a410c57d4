#include "base/strings.h"

#include <gtest/gtest.h>

#include "base/ids.h"

namespace newsalert {
namespace {

TEST(Strings, ValidUtf8IsAcceptedAndBrokenUtf8Rejected) {
  EXPECT_TRUE(IsValidUtf8("Réfugié 脱北 ລາວ 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // Truncated.
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // Overlong '/'.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // Surrogate.
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // Above U+10FFFF.
}

TEST(Strings, ValidUtf8FindsABadByteAnywhereInALongAsciiRun) {
  // ASCII is skipped 16 bytes at a time: every offset and every tail length.
  for (std::size_t size = 1; size <= 40; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      std::string text(size, 'a');
      text[at] = '\xFF';
      EXPECT_FALSE(IsValidUtf8(text)) << size << " " << at;
      text[at] = 'b';
      EXPECT_TRUE(IsValidUtf8(text)) << size << " " << at;
      text.replace(at, 1, "\xC3\xA9");  // é
      EXPECT_TRUE(IsValidUtf8(text)) << size << " " << at;
      text.resize(at + 1);  // Cut inside the é.
      EXPECT_FALSE(IsValidUtf8(text)) << size << " " << at;
    }
  }
}

TEST(Strings, SanitizeReplacesBadSequencesAndDropsNul) {
  EXPECT_EQ(SanitizeUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(SanitizeUtf8(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(SanitizeUtf8("tab\tand\nnewline"), "tab\tand\nnewline");
  EXPECT_EQ(SanitizeUtf8("bell\x07"), "bell\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(SanitizeUtf8("\xED\xA0\x80\xF4\x90\x80\x80")));
}

TEST(Strings, TruncateNeverSplitsACharacter) {
  std::string text = "ééééé";  // 10 bytes.
  std::string cut = TruncateUtf8(text, 5);
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_EQ(cut, "éé…");
}

TEST(Strings, RedactUrlKeepsOnlySchemeAndHost) {
  EXPECT_EQ(RedactUrl("https://hooks.slack.com/services/T000/B000/XXXX"),
            "https://hooks.slack.com/…");
  EXPECT_EQ(RedactUrl("https://user:pw@example.org:8443/x?token=1"), "https://example.org:8443/…");
  EXPECT_EQ(RedactUrl("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
}

TEST(Ids, DeliveryIdsAreUniqueAndWellFormed) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewDeliveryId(std::chrono::system_clock::now());
    ASSERT_EQ(id.size(), 30u);
    ASSERT_EQ(id.rfind("nla_", 0), 0u);
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace newsalert
