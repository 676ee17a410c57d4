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

#include "text/html_text_gumbo.h"

namespace newsalert::text {
namespace {

TEST(HtmlText, TokenisesTagsTheWayHtml5Does) {
  // Quotes only delimit attribute values; '>' inside one does not end the tag.
  EXPECT_EQ(HtmlToText("<a title=\"a > b\" href='x>y'>link</a> after"), "link after");
  EXPECT_EQ(HtmlToText("<img alt=\"a\" src=x>text"), "text");
  // '<' not followed by a letter is text; "</>" vanishes; "</3" is a comment.
  EXPECT_EQ(HtmlToText("1 <2 and 3> 2 </> x </3 y> z"), "1 <2 and 3> 2 x z");
  // Comments, doctype, processing instructions and CDATA (a bogus comment
  // in HTML, ending at the first '>').
  EXPECT_EQ(HtmlToText("a<!-- x -->b<!DOCTYPE html>c<?php x ?>d<![CDATA[e>]]>f<!-->g"),
            "abcd]]>fg");
}

TEST(HtmlText, RawTextRunsToItsEndTagOrTheEnd) {
  EXPECT_EQ(HtmlToText("a<script>if (a < b) { x = '</p>'; }</script>b"), "ab");
  EXPECT_EQ(HtmlToText("a<style>p { }"), "a");
  EXPECT_EQ(HtmlToText("a<title>t</TITLE>b<textarea>x</textarea>c"), "abc");
  // SVG and MathML text is text; an unclosed <svg> hides nothing.
  EXPECT_EQ(HtmlToText("a<svg><circle/> b"), "a b");
  EXPECT_EQ(HtmlToText("a <svg><text>label</text></svg> b"), "a label b");
  EXPECT_EQ(HtmlToText("<noscript><p>Enable scripts</p></noscript>"), "Enable scripts");
}

TEST(HtmlText, WhitespaceAndBreaks) {
  EXPECT_EQ(HtmlToText("  a \t\n b\xC2\xA0\xC2\xA0" "c&nbsp;&nbsp;d  "), "a b c d");
  EXPECT_EQ(HtmlToText("<div>a</div>\n\n<div> b </div>c"), "a\nb\nc");
  EXPECT_EQ(HtmlToText("<h1>T</h1><p>x <b>y</b>.</p>"), "T\nx y.");
  EXPECT_EQ(HtmlToText("a<b>b</b>c"), "abc");  // Inline elements do not separate words.
  EXPECT_EQ(HtmlToText("x&#32;&#32;y&#10;z"), "x y z");
  EXPECT_EQ(PlainText("  plain <b>not a tag</b>\n\n text ", false), "plain <b>not a tag</b> text");
}

TEST(HtmlText, ReferencesAsBrowsersReadThem) {
  EXPECT_EQ(HtmlToText("&lt;b&gt; &amp;amp; &quot;q&quot; &#x41;&#66; &notit; &copy 2024"),
            "<b> &amp; \"q\" AB ¬it; © 2024");
  EXPECT_EQ(HtmlToText("&#0;&#x110000;&#xD800;"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(HtmlText, AppendsToAReusedBuffer) {
  std::string out = "kept";
  AppendHtmlText("<p>more</p>", out);
  EXPECT_EQ(out, "kept\nmore");
}

TEST(HtmlText, AgreesWithGumboOnWellFormedSnippets) {
  const char* snippets[] = {
      "<p>North Korean defectors <a href=\"https://x.example/?a=1&amp;b=2\">repatriated</a> "
      "from Laos&nbsp;&mdash; UNHCR &#8220;concerned&#8221;.</p><p>Second <em>para</em>.</p>",
      "<ul><li>One</li><li>Two <b>bold</b></li></ul><table><tr><td>a</td><td>b</td></tr></table>",
      "Text<br/>after<br>break<hr/>rule",
      "<div><img src=\"a.png\" "
      "alt=\"photo\"/><figure><figcaption>Caption</figcaption></figure></div>",
      "<script>x()</script><style>.a{}</style><p>kept</p><!-- gone -->",
      "<blockquote>Quote &ldquo;here&rdquo;</blockquote><pre>  code  \n  block </pre>",
      "<h2>Title</h2><p>Body with &lt;escaped&gt; markup &amp; entities&hellip;</p>",
  };
  for (const char* html : snippets) EXPECT_EQ(HtmlToText(html), HtmlToTextGumbo(html)) << html;
}

}  // namespace
}  // namespace newsalert::text
