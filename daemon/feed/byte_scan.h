// Byte scans the parser runs over whole documents, 16 bytes at a time with
// SSE2 (part of every x86-64 CPU) and eight at a time elsewhere. A feed is
// scanned before pugixml parses it, so these loops must cost a small
// fraction of the parse (bench/RESULTS.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newsalert::feed {

// Length of the well-formed UTF-8 sequence at data[pos] (a byte >= 0x80),
// or 0: no overlongs, surrogates or code points above U+10FFFF.
inline std::size_t Utf8SequenceLength(const char* data, std::size_t size, std::size_t pos) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data);
  unsigned char c = bytes[pos];
  std::size_t length;
  std::uint32_t min;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > size) return 0;
  std::uint32_t cp = c & (0xFFu >> (length + 1));
  for (std::size_t i = 1; i < length; ++i) {
    unsigned char next = bytes[pos + i];
    if ((next & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// Index of the first byte >= 0x80 in [data + pos, data + size), or size.
inline std::size_t FindNonAsciiByte(const char* data, std::size_t size, std::size_t pos) {
#if defined(__SSE2__)
  for (; pos + 16 <= size; pos += 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    int mask = _mm_movemask_epi8(block);
    if (mask != 0)
      return pos + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
  }
#endif
  for (; pos + 8 <= size; pos += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + pos, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
  }
  for (; pos < size; ++pos) {
    if (static_cast<unsigned char>(data[pos]) >= 0x80) return pos;
  }
  return size;
}

// How a block loop of ScanXmlText ended.
enum class BlockScan { kTail, kVisited, kInvalidUtf8 };

#if defined(__SSE2__)
// ScanXmlText's loop, sixteen bytes at a time. "&lt;", "&gt;" and "&amp"
// (no HTML entity name starts "amp" but "amp;" itself) are settled with
// three more loads for all sixteen bytes, without a branch: half the
// blocks of escaped HTML hold a '&', a branch on it would be mispredicted
// all the time.
template <typename Validate, typename Visit>
BlockScan ScanBlocksSse2(const char* data, std::size_t size, bool validate_utf8,
                         Validate& validate, Visit& visit, std::size_t& pos, bool& latin1) {
  auto at = [&](std::size_t offset) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + offset));
  };
  auto eq = [](__m128i block, char c) { return _mm_cmpeq_epi8(block, _mm_set1_epi8(c)); };
  const __m128i max_control = _mm_set1_epi8(0x1F);
  for (; pos + 20 <= size; pos += 16) {
    __m128i block = at(pos);
    latin1 |= _mm_movemask_epi8(_mm_or_si128(eq(block, '\xC2'), eq(block, '\xC3'))) != 0;
    if (validate_utf8) {
      unsigned high = static_cast<unsigned>(_mm_movemask_epi8(block));
      if (high != 0 && !validate(pos + static_cast<std::size_t>(__builtin_ctz(high)), pos + 16)) {
        return BlockScan::kInvalidUtf8;
      }
    }
    __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(block, max_control), max_control);
    __m128i allowed = _mm_or_si128(_mm_or_si128(eq(block, '\t'), eq(block, '\n')), eq(block, '\r'));
    __m128i special = _mm_andnot_si128(allowed, control);
    __m128i ampersand = eq(block, '&');
    __m128i b1 = at(pos + 1), b2 = at(pos + 2), b3 = at(pos + 3);
    __m128i lt_gt = _mm_and_si128(_mm_or_si128(eq(b1, 'l'), eq(b1, 'g')),
                                  _mm_and_si128(eq(b2, 't'), eq(b3, ';')));
    __m128i amp_ref = _mm_and_si128(eq(b1, 'a'), _mm_and_si128(eq(b2, 'm'), eq(b3, 'p')));
    special = _mm_or_si128(special, _mm_andnot_si128(_mm_or_si128(lt_gt, amp_ref), ampersand));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    while (mask != 0) {
      if (visit(pos + static_cast<std::size_t>(__builtin_ctz(mask)))) return BlockScan::kVisited;
      mask &= mask - 1;
    }
  }
  return BlockScan::kTail;
}
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define NEWSALERT_SCAN_AVX2 1
// The same, thirty-two bytes at a time, for CPUs with AVX2 (chosen at run
// time: the build targets every x86-64).
#define AVX2_LOAD(offset) \
  _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + (offset)))
