// FilterIndex: which filters an item can possibly match, found from the
// item's distinct words instead of by trying every filter.
//
// Each filter gets "anchors": words (or word prefixes) at least one of
// which every matching item contains. A term's anchor is its longest exact
// word (else its longest prefix); an AND or NEAR takes the anchors of its
// most selective side; an OR needs anchors on every side. A filter without
// anchors (only NOTs, or a regex that is not ANDed with a word) is
// evaluated for every item. Anchors ignore fields: a candidate is still
// evaluated in full, so extra candidates cost time, never correctness.
//
// Lookups are a Bloom-style bit test per distinct word, then a hash probe
// on the rare hits, so the cost per item barely depends on the number of
// filters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "match/match_document.h"
#include "match/query.h"

namespace newsalert::match {

struct Anchor {
  std::string text;  // Folded.
  bool prefix = false;
};

// The anchors of a query, or an empty list when it has none.
std::vector<Anchor> QueryAnchors(const QueryNode& query);

class FilterIndex {
 public:
  // `queries[i]` is filter i's query.
  void Build(const std::vector<const QueryNode*>& queries);

  // Appends to `out` every filter that may match `document`: those with an
  // anchor in it, and those without anchors. Unsorted; may repeat.
  void Candidates(const MatchDocument& document, std::vector<std::uint32_t>& out) const;

  std::size_t always_evaluated() const { return always_.size(); }

 private:
  struct Posting {
    std::uint32_t filter;
    std::uint32_t text;  // Index into texts_.
  };
  // One key of an open-addressing table: every posting with this hash.
  struct Bucket {
    std::uint64_t hash = 0;
    std::uint32_t begin = 0;  // Range in postings_.
    std::uint32_t end = 0;
  };
  struct Table {
    std::vector<Bucket> buckets;   // Power-of-two size; end == 0 means empty.
    std::vector<std::uint64_t> bloom;
    std::uint64_t bloom_mask = 0;  // In bits.
    std::vector<Posting> postings;

    void Build(std::vector<std::pair<std::uint64_t, Posting>> entries);
    bool MayContain(std::uint64_t hash) const {
      std::uint64_t bit = (hash >> 17) & bloom_mask;
      return (bloom[bit >> 6] >> (bit & 63)) & 1;
    }
    const Bucket* Find(std::uint64_t hash) const;
  };

  // Prefix anchors are keyed by their first kPrefixKey bytes (or all of
  // them when shorter), so that a word needs at most a few probes.
  static constexpr std::size_t kPrefixKey = 4;

  Table exact_;
  Table prefix_;
  std::uint32_t short_prefix_lengths_ = 0;  // Bit L: a prefix anchor of L < kPrefixKey bytes.
  bool has_long_prefixes_ = false;
  std::vector<std::string> texts_;
  std::vector<std::uint32_t> always_;
};

}  // namespace newsalert::match
