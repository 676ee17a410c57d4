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

// Index of the first byte at or after `pos` that markup must escape ('&',
// '<', '>', and '"' when `quote`), or size. For serialising inline XHTML.
inline std::size_t FindMarkupByte(const char* data, std::size_t size, std::size_t pos,
                                  bool quote) {
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i gt = _mm_set1_epi8('>');
  const __m128i quote_or_amp = _mm_set1_epi8(quote ? '"' : '&');
  for (; pos + 16 <= size; pos += 16) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, amp), _mm_cmpeq_epi8(block, lt)),
                                _mm_or_si128(_mm_cmpeq_epi8(block, gt),
                                             _mm_cmpeq_epi8(block, quote_or_amp)));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(hits));
    if (mask != 0) return pos + static_cast<std::size_t>(__builtin_ctz(mask));
  }
#endif
  for (; pos < size; ++pos) {
    char c = data[pos];
    if (c == '&' || c == '<' || c == '>' || (quote && c == '"')) return pos;
  }
  return size;
}

// How a block loop of ScanXmlText ended.
enum class BlockScan { kTail, kVisited, kInvalidUtf8 };

// The block loops below work in two steps. The inner loop, which sees
// every block, asks one question with as few operations and constants as
// possible: does the block hold a non-ASCII byte, a control character XML
// forbids, or a '&' that does not start "&lt;", "&gt;" or "&amp"? (No HTML
// entity name starts "amp" but "amp;" itself.) Those references - nearly
// every '&' in escaped HTML - are settled there for all bytes at once,
// without a branch: a branch per '&' would be mispredicted all the time.
// The few blocks that answer yes (about one in ten in feeds) leave the
// loop for the UTF-8 check, the Latin-1 flag and the visits. Keeping calls
// out of the inner loop matters: a call clobbers every vector register.

// What the slow path does with one block: `high` marks its non-ASCII
// bytes, `visits` the positions to visit, `latin1_block` whether it holds
// 0xC2 or 0xC3.
template <typename Validate, typename Visit>
BlockScan HandleBlock(std::size_t pos, std::size_t width, unsigned high, unsigned visits,
                      bool latin1_block, bool validate_utf8, Validate& validate, Visit& visit,
                      bool& latin1) {
  latin1 |= latin1_block;
  if (validate_utf8 && high != 0 &&
      !validate(pos + static_cast<std::size_t>(__builtin_ctz(high)), pos + width)) {
    return BlockScan::kInvalidUtf8;
  }
  for (; visits != 0; visits &= visits - 1) {
    if (visit(pos + static_cast<std::size_t>(__builtin_ctz(visits)))) return BlockScan::kVisited;
  }
  return BlockScan::kTail;
}

