#include "text/html_elements.h"

#include <array>
#include <cstdint>

namespace newsalert::text {
namespace {

// Names of up to eight characters packed into an integer, so a lookup is
// integer compares (this runs for every tag of every item).
constexpr std::uint64_t Pack(std::string_view name) {
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < name.size() && i < 8; ++i) {
    key |= static_cast<std::uint64_t>(static_cast<unsigned char>(name[i])) << (8 * i);
  }
  return key;
}

struct Known {
  std::uint64_t key;
  ElementKind kind;
};

constexpr std::array<std::string_view, 43> kBlocks = {
    "address", "article", "aside",  "br",     "caption", "center", "dd",      "details",
    "dialog",  "dir",     "div",    "dl",     "dt",      "fieldset", "figure", "footer",
    "form",    "h1",      "h2",     "h3",     "h4",      "h5",     "h6",      "header",
    "hgroup",  "hr",      "legend", "li",     "main",    "menu",   "nav",     "ol",
    "p",       "pre",     "section", "summary", "table", "tbody",  "td",      "tfoot",
    "th",      "thead",   "tr"};
// The elements HTML5 reads as raw text (their content is code, or a title
// that is not part of the article). Not here: <noscript>, whose content is
// what a reader without scripts sees (an HTML parser without scripting,
// like gumbo, parses it as markup); <svg>, <math>, <object>: their text is
// text, and an unclosed one must not hide the rest of an article.
constexpr std::array<std::string_view, 8> kSkipped = {
    "iframe", "noembed", "noframes", "script", "style", "textarea", "title", "xmp"};

// An open-addressing hash table of the packed names: one or two probes
// instead of a binary search (this runs for every tag of every item).
constexpr std::size_t kSlots = 128;  // A power of two, under half full.

constexpr std::size_t Slot(std::uint64_t key) {
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 57);  // Top 7 bits.
}

constexpr std::array<Known, kSlots> MakeTable() {
  std::array<Known, kSlots> table{};  // key 0: empty (no name packs to 0).
  auto add = [&](std::string_view name, ElementKind kind) {
    std::size_t slot = Slot(Pack(name));
    while (table[slot].key != 0) slot = (slot + 1) % kSlots;
    table[slot] = {Pack(name), kind};
  };
  for (std::string_view name : kBlocks) add(name, ElementKind::kBlock);
  for (std::string_view name : kSkipped) add(name, ElementKind::kSkipContent);
  return table;
}
constexpr auto kTable = MakeTable();

}  // namespace

ElementKind ClassifyElement(std::string_view name) {
  if (name.empty() || name.size() > kMaxElementNameLength) return ElementKind::kInline;
  if (name.size() > 8) {  // The three longer names.
    if (name == "blockquote" || name == "figcaption") return ElementKind::kBlock;
    if (name == "plaintext") return ElementKind::kSkipContent;
    return ElementKind::kInline;
  }
  std::uint64_t key = Pack(name);
  for (std::size_t slot = Slot(key); kTable[slot].key != 0; slot = (slot + 1) % kSlots) {
    if (kTable[slot].key == key) return kTable[slot].kind;
  }
  return ElementKind::kInline;
}

}  // namespace newsalert::text
