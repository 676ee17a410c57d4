// Matcher: which filters of a FilterSet match an item, and why. Pure: no
// I/O, no clock. It keeps scratch buffers between calls, so use one Matcher
// per thread (the FilterSet itself is immutable and shared).
//
// Per item: the document is tokenised once (MatchDocument), the filter
// index names the candidate filters from the item's distinct words, and only
// those are evaluated (plus the few filters without anchors).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "match/filter_set.h"
#include "match/match_document.h"

namespace newsalert::match {

struct Hit {
  std::size_t filter_index = 0;             // Into FilterSet::filters().
  std::vector<std::string> matched_terms;   // Terms as written, in query order, no repeats.
  std::vector<const QueryNode*> matched_nodes;  // The term and regex nodes behind them.
  std::optional<MatchLocation> first;       // The earliest match, for the snippet.
};

struct TermCache;

class Matcher {
 public:
  explicit Matcher(std::shared_ptr<const FilterSet> filters);
  ~Matcher();
  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;

  // Every filter that applies to the item's feed and whose query holds, in
  // filter order.
  std::vector<Hit> Match(const MatchDocument& document);

  // Evaluates filter `index` alone, without the index (tests, benchmarks).
  std::optional<Hit> MatchOne(const MatchDocument& document, std::size_t index) const;

  const FilterSet& filters() const { return *filters_; }

  // Evaluate filters that name feeds (`feeds = [...]`) on any item too
  // (test-filter on a feed that is not in the config).
  void set_ignore_feed_restrictions(bool ignore) { ignore_feed_restrictions_ = ignore; }

 private:
  std::shared_ptr<const FilterSet> filters_;
  bool ignore_feed_restrictions_ = false;
  FilterIndex::Scratch scratch_;
  std::vector<std::uint32_t> candidates_;
  std::unique_ptr<TermCache> term_cache_;
};

// True when term `node`'s words occur at word `index` of `words` (the
// phrase's words at consecutive positions).
bool TermMatchesAt(const QueryNode& node, const text::WordList& words, std::size_t index);

}  // namespace newsalert::match
