// The MIME encodings an alert email needs (RFC 2045, 2047, 5322). Pure.
//
// Every line produced ends with CRLF and is at most 76 characters (78 is
// RFC 5322's SHOULD, 998 its MUST).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsalert::notify {

// A complete unstructured header field ("Subject: ...\r\n") holding `value`
// (UTF-8; line breaks and control characters become spaces). Printable
// ASCII without "=?" is kept as is and folded at spaces; anything else is
// written as UTF-8 "B" encoded-words (RFC 2047): each at most 75
// characters, each holding whole characters (whole grapheme clusters where
// one fits), separated by folding whitespace, which decoders drop.
std::string EncodeUnstructuredHeader(std::string_view name, std::string_view value);

// A display name for From/To: as is (quoted when it has specials) when it
// is printable ASCII, else encoded-words. Does not fold.
std::string EncodeDisplayName(std::string_view name);

// Quoted-printable (RFC 2045 section 6.7) of UTF-8 text whose lines end in
// "\n" (or "\r\n"): hard line breaks become CRLF, encoded lines are at most
// 76 characters with soft breaks ("=" CRLF) that never split an "=XX"
// escape, "=", non-ASCII bytes, trailing white space, and a "From " or "."
// at the start of a line are escaped.
std::string QuotedPrintable(std::string_view text);

// Decoding counterparts, for tests.
std::string DecodeQuotedPrintable(std::string_view encoded);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace newsalert::notify
