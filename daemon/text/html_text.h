// HTML -> plain text, for matching and snippets (newsalert never renders
// HTML). Block elements become line breaks, scripts and styles are dropped,
// character references are decoded, whitespace is collapsed.
#pragma once

#include <string>
#include <string_view>

namespace newsalert::text {

std::string HtmlToText(std::string_view html);

// HtmlToText when `is_html`; otherwise only whitespace collapsing.
std::string PlainText(std::string_view text, bool is_html);

}  // namespace newsalert::text
