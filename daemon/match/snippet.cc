#include "match/snippet.h"

#include <re2/re2.h>

#include <algorithm>

#include "base/strings.h"

namespace newsalert::match {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The byte offset `count` code points before / after `from`.
std::size_t Back(std::string_view text, std::size_t from, std::size_t count) {
  while (from > 0 && count > 0) {
    --from;
    if (!IsContinuation(text[from])) --count;
  }
  while (from > 0 && IsContinuation(text[from])) --from;
  return from;
}

std::size_t Forward(std::string_view text, std::size_t from, std::size_t count) {
  while (from < text.size() && count > 0) {
    ++from;
    while (from < text.size() && IsContinuation(text[from])) ++from;
    --count;
  }
  return from;
}

// Marks what the hit's regexes match in `field`, as spans of whole words of
// the original text (the regex ran over the folded text).
void AddRegexMarks(const MatchDocument& document, const Hit& hit, Field field,
                   std::vector<std::pair<std::size_t, std::size_t>>& marks) {
  constexpr int kMaxMarksPerRegex = 20;
  const text::WordList& words = document.words(field);
  for (const QueryNode* node : hit.matched_nodes) {
    if (node->kind != QueryNode::Kind::kRegex) continue;
    if (node->field != Field::kAny && node->field != field) continue;
    std::string_view text = document.FoldedText(field);
    std::size_t pos = 0;
    re2::StringPiece match;
    for (int n = 0; n < kMaxMarksPerRegex && pos <= text.size() &&
                    node->regex->Match(text, pos, text.size(), RE2::UNANCHORED, &match, 1);
         ++n) {
      auto begin = static_cast<std::size_t>(match.data() - text.data());
      std::size_t end = begin + match.size();
      pos = match.empty() ? end + 1 : end;
      std::optional<MatchLocation> first = document.LocateFolded(field, begin);
      std::optional<MatchLocation> last =
          document.LocateFolded(field, end > begin ? end - 1 : begin);
      if (!first || !last || last->word < first->word) continue;
      std::size_t from = words.word(first->word).begin;
      std::size_t to = words.word(last->word).end;
      if (from < to) marks.emplace_back(from, to);
    }
  }
}

}  // namespace

std::string BuildSnippet(const MatchDocument& document, const Hit& hit, std::size_t max_chars) {
  // Prefer body text: a title match is already visible in the alert's title.
  Field field = Field::kSummary;
  std::size_t anchor_word = 0;
  bool anchored = false;
  if (hit.first && (hit.first->field == Field::kSummary || hit.first->field == Field::kContent)) {
    field = hit.first->field;
    anchor_word = hit.first->word;
    anchored = true;
  } else if (document.text(Field::kSummary).empty()) {
    field = document.text(Field::kContent).empty() ? Field::kTitle : Field::kContent;
  }
  std::string_view text = document.text(field);
  const text::WordList& words = document.words(field);
  if (text.empty()) return "";

  // Which words to mark: every occurrence of a matched term in this field.
  std::vector<std::pair<std::size_t, std::size_t>> marks;  // Byte spans.
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (const QueryNode* node : hit.matched_nodes) {
      if (node->kind != QueryNode::Kind::kTerm) continue;
      if (node->field != Field::kAny && node->field != field) continue;
      if (TermMatchesAt(*node, words, i)) {
        const text::Word& last = words.word(i + node->words.size() - 1);
        marks.emplace_back(words.word(i).begin, last.end);
        if (!anchored) {
          anchor_word = i;
          anchored = true;
        }
        break;
      }
    }
  }
  AddRegexMarks(document, hit, field, marks);
  // Marks in text order, none inside another.
  std::sort(marks.begin(), marks.end());
  if (!anchored && !marks.empty()) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (words.word(i).begin >= marks.front().first) {
        anchor_word = i;
        anchored = true;
        break;
      }
    }
  }

  // A window of max_chars code points around the anchor, about a third
  // before it, moved to whole words.
  std::size_t anchor = anchored && anchor_word < words.size() ? words.word(anchor_word).begin : 0;
  std::size_t start = Back(text, anchor, max_chars / 3);
  std::size_t end = Forward(text, start, max_chars);
  if (end == text.size()) start = Back(text, end, max_chars);
  if (start > 0) {
    std::size_t space = text.find_first_of(" \n", start);
    if (space != std::string_view::npos && space < anchor) start = space + 1;
  }
  if (end < text.size()) {
    std::size_t space = text.find_last_of(" \n", end);
    if (space != std::string_view::npos && space > std::max(start, anchor)) end = space;
  }

  std::string out;
  if (start > 0) out += "…";
  std::size_t pos = start;
  for (const auto& [mark_begin, mark_end] : marks) {
    if (mark_begin < pos || mark_end > end) continue;
    out.append(text.substr(pos, mark_begin - pos));
    out += "**";
    out.append(text.substr(mark_begin, mark_end - mark_begin));
    out += "**";
    pos = mark_end;
  }
  out.append(text.substr(pos, end - pos));
  if (end < text.size()) out += "…";
  return CollapseWhitespace(out);
}

}  // namespace newsalert::match
