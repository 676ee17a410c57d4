// Charset detection and conversion: feed bytes in any encoding -> UTF-8.
//
// Precedence (RFC 7303 section 3): a byte order mark, then the charset
// parameter of the HTTP Content-Type, then the XML declaration's encoding,
// then UTF-8. Two real-world corrections, each with a warning:
//  - a document labelled with a legacy charset whose bytes are valid UTF-8
//    (and not plain ASCII) is UTF-8: servers and CMSs mislabel UTF-8 feeds
//    (Miniflux does the same), while text in a legacy charset is almost
//    never valid UTF-8 by accident;
//  - a document labelled UTF-8 (or not at all) that holds invalid bytes and
//    no valid multi-byte sequence is windows-1252, the encoding of nearly
//    every such feed (as browsers and Universal Feed Parser read it).
// Everything that is not UTF-8 is converted with iconv (names mapped as the
// WHATWG Encoding Standard does: ISO-8859-1 -> windows-1252, EUC-KR ->
// CP949, GB2312 -> GB18030, Shift_JIS -> CP932...). Bytes invalid in their
// encoding become U+FFFD. The result is always valid UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsalert::feed {

struct DecodedText {
  // The UTF-8 text: the input itself or `owned` (an accessor, so that
  // moving a DecodedText never leaves a view into a moved-from string).
  std::string_view text() const { return use_owned ? std::string_view(owned) : input; }
  void UseInput(std::string_view bytes) {
    input = bytes;
    use_owned = false;
  }

  std::string_view input;             // Part of the caller's bytes.
  std::string owned;                  // Converted or repaired text.
  bool use_owned = false;
  std::string encoding;               // What we decoded from, e.g. "UTF-8", "CP949".
  bool from_utf8 = false;             // The bytes were UTF-8 (no conversion).
  bool utf8_unchecked = false;        // validate_utf8 was false and `text` is the input.
  std::vector<std::string> warnings;  // e.g. unknown charset, invalid bytes.
};

// `bytes` must outlive the result (its `text` may point into them).
// validate_utf8 = false: when the bytes are (labelled or taken as) UTF-8,
// they are returned unchecked, with utf8_unchecked set; the caller checks
// them in a scan of its own (the XML path does, in PrepareXml) and calls
// again with true if they turn out ill-formed.
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type,
                         bool validate_utf8 = true);

// The charset parameter of a Content-Type value, lower-cased; "" if none.
std::string CharsetFromContentType(std::string_view content_type);

// The encoding named by the XML declaration at the start of `bytes`
// (ASCII-compatible encodings only), lower-cased; "" if none.
std::string XmlDeclaredEncoding(std::string_view bytes);

// Offset of the first byte that is not part of well-formed UTF-8, or npos.
// `multibyte` counts the valid multi-byte sequences before that point.
std::size_t FindInvalidUtf8(std::string_view text, std::size_t& multibyte);

}  // namespace newsalert::feed
