// HTML -> text through gumbo, a real HTML5 parser: the reference the
// hand-written converter (html_text.h) is tested and benchmarked against.
// Same output rules (html_elements.h, html_text_sink.h). Not used on the
// daemon's path: it is several times slower (bench/RESULTS.md), and gumbo
// 0.10's tree destruction recurses, so very deep input is not for it.
#pragma once

#include <string>
#include <string_view>

namespace newsalert::text {

std::string HtmlToTextGumbo(std::string_view html);

}  // namespace newsalert::text
