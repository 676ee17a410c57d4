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
// to fix - costs one SIMD scan (byte_scan.h) and no copy; pugixml then
// decodes the references, as fast as it parses.
#pragma once

#include <string>
#include <string_view>

namespace newsalert::feed {

struct PreparedXml {
  std::string_view input;      // The text given to PrepareXml.
  std::string buffer;          // The rewritten document, when one was needed.
  bool rewritten = false;

  // What to parse.
  std::string_view text() const { return rewritten ? std::string_view(buffer) : input; }

  // validate_utf8 found ill-formed UTF-8: nothing else was done; decode
  // the bytes properly (DecodeToUtf8 with validation) and prepare again.
  bool invalid_utf8 = false;
  // pugixml's output could still hold invalid UTF-8 if this pass read the
  // markup differently from pugixml (it was rewritten, or an invalid
  // reference was left alone as CDATA): check each field (CleanFieldText).
  bool check_fields_utf8 = false;
  // The text holds characters in U+0080..U+00FF, or references to them:
  // only then can CleanFieldText's Latin-1 repairs apply.
  bool latin1_range = false;
  int replaced_references = 0;  // Invalid numeric references -> U+FFFD.
  int decoded_html_entities = 0;
  int dropped_controls = 0;
};

// `utf8` must be valid UTF-8, or validate_utf8 set to have it checked in
// the same scan. The result's `text` may point into `utf8`, which must
// outlive it.
PreparedXml PrepareXml(std::string_view utf8, bool validate_utf8 = false);

}  // namespace newsalert::feed
