// What HTML elements mean for their text, shared by the hand-written
// HTML -> text converter and its gumbo reference.
#pragma once

#include <cstddef>
#include <string_view>

namespace newsalert::text {

enum class ElementKind {
  kInline,       // Text flows through (<b>, <a>, unknown elements).
  kBlock,        // Starts and ends a line (<p>, <div>, <li>, <br>...).
  kSkipContent,  // Raw text that is not article text (<script>, <style>...).
};

// The longest name ClassifyElement knows ("blockquote").
constexpr std::size_t kMaxElementNameLength = 10;

// `lower_name`: the element name in lower case.
ElementKind ClassifyElement(std::string_view lower_name);

}  // namespace newsalert::text
