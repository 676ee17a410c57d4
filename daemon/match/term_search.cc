#include "match/term_search.h"

#include <algorithm>

#include "match/matcher.h"

namespace newsalert::match {
namespace {

bool FieldAllowed(Field term_field, Field field) {
  if (term_field == Field::kAny) {
    return field == Field::kTitle || field == Field::kSummary || field == Field::kContent;
  }
  return field == term_field;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Calls visit(field, index) for every occurrence of term `node`, in word id
// order when the term has an exact word, else grouped by distinct word;
// stops when visit returns false.
template <typename Visit>
void ForEachOccurrence(const QueryNode& node, const MatchDocument& document, Visit&& visit) {
  const std::vector<TermWord>& words = node.words;
  std::size_t pivot = 0;
  while (pivot < words.size() && words[pivot].prefix) ++pivot;
  auto visit_chain = [&](std::uint32_t id, std::size_t offset) {
    for (; id != MatchDocument::kNone; id = document.NextOccurrence(id)) {
      Field field = document.FieldOf(id);
      if (!FieldAllowed(node.field, field)) continue;
      std::uint32_t index = document.IndexOf(id);
      if (index < offset) continue;
      std::uint32_t start = index - static_cast<std::uint32_t>(offset);
      if (TermMatchesAt(node, document.words(field), start) && !visit(field, start)) return false;
    }
    return true;
  };
  if (pivot < words.size()) {
    visit_chain(document.Find(words[pivot].hash, words[pivot].text), pivot);
    return;
  }
  // Only prefixes (a prefix word, or Korean words): try every distinct word.
  for (const DistinctWord& word : document.distinct()) {
    if (StartsWith(word.folded(), words[0].text) && !visit_chain(word.first, 0)) return;
  }
}

bool ByPlace(const Occurrence& a, const Occurrence& b) {
  if (a.field != b.field) return static_cast<int>(a.field) < static_cast<int>(b.field);
  return a.position < b.position;
}

// Whether `sorted` has an occurrence within `distance` of `at`, other than
// `at` itself.
bool HasNear(const std::vector<Occurrence>& sorted, const Occurrence& at, int distance) {
  std::uint32_t low = at.position > static_cast<std::uint32_t>(distance)
                          ? at.position - static_cast<std::uint32_t>(distance)
                          : 0;
  Occurrence probe{at.field, 0, low, nullptr};
  for (auto it = std::lower_bound(sorted.begin(), sorted.end(), probe, ByPlace);
       it != sorted.end() && it->field == at.field &&
       it->position <= at.position + static_cast<std::uint32_t>(distance);
       ++it) {
    if (it->position != at.position) return true;
  }
  return false;
}

}  // namespace

bool TermMatchesAt(const QueryNode& node, const text::WordList& words, std::size_t index) {
  const std::vector<TermWord>& pattern = node.words;
  if (pattern.empty() || index + pattern.size() > words.size()) return false;
  std::uint32_t position = words.word(index).position;
  for (std::size_t k = 0; k < pattern.size(); ++k) {
    const text::Word& word = words.word(index + k);
    if (word.position != position + k) return false;  // The next value of the field.
    const TermWord& term = pattern[k];
    std::string_view folded = words.folded(index + k);
    if (term.prefix ? !StartsWith(folded, term.text)
                    : (word.hash != term.hash || folded != term.text)) {
      return false;
    }
  }
  return true;
}

std::optional<MatchLocation> FirstOccurrence(const QueryNode& node,
                                             const MatchDocument& document) {
  std::optional<MatchLocation> first;
  bool ordered = std::any_of(node.words.begin(), node.words.end(),
                             [](const TermWord& word) { return !word.prefix; });
  ForEachOccurrence(node, document, [&](Field field, std::uint32_t index) {
    MatchLocation location{field, index};
    if (!first || static_cast<int>(field) < static_cast<int>(first->field) ||
        (field == first->field && index < first->word)) {
      first = location;
    }
    return !ordered;  // In id order the first one found is the earliest.
  });
  return first;
}

void CollectOccurrences(const QueryNode& node, const MatchDocument& document,
                        std::vector<Occurrence>& out) {
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
      ForEachOccurrence(node, document, [&](Field field, std::uint32_t index) {
        out.push_back(Occurrence{field, index, document.words(field).word(index).position, &node});
        return true;
      });
      return;
    case QueryNode::Kind::kOr:
      for (const auto& child : node.children) CollectOccurrences(*child, document, out);
      return;
    case QueryNode::Kind::kNear: {
      std::vector<Occurrence> left;
      std::vector<Occurrence> right;
      CollectOccurrences(*node.children[0], document, left);
      if (left.empty()) return;
      CollectOccurrences(*node.children[1], document, right);
      if (right.empty()) return;
      std::sort(left.begin(), left.end(), ByPlace);
      std::sort(right.begin(), right.end(), ByPlace);
      for (const Occurrence& occurrence : left) {
        if (HasNear(right, occurrence, node.distance)) out.push_back(occurrence);
      }
      for (const Occurrence& occurrence : right) {
        if (HasNear(left, occurrence, node.distance)) out.push_back(occurrence);
      }
      return;
    }
    default:
      return;  // The parser admits nothing else under NEAR.
  }
}

}  // namespace newsalert::match
