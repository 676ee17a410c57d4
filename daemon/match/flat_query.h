// FlatQueries: every filter's query tree laid out in two contiguous arrays
// (nodes, then words), for evaluation. With thousands of filters the tree of
// separately allocated QueryNodes costs a cache miss per node visited; here a
// filter's nodes and words sit next to each other.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "match/query.h"

namespace newsalert::match {

// The words and field of a term, wherever they are stored.
struct TermView {
  const TermWord* words = nullptr;
  std::uint32_t count = 0;
  Field field = Field::kAny;
};

inline TermView ViewOf(const QueryNode& term) {
  return TermView{term.words.data(), static_cast<std::uint32_t>(term.words.size()), term.field};
}

struct FlatNode {
  QueryNode::Kind kind;
  Field field;
  std::uint32_t first;   // Children: index of the first in nodes(); terms: of the first word.
  std::uint32_t count;   // Number of children / words.
  int distance;          // NEAR.
  std::uint32_t text;    // Terms and regexes: index of the source text.
  std::uint32_t term;    // Terms: the same id for the same words, prefixes and field.
  const QueryNode* source;  // The tree node (evidence, regex).
};

class FlatQueries {
 public:
  // Adds a query; returns the index of its root node.
  std::uint32_t Add(const QueryNode& root);

  const FlatNode& node(std::uint32_t index) const { return nodes_[index]; }
  TermView term(const FlatNode& node) const {
    return TermView{words_.data() + node.first, node.count, node.field};
  }
  // A term's or regex's text as written (QueryNode::source_text).
  const std::string& text(const FlatNode& node) const { return texts_[node.text]; }
  // Number of distinct terms (ids of FlatNode::term are below it): filters
  // share terms, and a term is looked up once per item.
  std::uint32_t term_count() const { return static_cast<std::uint32_t>(term_ids_.size()); }

 private:
  void Fill(std::uint32_t index, const QueryNode& node);

  std::vector<FlatNode> nodes_;
  std::vector<TermWord> words_;
  std::vector<std::string> texts_;
  std::map<std::string, std::uint32_t> term_ids_;  // Key: field, words, prefix flags.
};

}  // namespace newsalert::match
