#include "match/matcher.h"

#include <re2/re2.h>

#include <algorithm>

#include "match/term_search.h"

namespace newsalert::match {
// Where each term was found in the current item, so that a term shared by
// many filters is looked up once.
struct TermCache {
  std::vector<std::uint32_t> stamp;  // == generation: `first` is for this item.
  std::vector<std::optional<MatchLocation>> first;
  std::uint32_t generation = 0;

  void Start(std::uint32_t terms) {
    if (stamp.size() < terms) {
      stamp.resize(terms, 0);
      first.resize(terms);
    }
    if (++generation == 0) {  // Wrapped: forget everything.
      std::fill(stamp.begin(), stamp.end(), 0);
      generation = 1;
    }
  }
};

namespace {

bool Earlier(const MatchLocation& a, const MatchLocation& b) {
  if (a.field != b.field) return static_cast<int>(a.field) < static_cast<int>(b.field);
  return a.word < b.word;
}

// The terms behind a match, and where the earliest one is.
struct Evidence {
  std::vector<const FlatNode*> nodes;
  std::optional<MatchLocation> first;

  void Clear() {
    nodes.clear();
    first.reset();
  }
  void Add(const FlatNode* node, std::optional<MatchLocation> location) {
    nodes.push_back(node);
    Locate(location);
  }
  void Locate(std::optional<MatchLocation> location) {
    if (location && (!first || Earlier(*location, *first))) first = location;
  }
};

class Evaluator {
 public:
  Evaluator(const FlatQueries& queries, const MatchDocument& document, TermCache& cache)
      : queries_(queries), document_(document), cache_(cache) {}

  bool Evaluate(const FlatNode& node, Evidence& evidence) {
    switch (node.kind) {
      case QueryNode::Kind::kTerm: {
        if (cache_.stamp[node.term] != cache_.generation) {
          cache_.stamp[node.term] = cache_.generation;
          cache_.first[node.term] = FirstOccurrence(queries_.term(node), document_);
        }
        const std::optional<MatchLocation>& first = cache_.first[node.term];
        if (!first) return false;
        evidence.Add(&node, first);
        return true;
      }
      case QueryNode::Kind::kRegex:
        return EvaluateRegex(node, evidence);
      case QueryNode::Kind::kAnd: {
        std::size_t checkpoint = evidence.nodes.size();
        std::optional<MatchLocation> first = evidence.first;
        for (std::uint32_t i = 0; i < node.count; ++i) {
          if (!Evaluate(queries_.node(node.first + i), evidence)) {
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
        for (std::uint32_t i = 0; i < node.count; ++i) {
          any = Evaluate(queries_.node(node.first + i), evidence) || any;
        }
        return any;
      }
      case QueryNode::Kind::kNot: {
        // What a NOT's term matched explains nothing; collect it aside.
        if (&evidence != &ignored_) ignored_.Clear();
        return !Evaluate(queries_.node(node.first), ignored_);
      }
      case QueryNode::Kind::kNear: {
        occurrences_.clear();
        CollectOccurrences(queries_, node, document_, occurrences_);
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
  bool EvaluateRegex(const FlatNode& node, Evidence& evidence) {
    std::string_view text = document_.FoldedText(node.field);
    re2::StringPiece match;
    if (!node.source->regex->Match(text, 0, text.size(), RE2::UNANCHORED, &match, 1)) {
      return false;
    }
    auto offset = static_cast<std::size_t>(match.data() - text.data());
    evidence.Add(&node, document_.LocateFolded(node.field, offset));
    return true;
  }

  const FlatQueries& queries_;
  const MatchDocument& document_;
  TermCache& cache_;
  std::vector<Occurrence> occurrences_;
  Evidence ignored_;
};

Hit MakeHit(std::size_t index, const Evidence& evidence, const FlatQueries& queries) {
  Hit hit;
  hit.filter_index = index;
  hit.first = evidence.first;
  hit.matched_nodes.reserve(evidence.nodes.size());
  hit.matched_terms.reserve(evidence.nodes.size());
  for (const FlatNode* node : evidence.nodes) {
    if (std::find(hit.matched_nodes.begin(), hit.matched_nodes.end(), node->source) !=
        hit.matched_nodes.end()) {
      continue;
    }
    hit.matched_nodes.push_back(node->source);
    const std::string& text = queries.text(*node);
    if (std::find(hit.matched_terms.begin(), hit.matched_terms.end(), text) ==
        hit.matched_terms.end()) {
      hit.matched_terms.push_back(text);
    }
  }
  return hit;
}

}  // namespace

Matcher::Matcher(std::shared_ptr<const FilterSet> filters)
    : filters_(std::move(filters)), term_cache_(std::make_unique<TermCache>()) {}

Matcher::~Matcher() = default;
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;

std::optional<Hit> Matcher::MatchOne(const MatchDocument& document, std::size_t index) const {
  const CompiledFilter& filter = filters_->filters()[index];
  const model::Item& item = document.item();
  if (!ignore_feed_restrictions_ && !filter.AppliesTo(item.feed_name, item.feed_tags)) {
    return std::nullopt;
  }
  Evidence evidence;
  TermCache cache;
  cache.Start(filters_->flat().term_count());
  Evaluator evaluator(filters_->flat(), document, cache);
  if (!evaluator.Evaluate(filters_->flat().node(filters_->root(index)), evidence)) {
    return std::nullopt;
  }
  return MakeHit(index, evidence, filters_->flat());
}

std::vector<Hit> Matcher::Match(const MatchDocument& document) {
  candidates_.clear();
  filters_->index().Candidates(document, scratch_, candidates_);
  const std::vector<CompiledFilter>& filters = filters_->filters();
  const model::Item& item = document.item();
  std::vector<Hit> hits;
  hits.reserve(candidates_.size());
  const FlatQueries& flat = filters_->flat();
  term_cache_->Start(flat.term_count());
  Evaluator evaluator(flat, document, *term_cache_);
  Evidence evidence;
  for (std::uint32_t index : candidates_) {
    if (filters_->restricted(index) && !ignore_feed_restrictions_ &&
        !filters[index].AppliesTo(item.feed_name, item.feed_tags)) {
      continue;
    }
    evidence.Clear();
    if (evaluator.Evaluate(flat.node(filters_->root(index)), evidence)) {
      hits.push_back(MakeHit(index, evidence, flat));
    }
  }
  return hits;
}

}  // namespace newsalert::match
