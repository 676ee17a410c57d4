// Charset detection and conversion: feed bytes in any encoding -> UTF-8.
//
// Precedence (RFC 7303 section 3 and real-world practice): a byte order
// mark, then the charset parameter of the HTTP Content-Type, then the XML
// declaration's encoding, then UTF-8. Everything that is not UTF-8 is
// converted with iconv; bytes that are invalid in their encoding become
// U+FFFD. The result is always valid UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsalert::feed {

struct DecodedText {
  std::string utf8;
  std::string encoding;               // What we decoded from, e.g. "UTF-8", "EUC-KR".
  std::vector<std::string> warnings;  // e.g. unknown charset, invalid bytes.
};

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type);

// The charset parameter of a Content-Type value, lower-cased; "" if none.
std::string CharsetFromContentType(std::string_view content_type);

}  // namespace newsalert::feed
