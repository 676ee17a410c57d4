// Small string helpers shared by every stage. UTF-8 in, UTF-8 out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsalert {

std::string_view Trim(std::string_view text);
std::string ToLowerAscii(std::string_view text);
bool EqualsIgnoreCaseAscii(std::string_view a, std::string_view b);
std::vector<std::string_view> Split(std::string_view text, char separator);
std::string Join(const std::vector<std::string>& parts, std::string_view separator);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF).
bool IsValidUtf8(std::string_view text);

// Replaces every ill-formed sequence by U+FFFD and drops NUL and the C0
// controls that XML 1.0 forbids (tab, LF and CR stay).
std::string SanitizeUtf8(std::string_view text);

// Appends the UTF-8 encoding of `code_point` (U+FFFD when it is not a scalar
// value).
void AppendUtf8(std::string& out, char32_t code_point);

// Collapses every run of whitespace to one space and trims the ends.
std::string CollapseWhitespace(std::string_view text);

// Cuts `text` to at most `max_bytes`, never inside a UTF-8 sequence, and
// appends "…" when something was cut.
std::string TruncateUtf8(std::string_view text, std::size_t max_bytes);

// The URL with everything after the host replaced by "/…", for logs: webhook
// URLs (Slack, Discord) carry their secret in the path or query.
std::string RedactUrl(std::string_view url);

}  // namespace newsalert
