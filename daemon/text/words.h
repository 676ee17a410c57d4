// Words for matching: the one definition of "a word" shared by filter queries
// and item text, so that both sides always agree.
//
// A word is a maximal run of letters, digits and combining marks (Unicode
// categories L*, N*, M*). Everything else separates words, including
// hyphens and apostrophes: "North-Korean" is "north korean". An English
// possessive or contraction "s" after an apostrophe (' or ’) is dropped, so
// "Laos’s border" is "laos border" and NEAR distances are not inflated by it.
// Code points of scripts written without spaces (Han, Hiragana, Katakana,
// Thai, Lao, Khmer, Myanmar) are one word each, so that a query word in
// those scripts becomes a phrase of characters: a substring match.
//
// Folding: Unicode NFKC with case folding, and accents stripped (combining
// marks removed) in scripts where marks are accents, via utf8proc:
// "Réfugié" -> "refugie", "ＵＮＨＣＲ" -> "unhcr". Folded words hold only word
// characters, and folding a folded word changes nothing.
//
// Every word carries a 64-bit hash of its folded form (WordHash) so that
// matching compares integers first.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace newsalert::text {

struct Word {
  std::uint64_t hash;           // WordHash(folded form).
  std::uint32_t folded_offset;  // Into WordList's folded buffer.
  std::uint32_t folded_length;
  std::uint32_t begin;          // Byte span in the original text.
  std::uint32_t end;
  std::uint32_t position;       // Word number; consecutive words differ by 1.
};

// The words of one text (or of several values of a field), folded. Reuse one
// WordList across texts: it keeps its buffers.
class WordList {
 public:
  // Gap in positions between two values appended separately: larger than
  // any phrase or NEAR distance, so neither spans two values.
  static constexpr std::uint32_t kValueGap = 1u << 16;

  void Assign(std::string_view text) {
    Clear();
    Append(text, 0);
  }
  // Adds the words of another value of the same field. Byte spans are
  // offset by `base` (where `text` starts in the field's joined text);
  // positions continue after a gap of kValueGap.
  void Append(std::string_view text, std::uint32_t base);
  void Clear();

  std::size_t size() const { return words_size_; }
  bool empty() const { return words_size_ == 0; }
  // A word's folded bytes. At least 16 bytes can be read from its start
  // (the buffer is padded), for PaddedWordHash and PaddedSameFolded.
  std::string_view folded(std::size_t i) const {
    return std::string_view(folded_.data() + words_[i].folded_offset, words_[i].folded_length);
  }
  const Word& word(std::size_t i) const { return words_[i]; }
  std::span<const Word> words() const { return {words_.data(), words_size_}; }

  // The field's text with every word replaced by its folded form and the
  // separators kept as they are (what /regex/ terms search). When
  // `word_offsets` is given it receives, per word, where the folded word
  // starts in the result. `original` is the text the list was built from
  // (for Append: the joined text).
  std::string FoldedText(std::string_view original,
                         std::vector<std::uint32_t>* word_offsets = nullptr) const;

 private:
  static constexpr std::size_t kPadding = 16;
  void Reserve(std::size_t extra);
  void AddWord(std::size_t folded_offset, std::uint32_t begin, std::uint32_t end);
  void AddSlowWord(std::string_view word, std::uint32_t begin, std::uint32_t end,
                   bool keep_marks);
  std::size_t SlowRun(std::string_view text, std::size_t start, std::uint32_t base);

  // Buffers only grow (resizing zero-fills): the first *_size_ are in use.
  // folded_ holds, per appended text, a lower-cased copy of it (ASCII words
  // point into it), then the folded forms of its non-ASCII words.
  std::string folded_;
  std::size_t folded_size_ = 0;
  std::vector<Word> words_;
  std::size_t words_size_ = 0;
  std::uint32_t next_position_ = 0;
  std::vector<std::int32_t> scratch_;  // Code points while folding.
  std::vector<std::uint64_t> masks_;   // Byte classes while splitting.
};

// The folded words of `text` (for query terms and story keys).
std::vector<std::string> FoldedWords(std::string_view text);

namespace word_hash_internal {

// Keeps the first n bytes (n = 0..8) of an 8-byte load.
constexpr std::uint64_t LowBytesMask(std::size_t n) {
  if (n == 0) return 0;
  if (n >= 8) return ~std::uint64_t{0};
  return std::endian::native == std::endian::little ? (std::uint64_t{1} << (8 * n)) - 1
                                                    : ~std::uint64_t{0} << (8 * (8 - n));
}
inline constexpr std::uint64_t kLowBytes[9] = {
    LowBytesMask(0), LowBytesMask(1), LowBytesMask(2), LowBytesMask(3), LowBytesMask(4),
    LowBytesMask(5), LowBytesMask(6), LowBytesMask(7), LowBytesMask(8)};

constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kSizeMultiplier = 0xC2B2AE3D27D4EB4FULL;

// Words of more than 16 bytes: 8 bytes at a time, the last 8 overlapping.
inline std::uint64_t LongWordHash(const char* p, std::size_t size) {
  std::uint64_t hash = size * kSizeMultiplier;
  std::uint64_t chunk;
  for (std::size_t i = 0; i + 8 < size; i += 8) {
    std::memcpy(&chunk, p + i, 8);
    hash = (hash ^ chunk) * kMultiplier;
    hash ^= hash >> 29;
  }
  std::memcpy(&chunk, p + size - 8, 8);
  hash = (hash ^ chunk) * kMultiplier;
  return hash ^ (hash >> 32);
}

}  // namespace word_hash_internal

