#include "match/snippet.h"

#include <algorithm>

#include "base/strings.h"

namespace newsalert::match {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string BuildSnippet(const MatchDocument& document, const Hit& hit, std::size_t max_bytes) {
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

  // A window of max_bytes around the anchor, about a third before it.
  std::size_t anchor = anchored && anchor_word < words.size() ? words.word(anchor_word).begin : 0;
  std::size_t start = anchor > max_bytes / 3 ? anchor - max_bytes / 3 : 0;
  std::size_t end = std::min(text.size(), start + max_bytes);
  if (end == text.size() && end - start < max_bytes) {
    start = end > max_bytes ? end - max_bytes : 0;
  }
  while (start > 0 && IsContinuation(text[start])) --start;
  while (end < text.size() && IsContinuation(text[end])) ++end;
  // Do not cut words in half: move to the nearest space.
  if (start > 0) {
    std::size_t space = text.find(' ', start);
    if (space != std::string_view::npos && space < anchor) start = space + 1;
  }
  if (end < text.size()) {
    std::size_t space = text.rfind(' ', end);
    if (space != std::string_view::npos && space > start) end = space;
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
