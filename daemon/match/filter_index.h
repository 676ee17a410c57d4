// FilterIndex: which filters an item can possibly match, found from the
// item's distinct words instead of by trying every filter.
//
// Each filter gets up to kMaxGroups "required groups": sets of words (or
// word prefixes) such that every matching item contains at least one word
// of every group. Every word of a term is required; an AND or NEAR requires
// what each side requires; an OR contributes one group made of one group of
// each side (and none when a side has none); NOT and regexes require
// nothing. The most selective groups are kept. A filter is a candidate when
// the item hits all of its groups ("counting"), so `Croatia AND "prime
// minister"` is not evaluated for every item that mentions a minister. A
// filter without groups (only NOTs, or a regex not ANDed with a word) is
// evaluated for every item. Groups ignore fields: a candidate is still
// evaluated in full, so extra candidates cost time, never correctness.
//
// Lookups are a Bloom-style bit test per distinct word of the item, then a
// hash probe on the rare hits, so the cost per item barely depends on the
// number of filters.
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
using AnchorGroup = std::vector<Anchor>;  // At least one of them.

inline constexpr std::size_t kMaxGroups = 3;

// The required groups of a query (at most kMaxGroups, most selective
// first), or none.
std::vector<AnchorGroup> RequiredGroups(const QueryNode& query);

class FilterIndex {
 public:
  // Per-caller state of Candidates (one per thread).
  struct Scratch {
    std::vector<std::uint8_t> hits;     // Per filter: which groups were hit.
    std::vector<std::uint32_t> touched;
  };

  // `queries[i]` is filter i's query.
  void Build(const std::vector<const QueryNode*>& queries);

  // Appends to `out`, in increasing order, every filter that may match
  // `document`: those whose groups it all hits, and those without groups.
  void Candidates(const MatchDocument& document, Scratch& scratch,
                  std::vector<std::uint32_t>& out) const;

  std::size_t always_evaluated() const { return always_.size(); }

 private:
  // 4 bytes: walked by the thousand per item at 10,000 filters.
  struct Posting {
    std::uint32_t filter_group;  // filter << 2 | group index (< kMaxGroups).

    std::uint32_t filter() const { return filter_group >> 2; }
    std::uint8_t group_bit() const { return static_cast<std::uint8_t>(1u << (filter_group & 3)); }
  };
  static_assert(kMaxGroups <= 4, "group indexes take two bits of a posting");
  // The postings of one anchor text: its text is compared once, then the
  // postings are counted in a tight loop.
  struct Run {
    std::uint32_t text;   // Index into texts_.
    std::uint32_t begin;  // Range in postings.
    std::uint32_t end;
  };
  // One key of an open-addressing table: every run with this hash (almost
  // always one; prefix keys are shared by the anchors with the same first
  // bytes).
  struct Bucket {
    std::uint64_t hash = 0;
    std::uint32_t begin = 0;  // Range in runs.
    std::uint32_t end = 0;
  };
  struct Entry {
    std::uint64_t hash;
    std::uint32_t text;
    Posting posting;
  };
  struct Table {
    std::vector<Bucket> buckets;   // Power-of-two size; end == 0 means empty.
    std::vector<std::uint64_t> bloom;
    std::uint64_t bloom_mask = 0;  // In bits.
    std::vector<Run> runs;
    std::vector<Posting> postings;

    void Build(std::vector<Entry> entries);
    bool MayContain(std::uint64_t hash) const {
      std::uint64_t bit = (hash >> 17) & bloom_mask;
      return (bloom[bit >> 6] >> (bit & 63)) & 1;
    }
    const Bucket* Find(std::uint64_t hash) const;
  };

  static std::size_t CountPostings(const Posting* postings, std::size_t count,
                                   std::uint8_t* hits, std::uint32_t* touched,
                                   std::size_t touched_count);

  // Prefix anchors are keyed by their first kPrefixKey bytes (or all of
  // them when shorter), so that a word needs at most a few probes.
  static constexpr std::size_t kPrefixKey = 4;

  Table exact_;
  Table prefix_;
  std::uint32_t short_prefix_lengths_ = 0;  // Bit L: a prefix anchor of L < kPrefixKey bytes.
  bool has_long_prefixes_ = false;
  std::vector<std::string> texts_;
  std::vector<std::uint8_t> required_;  // Per filter: all its group bits.
  std::vector<std::uint32_t> always_;
};

}  // namespace newsalert::match
