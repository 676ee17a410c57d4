// Finding terms in a MatchDocument: a word or phrase through the document's
// word index (the phrase's first exact word is looked up; prefix-only terms
// scan the distinct words), and the occurrences NEAR compares.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "match/flat_query.h"
#include "match/match_document.h"
#include "match/query.h"

namespace newsalert::match {

// One place where a term occurs. A phrase counts from its first word.
struct Occurrence {
  Field field;
  std::uint32_t index;     // Word index in the field's WordList.
  std::uint32_t position;  // Word position (NEAR distances).
  const FlatNode* term;
};

// True when `term`'s words occur at word `index` of `words` (a phrase's
// words at consecutive positions).
bool TermMatchesAt(const TermView& term, const text::WordList& words, std::size_t index);

// The earliest occurrence of `term`, or nothing.
std::optional<MatchLocation> FirstOccurrence(const TermView& term, const MatchDocument& document);

// Appends the occurrences of `node` (a term, an OR of such, or a NEAR) to
// `out`. For a NEAR: the occurrences of either side that have an occurrence
// of the other side, in the same field, at most `distance` words away (and
// not the very same word).
void CollectOccurrences(const FlatQueries& queries, const FlatNode& node,
                        const MatchDocument& document, std::vector<Occurrence>& out);

}  // namespace newsalert::match
