#include "text/words.h"

#include <gtest/gtest.h>

namespace newsalert::text {
namespace {

using Words = std::vector<std::string>;

TEST(Words, FoldsCaseAccentsAndWidth) {
  EXPECT_EQ(FoldedWords("Réfugié"), Words{"refugie"});
  EXPECT_EQ(FoldedWords("ＵＮＨＣＲ"), Words{"unhcr"});
  EXPECT_EQ(FoldedWords("STRASSE Straße"), (Words{"strasse", "strasse"}));
}

TEST(Words, HyphensAndApostrophesSeparateWords) {
  EXPECT_EQ(FoldedWords("North-Korean"), (Words{"north", "korean"}));
  // A possessive or contraction "s" is dropped; other letters stay words.
  EXPECT_EQ(FoldedWords("Laos’s border, Laos'"), (Words{"laos", "border", "laos"}));
}

TEST(Words, ScriptsWithoutSpacesGiveOneWordPerCharacter) {
  EXPECT_EQ(FoldedWords("脱北者"), (Words{"脱", "北", "者"}));
  EXPECT_EQ(FoldedWords("ລາວ"), (Words{"ລ", "າ", "ວ"}));
  EXPECT_EQ(FoldedWords("탈북자 문제"), (Words{"탈북자", "문제"}));  // Hangul has spaces.
}

TEST(Words, KeepsByteSpansOfTheOriginalText) {
  WordList list;
  list.Assign("Hello, Wörld!");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list.folded(1), "world");
  EXPECT_EQ(list.word(1).begin, 7u);
  EXPECT_EQ(list.word(1).end, 13u);
}

}  // namespace
}  // namespace newsalert::text
