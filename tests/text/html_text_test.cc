#include "text/html_text.h"

#include <gtest/gtest.h>

#include "text/html_entities.h"

namespace newsalert::text {
namespace {

TEST(HtmlText, StripsTagsAndBreaksBlocks) {
  EXPECT_EQ(HtmlToText("<p>One <b>bold</b> word.</p><p>Two</p>"), "One bold word.\nTwo");
  EXPECT_EQ(HtmlToText("a<br/>b<br>c"), "a\nb\nc");
  EXPECT_EQ(HtmlToText("<ul><li>x</li><li>y</li></ul>"), "x\ny");
}

TEST(HtmlText, DropsScriptsStylesAndComments) {
  EXPECT_EQ(HtmlToText("a<script>var laos = 1;</script>b<style>p{}</style>c<!-- laos -->d"),
            "abcd");
  EXPECT_EQ(HtmlToText("x<SCRIPT type='t'>alert('<p>')</SCRIPT>y"), "xy");
}

TEST(HtmlText, DecodesEntitiesAndCollapsesWhitespace) {
  EXPECT_EQ(HtmlToText("China&#8217;s&nbsp;role &mdash; &amp; more\n\n  here"),
            "China’s role — & more here");
  EXPECT_EQ(HtmlToText("AT&T &bogus; a < b"), "AT&T &bogus; a < b");
  EXPECT_EQ(HtmlToText("<a href=\"x?a=1&b=2\">link</a> text"), "link text");
}

TEST(HtmlEntities, NumericReferencesToInvalidCodePointsBecomeReplacementCharacters) {
  EXPECT_EQ(DecodeEntities("a&#0;b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(DecodeEntities("&#x110000;"), "\xEF\xBF\xBD");
  EXPECT_EQ(DecodeEntities("&#xD800;"), "\xEF\xBF\xBD");
  EXPECT_EQ(DecodeEntities("&#150;"), "–");  // windows-1252 meaning, as browsers read it.
}

}  // namespace
}  // namespace newsalert::text
