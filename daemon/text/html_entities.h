// HTML character references: named (the full WHATWG list) and numeric.
#pragma once

#include <string>
#include <string_view>

namespace newsalert::text {

// Decodes the character reference at the start of `text` (which begins with
// '&'). On success appends the characters to `out` and returns how many
// bytes of `text` it used; returns 0 when there is no valid reference there
// (the caller then keeps the '&' literally). Numeric references to NUL,
// surrogates or beyond U+10FFFF give U+FFFD; the windows-1252 range
// 0x80-0x9F is mapped as browsers do.
std::size_t DecodeCharacterReference(std::string_view text, std::string& out);

// The characters of the named reference `name` as written after '&',
// including its ';' ("nbsp;"); nullptr when HTML defines no such name.
const std::string_view* FindNamedCharacterReference(std::string_view name);

// Every character reference in `text` decoded; all else unchanged.
std::string DecodeEntities(std::string_view text);

}  // namespace newsalert::text
