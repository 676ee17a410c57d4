// Snippets: about 200 characters of an item's plain text around the first
// match, with every matched word marked as **word** (Markdown bold, which
// chat receivers render and people read fine as plain text).
#pragma once

#include <string>

#include "match/match_document.h"
#include "match/matcher.h"

namespace newsalert::match {

inline constexpr std::size_t kSnippetBytes = 200;

std::string BuildSnippet(const MatchDocument& document, const Hit& hit,
                         std::size_t max_bytes = kSnippetBytes);

}  // namespace newsalert::match
