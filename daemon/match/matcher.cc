#include "match/matcher.h"

#include <re2/re2.h>

#include <algorithm>

#include "match/term_search.h"

namespace newsalert::match {
namespace {

bool Earlier(const MatchLocation& a, const MatchLocation& b) {
  if (a.field != b.field) return static_cast<int>(a.field) < static_cast<int>(b.field);
  return a.word < b.word;
}

// The terms behind a match, and where the earliest one is.
struct Evidence {
  std::vector<const QueryNode*> nodes;
  std::optional<MatchLocation> first;

  void Clear() {
    nodes.clear();
    first.reset();
  }
  void Add(const QueryNode* node, std::optional<MatchLocation> location) {
    nodes.push_back(node);
    Locate(location);
  }
  void Locate(std::optional<MatchLocation> location) {
    if (location && (!first || Earlier(*location, *first))) first = location;
  }
};

class Evaluator {
 public:
  explicit Evaluator(const MatchDocument& document) : document_(document) {}

  bool Evaluate(const QueryNode& node, Evidence& evidence) {
    switch (node.kind) {
      case QueryNode::Kind::kTerm: {
        std::optional<MatchLocation> first = FirstOccurrence(node, document_);
        if (!first) return false;
        evidence.Add(&node, first);
        return true;
      }
      case QueryNode::Kind::kRegex:
        return EvaluateRegex(node, evidence);
      case QueryNode::Kind::kAnd: {
        std::size_t checkpoint = evidence.nodes.size();
        std::optional<MatchLocation> first = evidence.first;
        for (const auto& child : node.children) {
          if (!Evaluate(*child, evidence)) {
            evidence.nodes.resize(checkpoint);  // A failed AND explains nothing.
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
      case QueryNode::Kind::kNear: {
        occurrences_.clear();
        CollectOccurrences(node, document_, occurrences_);
        for (const Occurrence& occurrence : occurrences_) {
          if (std::find(evidence.nodes.begin(), evidence.nodes.end(), occurrence.term) ==
              evidence.nodes.end()) {
            evidence.nodes.push_back(occurrence.term);
          }
          evidence.Locate(MatchLocation{occurrence.field, occurrence.index});
        }
        return !occurrences_.empty();
      }
    }
    return false;
  }

 private:
  bool EvaluateRegex(const QueryNode& node, Evidence& evidence) {
    std::string_view text = document_.FoldedText(node.field);
    re2::StringPiece match;
    if (!node.regex->Match(text, 0, text.size(), RE2::UNANCHORED, &match, 1)) return false;
    auto offset = static_cast<std::size_t>(match.data() - text.data());
    evidence.Add(&node, document_.LocateFolded(node.field, offset));
    return true;
  }

  const MatchDocument& document_;
  std::vector<Occurrence> occurrences_;
};

Hit MakeHit(std::size_t index, const Evidence& evidence) {
  Hit hit;
  hit.filter_index = index;
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
  return hit;
}

}  // namespace

Matcher::Matcher(std::shared_ptr<const FilterSet> filters) : filters_(std::move(filters)) {}

std::optional<Hit> Matcher::MatchOne(const MatchDocument& document, std::size_t index) const {
  const CompiledFilter& filter = filters_->filters()[index];
  const model::Item& item = document.item();
  if (!filter.AppliesTo(item.feed_name, item.feed_tags)) return std::nullopt;
  Evidence evidence;
  Evaluator evaluator(document);
  if (!evaluator.Evaluate(*filter.query, evidence)) return std::nullopt;
  return MakeHit(index, evidence);
}

std::vector<Hit> Matcher::Match(const MatchDocument& document) {
  candidates_.clear();
  filters_->index().Candidates(document, candidates_);
  std::sort(candidates_.begin(), candidates_.end());
  candidates_.erase(std::unique(candidates_.begin(), candidates_.end()), candidates_.end());
  std::vector<Hit> hits;
  for (std::uint32_t index : candidates_) {
    if (std::optional<Hit> hit = MatchOne(document, index)) hits.push_back(std::move(*hit));
  }
  return hits;
}

}  // namespace newsalert::match
