#include "text/words.h"

#include "text/byte_classes.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace newsalert::text {
namespace {

// Byte classes, where a byte at a time is simpler than the bitmaps of
// byte_classes.h.
enum ByteClass : std::uint8_t { kSeparator, kAlnum, kHigh, kApostrophe };

struct ByteTables {
  std::array<std::uint8_t, 256> type{};
};

constexpr ByteTables MakeByteTables() {
  ByteTables tables;
  for (int c = 0; c < 256; ++c) {
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    tables.type[c] = c >= 0x80 ? kHigh : alnum ? kAlnum : c == '\'' ? kApostrophe : kSeparator;
  }
  return tables;
}

constexpr ByteTables kBytes = MakeByteTables();

// Decodes one code point; ill-formed input gives U+FFFD (a separator) and
// length 1, so arbitrary bytes never reach utf8proc's folding.
char32_t Decode(const unsigned char* p, std::size_t size, std::size_t& length) {
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t n = utf8proc_iterate(p, static_cast<utf8proc_ssize_t>(size), &cp);
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

// U+2019 (’) and U+02BC (ʼ) are apostrophes too. U+02BC is a letter to
// Unicode, but writers use it as an apostrophe.
bool IsApostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC; }

// U+2000..U+203F (E2 80 xx): spaces, dashes, quotes, the apostrophe ’,
// bullets, ellipses: the non-ASCII bytes of most English text, none of them
// a word character. Recognised without a Unicode table lookup.
bool IsGeneralPunctuation(const unsigned char* p, std::size_t size, std::size_t pos) {
  return pos + 2 < size && p[pos] == 0xE2 && p[pos + 1] == 0x80 && p[pos + 2] >= 0x80 &&
         p[pos + 2] <= 0xBF;
}

bool IsWordCodePointAt(const unsigned char* p, std::size_t size, std::size_t pos) {
  if (pos >= size) return false;
  if (p[pos] < 0x80) return kBytes.type[p[pos]] == kAlnum;
  if (IsGeneralPunctuation(p, size, pos)) return false;
  std::size_t length;
  char32_t cp = Decode(p + pos, size - pos, length);
  return !IsApostrophe(cp) && IsWordCategory(cp);
}

// At an apostrophe of `length` bytes at `pos` that directly follows a word:
// the length of a possessive/contraction "s" after it ("Laos’s", "it's"),
// or 0.
std::size_t PossessiveLength(const unsigned char* p, std::size_t size, std::size_t pos,
                             std::size_t length) {
  std::size_t s = pos + length;
  if (s >= size || (p[s] != 's' && p[s] != 'S')) return 0;
  return IsWordCodePointAt(p, size, s + 1) ? 0 : 1;
}

bool InHangulRange(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
         (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF);
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

bool HasHangul(std::string_view folded) {
  const auto* p = reinterpret_cast<const unsigned char*>(folded.data());
  for (std::size_t pos = 0; pos < folded.size();) {
    if (p[pos] < 0x80) {
      ++pos;
      continue;
    }
    std::size_t length;
    if (InHangulRange(Decode(p + pos, folded.size() - pos, length))) return true;
    pos += length;
  }
  return false;
}

void WordList::Clear() {
  folded_size_ = 0;
  words_size_ = 0;
  next_position_ = 0;
}

void WordList::Reserve(std::size_t extra) {
  // Grows geometrically and never shrinks: resizing zero-fills, which would
  // cost a pass over the buffer per text otherwise. kPadding bytes more, so
  // that PaddedWordHash can read 16 bytes from the start of any word.
  std::size_t needed = folded_size_ + extra + kPadding;
  if (folded_.size() < needed) folded_.resize(std::max(needed, folded_.size() * 2));
}

void WordList::AddWord(std::size_t folded_offset, std::uint32_t begin, std::uint32_t end) {
  auto length = static_cast<std::uint32_t>(folded_size_ - folded_offset);
  std::string_view folded(folded_.data() + folded_offset, length);
  if (words_size_ == words_.size()) words_.resize(std::max<std::size_t>(64, 2 * words_.size()));
  words_[words_size_++] = Word{PaddedWordHash(folded.data(), folded.size()),
                               static_cast<std::uint32_t>(folded_offset),
                               length, begin, end, next_position_++};
}

// Folds one word that is not plain ASCII: NFKC, case folding, marks
// stripped unless `keep_marks` (they are vowels in Thai, Lao, Khmer and
// Myanmar). Whatever folding turns into non-word characters ("⑴" -> "(1)")
// separates words, and characters of scripts without spaces become words of
// their own (with their marks), so that folded words re-tokenise to
// themselves (the query fuzzer checks it).
void WordList::AddSlowWord(std::string_view word, std::uint32_t begin, std::uint32_t end,
                           bool keep_marks) {
  int options = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                UTF8PROC_IGNORE;
  if (!keep_marks) options |= UTF8PROC_STRIPMARK;
  auto flags = static_cast<utf8proc_option_t>(options);
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(word.data());
  if (scratch_.size() < word.size() + 8) scratch_.resize(word.size() + 8);
  utf8proc_ssize_t count = utf8proc_decompose(bytes, static_cast<utf8proc_ssize_t>(word.size()),
                                              scratch_.data(),
                                              static_cast<utf8proc_ssize_t>(scratch_.size()), flags);
  if (count > static_cast<utf8proc_ssize_t>(scratch_.size())) {
    scratch_.resize(static_cast<std::size_t>(count));
    count = utf8proc_decompose(bytes, static_cast<utf8proc_ssize_t>(word.size()), scratch_.data(),
                               count, flags);
  }
  if (count < 0) return;  // Not reachable with decoded input; drop rather than guess.
  count = utf8proc_normalize_utf32(scratch_.data(), count, flags);
  if (count < 0) return;

  Reserve(4 * static_cast<std::size_t>(count));
  std::size_t start = folded_size_;
  auto finish = [&]() {
    if (folded_size_ > start) AddWord(start, begin, end);
    start = folded_size_;
  };
  auto append = [&](std::int32_t cp) {
    folded_size_ += static_cast<std::size_t>(utf8proc_encode_char(
        cp, reinterpret_cast<utf8proc_uint8_t*>(folded_.data() + folded_size_)));
  };
  for (utf8proc_ssize_t i = 0; i < count; ++i) {
    std::int32_t cp = scratch_[static_cast<std::size_t>(i)];
    auto c = static_cast<char32_t>(cp);
    if (!IsWordCategory(c) || IsApostrophe(c)) {  // ŉ folds to ʼn: an apostrophe.
      finish();
    } else if (keep_marks) {
      // A character of a script without spaces and its marks: folding may
      // turn one character into several (Lao ຳ -> ໍ + າ); each base
      // character starts a word, as the splitter would make it. A mark of
      // another script with nothing before it would be an accent to strip.
      if (!IsMark(c)) {
        finish();
      } else if (folded_size_ == start && !IsNoSpaceScript(c)) {
        continue;
      }
      append(cp);
    } else if (IsNoSpaceScript(c)) {
      finish();
      append(cp);
      finish();
    } else {
      append(cp);
    }
  }
  finish();
}

// A word with non-ASCII letters, digits or marks ("café", "Ｕ", "탈북자"),
// starting at `start`: the run of word characters that are not of a script
// without spaces. Returns where it ends.
std::size_t WordList::SlowRun(std::string_view text, std::size_t start, std::uint32_t base) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t end = start;
  while (end < text.size()) {
    if (p[end] < 0x80) {
      if (kBytes.type[p[end]] != kAlnum) break;
      ++end;
      continue;
    }
    std::size_t length;
    char32_t cp = Decode(p + end, text.size() - end, length);
    if (IsApostrophe(cp) || !IsWordCategory(cp) || IsNoSpaceScript(cp)) break;
    end += length;
  }
  AddSlowWord(text.substr(start, end - start), base + static_cast<std::uint32_t>(start),
              base + static_cast<std::uint32_t>(end), /*keep_marks=*/false);
  return end;
}

void WordList::Append(std::string_view text, std::uint32_t base) {
  if (words_size_ > 0) next_position_ = words_[words_size_ - 1].position + kValueGap;
  if (text.empty()) return;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  auto offset = [&](std::size_t at) { return base + static_cast<std::uint32_t>(at); };

  // The lower-cased copy: ASCII words are slices of it.
  Reserve(size);
  const std::size_t copy = folded_size_;
  folded_size_ += size;
  std::size_t mask_words = (size + 63) / 64;
  if (masks_.size() < 3 * mask_words) masks_.resize(3 * mask_words);
  std::uint64_t* alnum = masks_.data();
  std::uint64_t* special = alnum + mask_words;
  std::uint64_t* any = special + mask_words;
  ClassifyBytes(p, size, folded_.data() + copy, alnum, special, any);
  if (words_.size() < words_size_ + size / 2 + 1) {
    words_.resize(std::max(2 * words_.size(), words_size_ + size / 2 + 1));
  }

  // Where the last word ended, to recognise "’s" right after a word.
  std::size_t last_word_end = static_cast<std::size_t>(-1);
  std::size_t pos = 0;
  while ((pos = NextSet(any, pos, size)) < size) {
    if (TestBit(alnum, pos)) {
      std::size_t end = NextClear(alnum, pos, size);
      if (end < size && p[end] >= 0x80 && IsWordCodePointAt(p, size, end)) {
        std::size_t length;
        if (!IsNoSpaceScript(Decode(p + end, size - end, length))) {
          pos = SlowRun(text, pos, base);  // "caf" + "é": fold the whole word the slow way.
          last_word_end = pos;
          continue;
        }
      }
      // Room was made for a word per two bytes; slow words may have used some.
      if (words_size_ == words_.size()) words_.resize(2 * words_.size());
      std::string_view folded(folded_.data() + copy + pos, end - pos);
      words_[words_size_++] = Word{PaddedWordHash(folded.data(), folded.size()),
                                   static_cast<std::uint32_t>(copy + pos),
                                   static_cast<std::uint32_t>(end - pos), offset(pos),
                                   offset(end), next_position_++};
      last_word_end = pos = end;
      continue;
    }
    if (p[pos] == '\'') {
      std::size_t skip = last_word_end == pos ? PossessiveLength(p, size, pos, 1) : 0;
      pos += 1 + skip;
      continue;
    }
    if (IsGeneralPunctuation(p, size, pos)) {
      bool apostrophe = p[pos + 2] == 0x99;  // U+2019
      std::size_t skip = apostrophe && last_word_end == pos ? PossessiveLength(p, size, pos, 3) : 0;
      pos += 3 + skip;
      continue;
    }
    std::size_t length;
    char32_t cp = Decode(p + pos, size - pos, length);
    if (IsApostrophe(cp)) {
      std::size_t skip = last_word_end == pos ? PossessiveLength(p, size, pos, length) : 0;
      pos += length + skip;
    } else if (IsNoSpaceScript(cp) && IsWordCategory(cp)) {
      // The character and the combining marks that belong to it.
      std::size_t end = pos + length;
      while (end < size) {
        std::size_t mark_length;
        char32_t next = Decode(p + end, size - end, mark_length);
        if (!IsMark(next)) break;
        end += mark_length;
      }
      AddSlowWord(text.substr(pos, end - pos), offset(pos), offset(end), /*keep_marks=*/true);
      last_word_end = pos = end;
    } else if (IsWordCategory(cp)) {
      last_word_end = pos = SlowRun(text, pos, base);
    } else {
      pos += length;
    }
  }
}

std::string WordList::FoldedText(std::string_view original,
                                 std::vector<std::uint32_t>* word_offsets) const {
  std::string out;
  out.reserve(original.size() + 16);
  if (word_offsets) word_offsets->clear();
  std::size_t last = 0;
  for (std::size_t i = 0; i < words_size_; ++i) {
    const Word& word = words_[i];
    // Words split out of one folded run share its span: no separator.
    if (word.begin >= last && word.begin <= original.size()) {
      out.append(original.substr(last, word.begin - last));
    }
    if (word_offsets) word_offsets->push_back(static_cast<std::uint32_t>(out.size()));
    out.append(folded(i));
    last = std::max<std::size_t>(last, word.end);
  }
  if (last < original.size()) out.append(original.substr(last));
  return out;
}

std::vector<std::string> FoldedWords(std::string_view text) {
  WordList list;
  list.Assign(text);
  std::vector<std::string> words;
  words.reserve(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) words.emplace_back(list.folded(i));
  return words;
}

std::string FoldRegexPattern(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  const auto* p = reinterpret_cast<const unsigned char*>(pattern.data());
  WordList scratch;
  for (std::size_t pos = 0; pos < pattern.size();) {
    if (p[pos] < 0x80) {
      out += pattern[pos++];
      continue;
    }
    std::size_t length;
    char32_t cp = Decode(p + pos, pattern.size() - pos, length);
    std::size_t end = pos + length;
    if (cp == 0xFFFD || !IsWordCategory(cp)) {
      out.append(pattern.substr(pos, length));
      pos = end;
      continue;
    }
    if (IsMark(cp)) {  // An accent: text has it stripped too.
      pos = end;
      continue;
    }
    if (IsNoSpaceScript(cp)) {  // With its marks (vowels), folded as in text.
      std::size_t mark_length;
      while (end < pattern.size() && IsMark(Decode(p + end, pattern.size() - end, mark_length))) {
        end += mark_length;
      }
    }
    scratch.Assign(pattern.substr(pos, end - pos));
    for (std::size_t i = 0; i < scratch.size(); ++i) out.append(scratch.folded(i));
    pos = end;
  }
  return out;
}

}  // namespace newsalert::text
