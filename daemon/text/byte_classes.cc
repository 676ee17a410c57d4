#include "text/byte_classes.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newsalert::text {
namespace {

bool IsAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Bytes [begin, end) one at a time (the tail, or everything without SSE2).
void ClassifyScalar(const unsigned char* text, std::size_t begin, std::size_t end, char* lower,
                    std::uint64_t* alnum, std::uint64_t* special) {
  for (std::size_t i = begin; i < end; ++i) {
    unsigned char c = text[i];
    std::uint64_t bit = std::uint64_t{1} << (i & 63);
    if (IsAlnum(c)) alnum[i >> 6] |= bit;
    if (c >= 0x80 || c == '\'') special[i >> 6] |= bit;
    lower[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
}

}  // namespace

void ClassifyBytes(const unsigned char* text, std::size_t size, char* lower,
                   std::uint64_t* alnum, std::uint64_t* special, std::uint64_t* any) {
  std::size_t words = (size + 63) / 64;
  std::memset(alnum, 0, words * 8);
  std::memset(special, 0, words * 8);
  std::size_t i = 0;
#if defined(__SSE2__)
  // Signed byte compares: bytes >= 0x80 are negative, so they fall outside
  // every ASCII range below.
  const __m128i a_minus_1 = _mm_set1_epi8('a' - 1), z_plus_1 = _mm_set1_epi8('z' + 1);
  const __m128i upper_a = _mm_set1_epi8('A' - 1), upper_z = _mm_set1_epi8('Z' + 1);
  const __m128i zero_minus_1 = _mm_set1_epi8('0' - 1), nine_plus_1 = _mm_set1_epi8('9' + 1);
  const __m128i case_bit = _mm_set1_epi8(0x20), apostrophe = _mm_set1_epi8('\'');
  for (; i + 16 <= size; i += 16) {
    __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i));
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(c, upper_a), _mm_cmplt_epi8(c, upper_z));
    __m128i folded = _mm_or_si128(c, case_bit);
    __m128i letter =
        _mm_and_si128(_mm_cmpgt_epi8(folded, a_minus_1), _mm_cmplt_epi8(folded, z_plus_1));
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(c, zero_minus_1), _mm_cmplt_epi8(c, nine_plus_1));
    __m128i word = _mm_or_si128(letter, digit);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(lower + i),
                     _mm_add_epi8(c, _mm_and_si128(upper, case_bit)));
    auto word_bits = static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(word)));
    auto special_bits = static_cast<std::uint64_t>(static_cast<unsigned>(
        _mm_movemask_epi8(c) | _mm_movemask_epi8(_mm_cmpeq_epi8(c, apostrophe))));
    alnum[i >> 6] |= word_bits << (i & 63);
    special[i >> 6] |= special_bits << (i & 63);
  }
#endif
  ClassifyScalar(text, i, size, lower, alnum, special);
  for (std::size_t w = 0; w < words; ++w) any[w] = alnum[w] | special[w];
}

}  // namespace newsalert::text
