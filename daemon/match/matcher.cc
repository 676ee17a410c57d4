#include "match/matcher.h"

#include <algorithm>

namespace newsalert::match {
namespace {

constexpr Field kAnyFields[] = {Field::kTitle, Field::kSummary, Field::kContent};

bool WordMatches(std::string_view word, std::string_view pattern, bool prefix) {
  if (prefix) return word.substr(0, pattern.size()) == pattern;
  return word == pattern;
}

// Collects matched terms; a checkpoint lets a failed AND take back what its
// earlier children added.
struct Evidence {
  std::vector<const QueryNode*> nodes;
  std::optional<MatchLocation> first;
};

class Evaluator {
 public:
  explicit Evaluator(const MatchDocument& document) : document_(document) {}

  bool Evaluate(const QueryNode& node, Evidence& evidence) {
    switch (node.kind) {
      case QueryNode::Kind::kTerm:
        return EvaluateTerm(node, evidence);
      case QueryNode::Kind::kAnd: {
        std::size_t checkpoint = evidence.nodes.size();
        std::optional<MatchLocation> first = evidence.first;
        for (const auto& child : node.children) {
          if (!Evaluate(*child, evidence)) {
            evidence.nodes.resize(checkpoint);
            evidence.first = first;
            return false;
          }
        }
        return true;
      }
      case QueryNode::Kind::kOr: {
        bool any = false;
        // No short cut: every matching alternative is part of the explanation.
        for (const auto& child : node.children) any = Evaluate(*child, evidence) || any;
        return any;
      }
      case QueryNode::Kind::kNot: {
        Evidence ignored;
        return !Evaluate(*node.children[0], ignored);
      }
    }
    return false;
  }

 private:
  bool EvaluateTerm(const QueryNode& node, Evidence& evidence) {
    auto search = [&](Field field) -> bool {
      const text::WordList& words = document_.words(field);
      for (std::size_t i = 0; i < words.size(); ++i) {
        if (TermMatchesAt(node, words, i)) {
          evidence.nodes.push_back(&node);
          MatchLocation location{field, i};
          if (!evidence.first || Earlier(location, *evidence.first)) evidence.first = location;
          return true;
        }
      }
      return false;
    };
    if (node.field != Field::kAny) return search(node.field);
    for (Field field : kAnyFields) {
      if (search(field)) return true;
    }
    return false;
  }

  static bool Earlier(const MatchLocation& a, const MatchLocation& b) {
    if (a.field != b.field) return static_cast<int>(a.field) < static_cast<int>(b.field);
    return a.word < b.word;
  }

  const MatchDocument& document_;
};

}  // namespace

bool TermMatchesAt(const QueryNode& node, const text::WordList& words, std::size_t index) {
  const std::vector<std::string>& pattern = node.words;
  if (index + pattern.size() > words.size()) return false;
  for (std::size_t k = 0; k < pattern.size(); ++k) {
    bool last = k + 1 == pattern.size();
    if (!WordMatches(words.folded(index + k), pattern[k], last && node.prefix)) return false;
  }
  return true;
}

Matcher::Matcher(std::shared_ptr<const FilterSet> filters) : filters_(std::move(filters)) {}

std::vector<Hit> Matcher::Match(const MatchDocument& document) const {
  std::vector<Hit> hits;
  const model::Item& item = document.item();
  const std::vector<CompiledFilter>& filters = filters_->filters();
  for (std::size_t i = 0; i < filters.size(); ++i) {
    const CompiledFilter& filter = filters[i];
    if (!filter.AppliesTo(item.feed_name, item.feed_tags)) continue;
    Evidence evidence;
    Evaluator evaluator(document);
    if (!evaluator.Evaluate(*filter.query, evidence)) continue;
    Hit hit;
    hit.filter_index = i;
    hit.first = evidence.first;
    for (const QueryNode* node : evidence.nodes) {
      if (std::find(hit.matched_nodes.begin(), hit.matched_nodes.end(), node) !=
          hit.matched_nodes.end()) {
        continue;
      }
      hit.matched_nodes.push_back(node);
      if (std::find(hit.matched_terms.begin(), hit.matched_terms.end(), node->source_text) ==
          hit.matched_terms.end()) {
        hit.matched_terms.push_back(node->source_text);
      }
    }
    hits.push_back(std::move(hit));
  }
  return hits;
}

}  // namespace newsalert::match