#define AVX2_EQ(block, c) _mm256_cmpeq_epi8(block, _mm256_set1_epi8(c))
template <typename Validate, typename Visit>
__attribute__((target("avx2"))) BlockScan ScanBlocksAvx2(const char* data, std::size_t size,
                                                         bool validate_utf8, Validate& validate,
                                                         Visit& visit, std::size_t& pos,
                                                         bool& latin1) {
  // Macros, not lambdas: a lambda would not get the avx2 target.
  const __m256i max_control = _mm256_set1_epi8(0x1F);
  for (; pos + 36 <= size; pos += 32) {
    __m256i block = AVX2_LOAD(pos);
    latin1 |=
        _mm256_movemask_epi8(_mm256_or_si256(AVX2_EQ(block, '\xC2'), AVX2_EQ(block, '\xC3'))) != 0;
    if (validate_utf8) {
      auto high = static_cast<unsigned>(_mm256_movemask_epi8(block));
      if (high != 0 && !validate(pos + static_cast<std::size_t>(__builtin_ctz(high)), pos + 32)) {
        return BlockScan::kInvalidUtf8;
      }
    }
    __m256i control = _mm256_cmpeq_epi8(_mm256_max_epu8(block, max_control), max_control);
    __m256i allowed = _mm256_or_si256(_mm256_or_si256(AVX2_EQ(block, '\t'), AVX2_EQ(block, '\n')),
                                      AVX2_EQ(block, '\r'));
    __m256i special = _mm256_andnot_si256(allowed, control);
    __m256i ampersand = AVX2_EQ(block, '&');
    __m256i b1 = AVX2_LOAD(pos + 1), b2 = AVX2_LOAD(pos + 2), b3 = AVX2_LOAD(pos + 3);
    __m256i lt_gt = _mm256_and_si256(_mm256_or_si256(AVX2_EQ(b1, 'l'), AVX2_EQ(b1, 'g')),
                                     _mm256_and_si256(AVX2_EQ(b2, 't'), AVX2_EQ(b3, ';')));
    __m256i amp_ref =
        _mm256_and_si256(AVX2_EQ(b1, 'a'), _mm256_and_si256(AVX2_EQ(b2, 'm'), AVX2_EQ(b3, 'p')));
    special =
        _mm256_or_si256(special, _mm256_andnot_si256(_mm256_or_si256(lt_gt, amp_ref), ampersand));
    auto mask = static_cast<unsigned>(_mm256_movemask_epi8(special));
    while (mask != 0) {
      if (visit(pos + static_cast<std::size_t>(__builtin_ctz(mask)))) return BlockScan::kVisited;
      mask &= mask - 1;
    }
  }
  return BlockScan::kTail;
}
#undef AVX2_LOAD
#undef AVX2_EQ

inline bool CpuHasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}
#endif

// The scan PrepareXml runs over a whole document before pugixml parses it:
// calls visit(index) for each '&' and forbidden control, except the
// references escaped markup is made of ("&lt;", "&gt;", "&amp;": nearly
// every '&' in feeds, decoded correctly by pugixml), which SIMD compares
// settle; with `validate_utf8`, also checks that the text is well-formed
// UTF-8 in the same pass. Stops when visit returns true (returns true) or
// at ill-formed UTF-8 (returns false, invalid_at set; else npos). Sets
// `latin1` when it meets a 0xC2 or 0xC3 byte (a character in U+0080..U+00FF).
template <typename Visit>
bool ScanXmlText(const char* data, std::size_t size, bool validate_utf8, Visit&& visit,
                 std::size_t& invalid_at, bool& latin1) {
  invalid_at = static_cast<std::size_t>(-1);
  std::size_t validated_to = 0;  // UTF-8 checked up to here.
  // Checks the UTF-8 from the first high byte at or after `from` through
  // `to`; a sequence may run past `to`.
  auto validate = [&](std::size_t from, std::size_t to) {
    std::size_t p = from > validated_to ? from : validated_to;
    while (p < to) {
      if (static_cast<unsigned char>(data[p]) < 0x80) {
        ++p;
        continue;
      }
      std::size_t length = Utf8SequenceLength(data, size, p);
      if (length == 0) {
        invalid_at = p;
        return false;
      }
      p += length;
    }
    if (p > validated_to) validated_to = p;
    return true;
  };
  auto is_special = [](unsigned char c) {
    return c == '&' || (c < 0x20 && c != '\t' && c != '\n' && c != '\r');
  };
  std::size_t pos = 0;
  BlockScan scan = BlockScan::kTail;
#if defined(NEWSALERT_SCAN_AVX2)
  if (CpuHasAvx2()) scan = ScanBlocksAvx2(data, size, validate_utf8, validate, visit, pos, latin1);
#endif
#if defined(__SSE2__)
  if (scan == BlockScan::kTail) {
    scan = ScanBlocksSse2(data, size, validate_utf8, validate, visit, pos, latin1);
  }
#endif
  if (scan == BlockScan::kVisited) return true;
  if (scan == BlockScan::kInvalidUtf8) return false;
  if (validate_utf8 && !validate(pos, size)) return false;
  for (; pos < size; ++pos) {
    auto c = static_cast<unsigned char>(data[pos]);
    latin1 |= c == 0xC2 || c == 0xC3;
    if (is_special(c) && visit(pos)) return true;
  }
  return false;
}

}  // namespace newsalert::feed
