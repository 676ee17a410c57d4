#include "match/flat_query.h"

namespace newsalert::match {

std::uint32_t FlatQueries::Add(const QueryNode& root) {
  auto index = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(FlatNode{});
  Fill(index, root);
  return index;
}

// Children of a node are consecutive; each child's subtree follows them.
void FlatQueries::Fill(std::uint32_t index, const QueryNode& node) {
  FlatNode flat{node.kind, node.field, 0, 0, node.distance, 0, 0, &node};
  if (node.kind == QueryNode::Kind::kTerm || node.kind == QueryNode::Kind::kRegex) {
    flat.text = static_cast<std::uint32_t>(texts_.size());
    texts_.push_back(node.source_text);
  }
  if (node.kind == QueryNode::Kind::kTerm) {
    std::string key(1, static_cast<char>('0' + static_cast<int>(node.field)));
    for (const TermWord& word : node.words) {
      key += word.prefix ? '*' : ' ';
      key += word.text;
    }
    flat.term = term_ids_.emplace(std::move(key), static_cast<std::uint32_t>(term_ids_.size()))
                    .first->second;
    flat.first = static_cast<std::uint32_t>(words_.size());
    flat.count = static_cast<std::uint32_t>(node.words.size());
    words_.insert(words_.end(), node.words.begin(), node.words.end());
    nodes_[index] = flat;
    return;
  }
  flat.first = static_cast<std::uint32_t>(nodes_.size());
  flat.count = static_cast<std::uint32_t>(node.children.size());
  nodes_[index] = flat;
  nodes_.resize(nodes_.size() + node.children.size());
  for (std::uint32_t i = 0; i < flat.count; ++i) Fill(flat.first + i, *node.children[i]);
}

}  // namespace newsalert::match
