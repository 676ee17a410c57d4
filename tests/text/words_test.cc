#include "text/words.h"

#include <gtest/gtest.h>

namespace newsalert::text {
namespace {

using Words = std::vector<std::string>;

TEST(Words, FoldsCaseAccentsAndWidth) {
  EXPECT_EQ(FoldedWords("Réfugié"), Words{"refugie"});
  EXPECT_EQ(FoldedWords("ＵＮＨＣＲ"), Words{"unhcr"});
  EXPECT_EQ(FoldedWords("STRASSE Straße"), (Words{"strasse", "strasse"}));
  EXPECT_EQ(FoldedWords("Re\u0301fugie\u0301"), Words{"refugie"});  // Combining accents.
  EXPECT_EQ(FoldedWords("ﬁnance Ǆ"), (Words{"finance", "dz"}));
  EXPECT_EQ(FoldedWords("café-bar"), (Words{"cafe", "bar"}));
}

TEST(Words, HyphensAndApostrophesSeparateWords) {
  EXPECT_EQ(FoldedWords("North-Korean"), (Words{"north", "korean"}));
  // A possessive or contraction "s" is dropped; other letters stay words.
  EXPECT_EQ(FoldedWords("Laos’s border, Laos'"), (Words{"laos", "border", "laos"}));
  EXPECT_EQ(FoldedWords("it's LAOS'S ʼs"), (Words{"it", "laos", "s"}));
  EXPECT_EQ(FoldedWords("O’Brien l'ambassade Laos’sa"),
            (Words{"o", "brien", "l", "ambassade", "laos", "sa"}));
  EXPECT_EQ(FoldedWords("“Laos” — said…"), (Words{"laos", "said"}));
}

TEST(Words, ScriptsWithoutSpacesGiveOneWordPerCharacter) {
  EXPECT_EQ(FoldedWords("脱北者"), (Words{"脱", "北", "者"}));
  EXPECT_EQ(FoldedWords("ລາວ"), (Words{"ລ", "າ", "ວ"}));
  EXPECT_EQ(FoldedWords("탈북자 문제"), (Words{"탈북자", "문제"}));  // Hangul has spaces.
  // Thai vowel marks stay with their consonant (they are not accents).
  EXPECT_EQ(FoldedWords("ที่"), Words{"ที่"});
  EXPECT_EQ(FoldedWords("Laos脱北"), (Words{"laos", "脱", "北"}));
}

TEST(Words, FoldedWordsAreStable) {
  for (const char* text : {"⑴⑵ ㈠㈡ ½", "Ǆemal ǅ", "ﬃ Ⅻ", "İstanbul", "ᾈ", "ລຳ", "ｶﾞ", "ŉ"}) {
    for (const std::string& word : FoldedWords(text)) {
      EXPECT_EQ(FoldedWords(word), Words{word}) << text;
    }
  }
}

TEST(Words, KeepsByteSpansAndPositions) {
  WordList list;
  list.Assign("Hello, Wörld!");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.folded(1), "world");
  EXPECT_EQ(list.word(1).begin, 7u);
  EXPECT_EQ(list.word(1).end, 13u);
  EXPECT_EQ(list.word(0).position, 0u);
  EXPECT_EQ(list.word(1).position, 1u);
  EXPECT_EQ(list.word(1).hash, WordHash("world"));
}

// Words of a WordList are hashed and compared with masked 16-byte loads
// from its padded buffer; the query side hashes a padded copy. Both must
// agree at every length, and only the word's own bytes may count.
TEST(Words, PaddedHashAndCompareAgreeWithThePlainOnesAtEveryLength) {
  for (std::size_t length = 1; length <= 40; ++length) {
    std::string a(length, 'a');
    std::string b = a;
    b.back() = 'b';
    WordList list;
    list.Assign(a + " " + b + " " + a + "x");  // "x" follows a copy of `a` in the buffer.
    ASSERT_EQ(list.size(), 3u) << length;
    EXPECT_EQ(list.word(0).hash, WordHash(a)) << length;
    EXPECT_EQ(list.word(1).hash, WordHash(b)) << length;
    EXPECT_NE(list.word(0).hash, list.word(1).hash) << length;
    std::string_view first = list.folded(0), second = list.folded(1), third = list.folded(2);
    EXPECT_FALSE(PaddedSameFolded(first.data(), second.data(), length)) << length;
    EXPECT_FALSE(SameFolded(first, second)) << length;
    EXPECT_TRUE(PaddedSameFolded(first.data(), third.data(), length)) << length;
  }
}

TEST(Words, ValuesAppendedSeparatelyAreFarApart) {
  WordList list;
  list.Clear();
  list.Append("North Korea", 0);
  list.Append("Refugees", 12);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list.word(1).position + 1, list.word(0).position + 2);
  EXPECT_GE(list.word(2).position - list.word(1).position, WordList::kValueGap);
  EXPECT_EQ(list.word(2).begin, 12u);
}

// The fast path works on 16-byte blocks and 64-byte bitmaps: check words
// that straddle them against a plain split.
TEST(Words, LongTextsSplitLikeShortOnes) {
  std::string text;
  Words expected;
  for (int i = 0; i < 300; ++i) {
    std::string word(static_cast<std::size_t>(1 + i % 13), static_cast<char>('a' + i % 26));
    if (i % 7 == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A');
    text += word;
    std::string lower = word;
    lower[0] = static_cast<char>(lower[0] | 0x20);
    expected.push_back(lower);
    text += (i % 5 == 0) ? ", " : (i % 11 == 0 ? " — " : " ");
  }
  EXPECT_EQ(FoldedWords(text), expected);
  WordList list;
  list.Assign(text);
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list.folded(i), expected[i]);
    EXPECT_EQ(list.word(i).hash, WordHash(expected[i]));
  }
}

TEST(Words, FoldedTextKeepsSeparatorsAndMapsWords) {
  WordList list;
  std::string text = "Réfugiés à Vientiane, 2024";
  list.Assign(text);
  std::vector<std::uint32_t> offsets;
  std::string folded = list.FoldedText(text, &offsets);
  EXPECT_EQ(folded, "refugies a vientiane, 2024");
  ASSERT_EQ(offsets.size(), 4u);
  EXPECT_EQ(folded.substr(offsets[2], 9), "vientiane");
}

TEST(Words, RegexPatternsFoldOnlyTheirLetters) {
  EXPECT_EQ(FoldRegexPattern("Réfugié\\D+"), "Refugie\\D+");  // ASCII untouched.
  EXPECT_EQ(FoldRegexPattern("[À-ÿ]"), "[a-y]");
  EXPECT_EQ(FoldRegexPattern("ＵＮ"), "un");
  EXPECT_EQ(FoldRegexPattern("ที่"), "ที่");
}

TEST(Words, RecognisesHangul) {
  EXPECT_TRUE(HasHangul("탈북자"));
  EXPECT_FALSE(HasHangul("laos"));
  EXPECT_FALSE(HasHangul("脱北"));
}

TEST(Words, BadBytesSeparateWords) {
  EXPECT_EQ(FoldedWords(std::string("ab\xff" "cd\xc3")), (Words{"ab", "cd"}));
  EXPECT_EQ(FoldedWords(std::string("\xe2\x80")), Words{});
}

}  // namespace
}  // namespace newsalert::text
