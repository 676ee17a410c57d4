// Snippets: about 200 characters (code points) of an item's plain text
// around the first match, cut at word boundaries, with every matched word
// (and what a matched /regex/ covers) marked as **word** (Markdown bold,
// which chat receivers render and people read fine as plain text). A "…"
// shows where text was cut.
#pragma once

#include <string>

#include "match/match_document.h"
#include "match/matcher.h"

namespace newsalert::match {

inline constexpr std::size_t kSnippetChars = 200;

std::string BuildSnippet(const MatchDocument& document, const Hit& hit,
                         std::size_t max_chars = kSnippetChars);

}  // namespace newsalert::match
