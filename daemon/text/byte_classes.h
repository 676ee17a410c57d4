// ClassifyBytes: one pass over a text that lower-cases ASCII letters into a
// copy and records, as bitmaps, which bytes are ASCII letters or digits and
// which need a closer look (non-ASCII bytes and the ASCII apostrophe). The
// word splitter (words.cc) then jumps from word to word with bit scans
// instead of looking at every byte. SSE2 where available (every x86-64),
// plain C++ elsewhere.
#pragma once

#include <cstddef>
#include <cstdint>

namespace newsalert::text {

// Bitmap layout: bit (i % 64) of word (i / 64) stands for byte i. `alnum`,
// `special` and `any` (= alnum | special) must have (size + 63) / 64
// words; bits past `size` are left clear. `lower` receives `size` bytes.
void ClassifyBytes(const unsigned char* text, std::size_t size, char* lower,
                   std::uint64_t* alnum, std::uint64_t* special, std::uint64_t* any);

// The first position >= `from` whose bit is set (or clear, for
// NextClear), or `size` when there is none.
inline std::size_t NextSet(const std::uint64_t* bits, std::size_t from, std::size_t size) {
  if (from >= size) return size;
  std::size_t word = from >> 6;
  std::uint64_t current = bits[word] & (~std::uint64_t{0} << (from & 63));
  std::size_t words = (size + 63) >> 6;
  while (current == 0) {
    if (++word >= words) return size;
    current = bits[word];
  }
  std::size_t at = (word << 6) + static_cast<std::size_t>(__builtin_ctzll(current));
  return at < size ? at : size;
}

inline std::size_t NextClear(const std::uint64_t* bits, std::size_t from, std::size_t size) {
  if (from >= size) return size;
  std::size_t word = from >> 6;
  std::uint64_t current = ~bits[word] & (~std::uint64_t{0} << (from & 63));
  std::size_t words = (size + 63) >> 6;
  while (current == 0) {
    if (++word >= words) return size;
    current = ~bits[word];
  }
  std::size_t at = (word << 6) + static_cast<std::size_t>(__builtin_ctzll(current));
  return at < size ? at : size;
}

inline bool TestBit(const std::uint64_t* bits, std::size_t i) {
  return (bits[i >> 6] >> (i & 63)) & 1;
}

}  // namespace newsalert::text
