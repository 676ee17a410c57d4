// Matcher: which filters of a FilterSet match an item, and why. Pure: no
// I/O, no clock; safe to share between threads once built.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "match/filter_set.h"
#include "match/match_document.h"

namespace newsalert::match {

// Where a term matched: field and word index.
struct MatchLocation {
  Field field = Field::kAny;
  std::size_t word = 0;
};

struct Hit {
  std::size_t filter_index;              // Into FilterSet::filters().
  std::vector<std::string> matched_terms;  // Terms as written, first match first, no repeats.
  std::vector<const QueryNode*> matched_nodes;  // The term nodes behind matched_terms.
  std::optional<MatchLocation> first;    // The earliest match, for the snippet.
};

class Matcher {
 public:
  explicit Matcher(std::shared_ptr<const FilterSet> filters);

  // Every filter that applies to the item's feed and whose query holds.
  std::vector<Hit> Match(const MatchDocument& document) const;

  const FilterSet& filters() const { return *filters_; }

 private:
  std::shared_ptr<const FilterSet> filters_;
};

// True when the words of `node` (a term) occur at word `index` of `words`.
bool TermMatchesAt(const QueryNode& node, const text::WordList& words, std::size_t index);

}  // namespace newsalert::match