#if defined(__SSE2__)
// ScanXmlText's loop, sixteen bytes at a time.
template <typename Validate, typename Visit>
BlockScan ScanBlocksSse2(const char* data, std::size_t size, bool validate_utf8,
                         Validate& validate, Visit& visit, std::size_t& pos, bool& latin1) {
  auto at = [&](std::size_t offset) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + offset));
  };
  auto eq = [](__m128i block, char c) { return _mm_cmpeq_epi8(block, _mm_set1_epi8(c)); };
  // Below 0x20 as signed bytes: controls and every non-ASCII byte.
  auto below_space = [](__m128i block) {
    return _mm_cmpgt_epi8(_mm_set1_epi8(0x20), block);
  };
  auto allowed = [&](__m128i block) {
    return _mm_or_si128(_mm_or_si128(eq(block, '\t'), eq(block, '\n')), eq(block, '\r'));
  };
  auto plain_ampersands = [&](std::size_t p) {
    __m128i b1 = at(p + 1), b2 = at(p + 2), b3 = at(p + 3);
    __m128i lt_gt = _mm_and_si128(_mm_or_si128(eq(b1, 'l'), eq(b1, 'g')),
                                  _mm_and_si128(eq(b2, 't'), eq(b3, ';')));
    __m128i amp_ref = _mm_and_si128(eq(b1, 'a'), _mm_and_si128(eq(b2, 'm'), eq(b3, 'p')));
    return _mm_andnot_si128(_mm_or_si128(lt_gt, amp_ref), eq(at(p), '&'));
  };
  for (; pos + 20 <= size; pos += 16) {
    __m128i block = at(pos);
    __m128i special =
        _mm_or_si128(_mm_andnot_si128(allowed(block), below_space(block)), plain_ampersands(pos));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
    if (mask == 0) continue;
    auto high = static_cast<unsigned>(_mm_movemask_epi8(block));
    bool latin1_block =
        high != 0 &&
        _mm_movemask_epi8(_mm_or_si128(eq(block, '\xC2'), eq(block, '\xC3'))) != 0;
    BlockScan result = HandleBlock(pos, 16, high, mask & ~high, latin1_block, validate_utf8,
                                   validate, visit, latin1);
    if (result != BlockScan::kTail) return result;
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
#define AVX2_EQ(block, constant) _mm256_cmpeq_epi8(block, constant)
// A constant the compiler must keep in a register (or reload from the
// stack): left alone, g++ 12 rebuilds every _mm256_set1_epi8 from a
// general register in each iteration, two extra instructions per compare.
#define AVX2_CONST(name, c)                         \
  __m256i name = _mm256_set1_epi8(c);               \
  asm("" : "+x"(name))
template <typename Validate, typename Visit>
__attribute__((target("avx2"))) BlockScan ScanBlocksAvx2(const char* data, std::size_t size,
                                                         bool validate_utf8, Validate& validate,
                                                         Visit& visit, std::size_t& pos,
                                                         bool& latin1) {
  // Macros, not lambdas: a lambda would not get the avx2 target.
  // Tab, LF and CR map to themselves, every other low nibble to 0xFF: a
  // byte equals its entry only if it is one of the three (non-ASCII bytes
  // map to 0).
  const __m256i allowed_table =
      _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, '\t', '\n', -1, -1, '\r', -1, -1,
                       -1, -1, -1, -1, -1, -1, -1, -1, -1, '\t', '\n', -1, -1, '\r', -1, -1);
  AVX2_CONST(space, 0x20);
  AVX2_CONST(ampersand, '&');
  AVX2_CONST(l, 'l');
  AVX2_CONST(g, 'g');
  AVX2_CONST(t, 't');
  AVX2_CONST(semicolon, ';');
  AVX2_CONST(a, 'a');
  AVX2_CONST(m, 'm');
  AVX2_CONST(p, 'p');
  for (; pos + 36 <= size; pos += 32) {
    __m256i block = AVX2_LOAD(pos);
    // Below 0x20 as signed bytes: controls and every non-ASCII byte.
    __m256i below_space = _mm256_cmpgt_epi8(space, block);
    __m256i allowed = _mm256_cmpeq_epi8(_mm256_shuffle_epi8(allowed_table, block), block);
    __m256i b1 = AVX2_LOAD(pos + 1), b2 = AVX2_LOAD(pos + 2), b3 = AVX2_LOAD(pos + 3);
    __m256i lt_gt = _mm256_and_si256(_mm256_or_si256(AVX2_EQ(b1, l), AVX2_EQ(b1, g)),
                                     _mm256_and_si256(AVX2_EQ(b2, t), AVX2_EQ(b3, semicolon)));
    __m256i amp_ref =
        _mm256_and_si256(AVX2_EQ(b1, a), _mm256_and_si256(AVX2_EQ(b2, m), AVX2_EQ(b3, p)));
    __m256i ampersands =
        _mm256_andnot_si256(_mm256_or_si256(lt_gt, amp_ref), AVX2_EQ(block, ampersand));
    __m256i special = _mm256_or_si256(_mm256_andnot_si256(allowed, below_space), ampersands);
    auto mask = static_cast<unsigned>(_mm256_movemask_epi8(special));
    if (mask == 0) continue;
    auto high = static_cast<unsigned>(_mm256_movemask_epi8(block));
    __m256i c2_c3 = _mm256_or_si256(_mm256_cmpeq_epi8(block, _mm256_set1_epi8('\xC2')),
                                    _mm256_cmpeq_epi8(block, _mm256_set1_epi8('\xC3')));
    bool latin1_block = high != 0 && _mm256_movemask_epi8(c2_c3) != 0;
    BlockScan result = HandleBlock(pos, 32, high, mask & ~high, latin1_block, validate_utf8,
                                   validate, visit, latin1);
    if (result != BlockScan::kTail) return result;
  }
  return BlockScan::kTail;
}
#undef AVX2_LOAD
#undef AVX2_EQ
#undef AVX2_CONST

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
