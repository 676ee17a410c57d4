// MatchDocument: an item's text split into folded words per field, built
// once per item whatever the number of filters, plus an index from each
// distinct word to its occurrences so that a term is found without a scan.
//
// Words of all fields share one numbering ("word ids": title words first,
// then summary, content, author, category, feed, link). Multi-valued fields
// (authors, categories, the feed's name and tags) keep their values apart:
// positions jump by WordList::kValueGap between values, so no phrase or
// NEAR spans two of them.
//
// Not thread-safe; reuse one document per thread across items (it keeps its
// buffers).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "match/query.h"
#include "model/item.h"
#include "text/words.h"

namespace newsalert::match {

// Where a term matched: field and word index in that field's WordList.
struct MatchLocation {
  Field field = Field::kAny;
  std::size_t word = 0;
};

// One distinct word of a document and where its occurrences are.
struct DistinctWord {
  std::uint64_t hash;
  const char* text;       // Folded; valid until the next Assign.
  std::uint32_t length;
  std::uint32_t first;    // Word id of the first occurrence.
  std::uint32_t last;     // Word id of the last one.

  std::string_view folded() const { return {text, length}; }
};

// A set of fields, one bit per Field.
using FieldMask = std::uint32_t;
constexpr FieldMask FieldBit(Field field) { return FieldMask{1} << static_cast<int>(field); }
inline constexpr FieldMask kAllFields = (FieldMask{1} << kFieldCount) - 1;

class MatchDocument {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  // Tokenises the fields of `item` in `fields` (title, summary and content
  // always: snippets show them); the others look empty. Pass
  // FilterSet::fields() to skip what no filter looks at. `item` must
  // outlive this document (or the next Assign).
  void Assign(const model::Item& item, FieldMask fields = kAllFields);

  const model::Item& item() const { return *item_; }
  const text::WordList& words(Field field) const { return lists_[Index(field)]; }
  // The text the words of `field` were taken from (values joined by "\n").
  std::string_view text(Field field) const { return texts_[Index(field)]; }

  // Occurrences of a folded word: the id of its first occurrence, or kNone;
  // NextOccurrence walks the rest in id order.
  std::uint32_t Find(std::uint64_t hash, std::string_view folded) const;
  std::uint32_t NextOccurrence(std::uint32_t id) const { return next_[id]; }
  // Every distinct word, in order of first occurrence.
  std::span<const DistinctWord> distinct() const { return {distinct_.data(), distinct_count_}; }
  // Calls visit(const DistinctWord&) for every distinct word that starts
  // with `prefix` (and maybe others: callers check), until visit returns
  // false. Words are bucketed by their first bytes on first use.
  template <typename Visit>
  void ForEachWithPrefix(std::string_view prefix, Visit&& visit) const;

  Field FieldOf(std::uint32_t id) const {
    std::size_t field = kFieldCount - 1;
    while (base_[field] > id) --field;
    return static_cast<Field>(field);
  }
  std::uint32_t IndexOf(std::uint32_t id) const {
    return id - base_[static_cast<std::size_t>(FieldOf(id))];
  }
  const text::Word& WordAt(std::uint32_t id) const {
    return lists_[static_cast<std::size_t>(FieldOf(id))].word(IndexOf(id));
  }
  std::string_view FoldedAt(std::uint32_t id) const {
    return lists_[static_cast<std::size_t>(FieldOf(id))].folded(IndexOf(id));
  }

  // The folded text /regex/ terms search: of one field, or for kAny the
  // title, summary and content joined by "\n". Built on first use.
  std::string_view FoldedText(Field field) const;
  // The word at or after byte `offset` of FoldedText(field), or nothing when
  // only separators follow.
  std::optional<MatchLocation> LocateFolded(Field field, std::size_t offset) const;

 private:
  static std::size_t Index(Field field) { return static_cast<std::size_t>(field); }
  void BuildIndex();
  void BuildFolded(std::size_t field) const;

  const model::Item* item_ = nullptr;
  std::array<std::string_view, kFieldCount> texts_;
  std::array<std::string, 3> joined_;  // Authors, categories, feed name + tags.
  std::array<text::WordList, kFieldCount> lists_;

  // Word ids.
  std::array<std::uint32_t, kFieldCount + 1> base_{};
  std::vector<std::uint32_t> next_;
  std::vector<DistinctWord> distinct_;  // The first distinct_count_ are in use.
  std::uint32_t distinct_count_ = 0;
  // Open addressing: slot -> 1 + index into distinct_ (0 = empty).
  std::vector<std::uint32_t> slots_;
  std::uint32_t mask_ = 0;

  // Distinct words by their first kPrefixKey bytes, built on demand:
  // bucket -> 1 + index into distinct_, chained through prefix_next_.
  static constexpr std::size_t kPrefixKey = 4;
  void BuildPrefixBuckets() const;
  mutable bool prefix_built_ = false;
  mutable std::vector<std::uint32_t> prefix_heads_;
  mutable std::vector<std::uint32_t> prefix_next_;

  // Folded texts, built on demand (kAny included).
  mutable std::array<bool, kFieldCount> folded_built_{};
  mutable std::array<std::string, kFieldCount> folded_;
  mutable std::array<std::vector<std::uint32_t>, kFieldCount> folded_offsets_;
};

template <typename Visit>
void MatchDocument::ForEachWithPrefix(std::string_view prefix, Visit&& visit) const {
  if (prefix.size() < kPrefixKey) {
    for (const DistinctWord& word : distinct()) {
      if (!visit(word)) return;
    }
    return;
  }
  BuildPrefixBuckets();
  std::uint64_t key = text::PrefixKeyHash(prefix.substr(0, kPrefixKey));
  auto mask = static_cast<std::uint32_t>(prefix_heads_.size() - 1);
  for (std::uint32_t at = prefix_heads_[static_cast<std::uint32_t>(key) & mask]; at != 0;
       at = prefix_next_[at - 1]) {
    if (!visit(distinct_[at - 1])) return;
  }
}

}  // namespace newsalert::match
