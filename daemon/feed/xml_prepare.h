// PrepareXml: makes UTF-8 feed text safe and meaningful for pugixml, which
// is lenient by design (RELIABILITY.md finding 5):
//
//  - numeric character references pugixml would turn into invalid UTF-8 or
//    a truncated string (&#0;, &#xD800;, &#x110000;, references to XML-
//    forbidden controls) become U+FFFD;
//  - HTML named references that XML does not define (&nbsp;, &mdash;, ...;
//    feeds use them all the time, pugixml leaves them literal) become their
//    characters, so "&amp;nbsp;" (an escaped reference) still reads "&nbsp;";
//  - control characters XML forbids are dropped (a raw NUL would cut every
//    string after it short).
//
// CDATA sections, comments, processing instructions and the DOCTYPE are
// copied unchanged: references mean nothing there. Entities declared in a
// DTD are never expanded (billion laughs, XXE). The common case - nothing
// to fix - costs one fast scan and no copy.
#pragma once

#include <string>
#include <string_view>

namespace newsalert::feed {

struct PreparedXml {
  std::string_view text;       // What to parse: the input, or `buffer`.
  std::string buffer;          // Holds the rewritten document when one was needed.
  // The document has characters U+0080..U+00FF or references to them: text
  // fields may be UTF-8 mis-read as Latin-1 (see CleanFieldText).
  bool has_latin1_range = false;
  int replaced_references = 0;  // Invalid numeric references -> U+FFFD.
  int decoded_html_entities = 0;
  int dropped_controls = 0;
};

// `utf8` must be valid UTF-8 (DecodeToUtf8's output). The result's `text`
// may point into `utf8`, which must outlive it.
PreparedXml PrepareXml(std::string_view utf8);

}  // namespace newsalert::feed
