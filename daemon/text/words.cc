#include "text/words.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace newsalert::text {
namespace {

// Decodes one code point; on ill-formed input returns U+FFFD and length 1.
// (Text reaching here was sanitised, so that path is only a safety net.)
char32_t Decode(std::string_view text, std::size_t pos, std::size_t& length) {
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()) + pos,
                                        static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
  if (n <= 0) {
    length = 1;
    return 0xFFFD;
  }
  length = static_cast<std::size_t>(n);
  return static_cast<char32_t>(cp);
}

bool IsWordCategory(char32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

bool IsMark(char32_t cp) {
  auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
         category == UTF8PROC_CATEGORY_ME;
}

// Appends the folded form of `word` to `out`.
void FoldInto(std::string_view word, bool strip_marks, std::string& out) {
  bool ascii = true;
  for (char c : word) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) {
    for (char c : word) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return;
  }
  utf8proc_uint8_t* mapped = nullptr;
  int options = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                UTF8PROC_IGNORE;
  if (strip_marks) options |= UTF8PROC_STRIPMARK;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
                                    static_cast<utf8proc_ssize_t>(word.size()), &mapped,
                                    static_cast<utf8proc_option_t>(options));
  if (n < 0 || mapped == nullptr) {
    out.append(word);
    return;
  }
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  out.append(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

// Calls emit(begin, end, no_space) for each word of `text`.
template <typename Emit>
void SplitWords(std::string_view text, Emit&& emit) {
  std::size_t pos = 0;
  std::size_t word_start = std::string_view::npos;
  while (pos < text.size()) {
    std::size_t length;
    char32_t cp;
    unsigned char byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) {
      cp = byte;
      length = 1;
      bool word_char = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                       (byte >= '0' && byte <= '9');
      if (word_char) {
        if (word_start == std::string_view::npos) word_start = pos;
      } else if (word_start != std::string_view::npos) {
        emit(word_start, pos, false);
        word_start = std::string_view::npos;
      }
      pos += length;
      continue;
    }
    cp = Decode(text, pos, length);
    if (IsNoSpaceScript(cp)) {
      if (word_start != std::string_view::npos) {
        emit(word_start, pos, false);
        word_start = std::string_view::npos;
      }
      // The character and the combining marks that belong to it.
      std::size_t end = pos + length;
      while (end < text.size()) {
        std::size_t mark_length;
        char32_t next = Decode(text, end, mark_length);
        if (!IsMark(next)) break;
        end += mark_length;
      }
      emit(pos, end, true);
      pos = end;
      continue;
    }
    if (IsWordCategory(cp)) {
      if (word_start == std::string_view::npos) word_start = pos;
    } else if (word_start != std::string_view::npos) {
      emit(word_start, pos, false);
      word_start = std::string_view::npos;
    }
    pos += length;
  }
  if (word_start != std::string_view::npos) emit(word_start, text.size(), false);
}

}  // namespace

bool IsNoSpaceScript(char32_t cp) {
  return (cp >= 0x0E00 && cp <= 0x0EFF) ||    // Thai, Lao
         (cp >= 0x1000 && cp <= 0x109F) ||    // Myanmar
         (cp >= 0x1780 && cp <= 0x17FF) ||    // Khmer
         (cp >= 0x19E0 && cp <= 0x19FF) ||    // Khmer symbols
         (cp >= 0x2E80 && cp <= 0x2FDF) ||    // CJK radicals
         (cp >= 0x3005 && cp <= 0x3007) ||    // 々 〆 〇
         (cp >= 0x3040 && cp <= 0x30FF) ||    // Hiragana, Katakana
         (cp >= 0x31F0 && cp <= 0x31FF) ||    // Katakana extensions
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0xA9E0 && cp <= 0xA9FF) ||    // Myanmar extended B
         (cp >= 0xAA60 && cp <= 0xAA7F) ||    // Myanmar extended A
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0xFF66 && cp <= 0xFF9F) ||    // Halfwidth Katakana
         (cp >= 0x20000 && cp <= 0x3FFFF);    // CJK extensions B and later
}

void WordList::Clear() {
  folded_.clear();
  words_.clear();
}

void WordList::Assign(std::string_view text) {
  Clear();
  SplitWords(text, [&](std::size_t begin, std::size_t end, bool no_space) {
    std::size_t offset = folded_.size();
    // Marks are accents in alphabetic scripts but vowels in Thai, Lao,
    // Khmer and Myanmar: strip them only outside those scripts.
    FoldInto(text.substr(begin, end - begin), !no_space, folded_);
    if (folded_.size() == offset) return;  // Folded to nothing.
    words_.push_back(Word{static_cast<std::uint32_t>(offset),
                          static_cast<std::uint32_t>(folded_.size() - offset),
                          static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end)});
  });
}

std::vector<std::string> FoldedWords(std::string_view text) {
  WordList list;
  list.Assign(text);
  std::vector<std::string> words;
  words.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) words.emplace_back(list.folded(i));
  return words;
}

std::string FoldText(std::string_view text) {
  std::string out;
  std::size_t last = 0;
  SplitWords(text, [&](std::size_t begin, std::size_t end, bool no_space) {
    out.append(text.substr(last, begin - last));  // Separators as they are.
    FoldInto(text.substr(begin, end - begin), !no_space, out);
    last = end;
  });
  out.append(text.substr(last));
  return out;
}

}  // namespace newsalert::text
