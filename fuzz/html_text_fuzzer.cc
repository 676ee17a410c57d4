// Fuzz target: HTML -> plain text (text/html_text.h), the converter every
// summary and content goes through.
//
// Checks: no crash or UB; valid UTF-8 in gives valid UTF-8 out; the output
// is never longer than the input allows (references expand at most 2x);
// no white space at either end and no run of spaces.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_checks.h"
#include "text/html_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using newsalert::fuzz::Require;
  std::string_view html(reinterpret_cast<const char*>(data), size);
  std::string text = newsalert::text::HtmlToText(html);
  Require(text.size() <= 2 * size + 4, "output size");
  if (!text.empty()) {
    Require(text.front() != ' ' && text.front() != '\n', "leading white space");
    Require(text.back() != ' ' && text.back() != '\n', "trailing white space");
  }
  Require(text.find("  ") == std::string::npos, "double space");
  if (newsalert::IsValidUtf8(html)) newsalert::fuzz::RequireUtf8(text, "UTF-8 out");
  return 0;
}