// WordHash of `size` bytes at `p` where 16 bytes can be read from `p`
// whatever `size` (WordList pads its buffer): two loads and masks instead of
// branches on the length, which mispredict on every other word of running
// text.
inline std::uint64_t PaddedWordHash(const char* p, std::size_t size) {
  using namespace word_hash_internal;
  if (size > 16) return LongWordHash(p, size);
  std::uint64_t head, tail;
  std::memcpy(&head, p, 8);
  std::memcpy(&tail, p + 8, 8);
  std::size_t head_size = size < 8 ? size : 8;
  head &= kLowBytes[head_size];
  tail &= kLowBytes[size - head_size];
  std::uint64_t hash = (head ^ (size * kSizeMultiplier)) * kMultiplier;
  hash = (hash ^ (hash >> 29) ^ tail) * kMultiplier;
  return hash ^ (hash >> 32);
}

// The hash every Word carries: of the folded bytes (in memory only, never
// stored). Equal hashes are always confirmed by comparing the bytes.
inline std::uint64_t WordHash(std::string_view folded) {
  if (folded.size() > 16) return word_hash_internal::LongWordHash(folded.data(), folded.size());
  char padded[16] = {};
  std::memcpy(padded, folded.data(), folded.size());
  return PaddedWordHash(padded, folded.size());
}

// The hash of the first min(size, 4) bytes of `folded`, for prefix lookups
// ("repatriat*" is found under "repa"). One multiply: it runs for every
// distinct word of every item.
inline std::uint64_t PrefixKeyHash(std::string_view folded) {
  std::size_t size = folded.size() < 4 ? folded.size() : 4;
  std::uint32_t bytes = 0;
  if (size == 4) {
    std::memcpy(&bytes, folded.data(), 4);
  } else {
    for (std::size_t i = 0; i < size; ++i) {
      bytes |= std::uint32_t{static_cast<unsigned char>(folded[i])} << (8 * i);
    }
  }
  std::uint64_t hash = ((std::uint64_t{size} << 32) | bytes) * 0x9E3779B97F4A7C15ULL;
  return hash ^ (hash >> 29);
}

// Byte equality for short strings (folded words), without a call.
inline bool SameFolded(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t size = a.size();
  if (size >= 4 && size <= 8) {
    std::uint32_t a1, a2, b1, b2;
    std::memcpy(&a1, a.data(), 4);
    std::memcpy(&b1, b.data(), 4);
    std::memcpy(&a2, a.data() + size - 4, 4);
    std::memcpy(&b2, b.data() + size - 4, 4);
    return a1 == b1 && a2 == b2;
  }
  if (size < 4) {
    for (std::size_t i = 0; i < size; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  if (size <= 16) {  // Two overlapping loads: no call to memcmp.
    std::uint64_t a1, a2, b1, b2;
    std::memcpy(&a1, a.data(), 8);
    std::memcpy(&b1, b.data(), 8);
    std::memcpy(&a2, a.data() + size - 8, 8);
    std::memcpy(&b2, b.data() + size - 8, 8);
    return a1 == b1 && a2 == b2;
  }
  return std::memcmp(a.data(), b.data(), size) == 0;
}

// SameFolded for two words that can both be read 16 bytes from their start
// (words of WordLists): masked loads, no branch on the length.
inline bool PaddedSameFolded(const char* a, const char* b, std::size_t size) {
  using word_hash_internal::kLowBytes;
  if (size > 16) return std::memcmp(a, b, size) == 0;
  std::uint64_t a1, a2, b1, b2;
  std::memcpy(&a1, a, 8);
  std::memcpy(&b1, b, 8);
  std::memcpy(&a2, a + 8, 8);
  std::memcpy(&b2, b + 8, 8);
  std::size_t head = size < 8 ? size : 8;
  return (((a1 ^ b1) & kLowBytes[head]) | ((a2 ^ b2) & kLowBytes[size - head])) == 0;
}

// Folds a /regex/ pattern the way text is folded, without changing its
// syntax: only non-ASCII letters, digits and marks are folded, one code
// point at a time ("Réfugié" -> "refugie"); ASCII (escapes, classes,
// operators) is left alone.
std::string FoldRegexPattern(std::string_view pattern);

// True for code points of scripts written without spaces between words.
bool IsNoSpaceScript(char32_t cp);

// True when `folded` holds a Hangul syllable or jamo. Korean attaches
// particles and endings to words (탈북자 -> 탈북자들이), so such query words
// match as prefixes.
bool HasHangul(std::string_view folded);

}  // namespace newsalert::text
