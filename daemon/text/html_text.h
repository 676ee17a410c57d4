// HTML -> plain text, for matching and snippets (newsalert never renders
// HTML). Block elements become line breaks, the content of scripts, styles
// and other non-text elements is dropped, character references are
// decoded, white space is collapsed (html_text_sink.h).
//
// A single pass over the input, no tree: it tokenises the way an HTML5
// parser does (tags, attributes with quoted or bare values, comments,
// bogus comments, raw-text elements) and keeps only the text. The tests
// check it against a real HTML parser (gumbo, html_text_gumbo.h) over the
// conformance and benchmark corpora; bench/RESULTS.md has the speed of
// both.
#pragma once

#include <string>
#include <string_view>

namespace newsalert::text {

std::string HtmlToText(std::string_view html);

// Appends the text of `html` to `out` (for callers that reuse a buffer).
void AppendHtmlText(std::string_view html, std::string& out);

// HtmlToText when `is_html`; otherwise only whitespace collapsing.
std::string PlainText(std::string_view text, bool is_html);

}  // namespace newsalert::text
