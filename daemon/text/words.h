// Words for matching: the one definition of "a word" shared by filter queries
// and item text, so that both sides always agree.
//
// A word is a maximal run of letters, digits and combining marks (Unicode
// categories L*, N*, M*). Everything else separates words, including
// hyphens and apostrophes: "North-Korean" is "north korean" and "Laos’s" is
// "laos s". Code points of scripts written without spaces (Han, Hiragana,
// Katakana, Thai, Lao, Khmer, Myanmar) are one word each, so that a query
// word in those scripts becomes a phrase of characters: a substring match.
//
// Folding: Unicode NFKC with case folding, and accents stripped (combining
// marks removed) in scripts where marks are accents, via utf8proc:
// "Réfugié" -> "refugie", "ＵＮＨＣＲ" -> "unhcr".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsalert::text {

struct Word {
  std::uint32_t folded_offset;  // Into WordList's folded buffer.
  std::uint32_t folded_length;
  std::uint32_t begin;          // Byte span in the original text.
  std::uint32_t end;
};

// The words of one text, folded. Reuse one WordList across texts to avoid
// allocations.
class WordList {
 public:
  void Assign(std::string_view text);
  void Clear();

  std::size_t size() const { return words_.size(); }
  std::string_view folded(std::size_t i) const {
    return std::string_view(folded_).substr(words_[i].folded_offset, words_[i].folded_length);
  }
  const Word& word(std::size_t i) const { return words_[i]; }

 private:
  std::string folded_;
  std::vector<Word> words_;
  std::string scratch_;
};

// The folded words of `text` (for query terms).
std::vector<std::string> FoldedWords(std::string_view text);

// `text` folded as a whole, separators kept (for /regex/ terms).
std::string FoldText(std::string_view text);

// True for code points of scripts written without spaces between words.
bool IsNoSpaceScript(char32_t cp);

}  // namespace newsalert::text
