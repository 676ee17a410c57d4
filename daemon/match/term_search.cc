#include "match/term_search.h"

#include <algorithm>

#include "match/matcher.h"
#include "text/words.h"

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

// Calls visit(field, index) for every occurrence of `term`, in word id
// order when the term has an exact word, else grouped by distinct word;
// stops when visit returns false.
template <typename Visit>
void ForEachOccurrence(const TermView& term, const MatchDocument& document, Visit&& visit) {
  const TermWord* words = term.words;
  std::size_t pivot = 0;
  while (pivot < term.count && words[pivot].prefix) ++pivot;
  auto visit_chain = [&](std::uint32_t id, std::size_t offset) {
    for (; id != MatchDocument::kNone; id = document.NextOccurrence(id)) {
      Field field = document.FieldOf(id);
      if (!FieldAllowed(term.field, field)) continue;
      std::uint32_t index = document.IndexOf(id);
      if (index < offset) continue;
      std::uint32_t start = index - static_cast<std::uint32_t>(offset);
      if (TermMatchesAt(term, document.words(field), start) && !visit(field, start)) return false;
    }
    return true;
  };
  if (pivot < term.count) {
    visit_chain(document.Find(words[pivot].hash, words[pivot].text), pivot);
    return;
  }
  // Only prefixes (a prefix word, or Korean words): try every distinct word.
  document.ForEachWithPrefix(words[0].text, [&](const DistinctWord& word) {
    return !StartsWith(word.folded(), words[0].text) || visit_chain(word.first, 0);
  });
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

bool TermMatchesAt(const TermView& term, const text::WordList& words, std::size_t index) {
  if (term.count == 0 || index + term.count > words.size()) return false;
  std::uint32_t position = words.word(index).position;
  for (std::size_t k = 0; k < term.count; ++k) {
    const text::Word& word = words.word(index + k);
    if (word.position != position + k) return false;  // The next value of the field.
    const TermWord& pattern = term.words[k];
    std::string_view folded = words.folded(index + k);
    if (pattern.prefix ? !StartsWith(folded, pattern.text)
                       : (word.hash != pattern.hash || !text::SameFolded(folded, pattern.text))) {
      return false;
    }
  }
  return true;
}

bool TermMatchesAt(const QueryNode& node, const text::WordList& words, std::size_t index) {
  return TermMatchesAt(ViewOf(node), words, index);
}

std::optional<MatchLocation> FirstOccurrence(const TermView& term,
                                             const MatchDocument& document) {
  std::optional<MatchLocation> first;
  bool ordered = std::any_of(term.words, term.words + term.count,
                             [](const TermWord& word) { return !word.prefix; });
  ForEachOccurrence(term, document, [&](Field field, std::uint32_t index) {
    if (!first || static_cast<int>(field) < static_cast<int>(first->field) ||
        (field == first->field && index < first->word)) {
      first = MatchLocation{field, index};
    }
    return !ordered;  // In id order the first one found is the earliest.
  });
  return first;
}

void CollectOccurrences(const FlatQueries& queries, const FlatNode& node,
                        const MatchDocument& document, std::vector<Occurrence>& out) {
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
      ForEachOccurrence(queries.term(node), document, [&](Field field, std::uint32_t index) {
        out.push_back(
            Occurrence{field, index, document.words(field).word(index).position, &node});
        return true;
      });
      return;
    case QueryNode::Kind::kOr:
      for (std::uint32_t i = 0; i < node.count; ++i) {
        CollectOccurrences(queries, queries.node(node.first + i), document, out);
      }
      return;
    case QueryNode::Kind::kNear: {
      std::vector<Occurrence> left;
      std::vector<Occurrence> right;
      CollectOccurrences(queries, queries.node(node.first), document, left);
      if (left.empty()) return;
      CollectOccurrences(queries, queries.node(node.first + 1), document, right);
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
