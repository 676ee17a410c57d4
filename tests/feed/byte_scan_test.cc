// The SIMD scans (feed/byte_scan.h) against plain byte loops, on random
// inputs of every length around the block sizes (16-byte SSE2 blocks, and
// 32-byte AVX2 blocks on CPUs that have it).
#include "feed/byte_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "feed/charset.h"

namespace newsalert::feed {
namespace {

// What ScanXmlText must visit: '&' not starting "&lt;", "&gt;" or "&amp",
// and controls other than tab, LF, CR.
std::vector<std::size_t> ExpectedVisits(const std::string& text) {
  std::vector<std::size_t> visits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') visits.push_back(i);
    if (c != '&') continue;
    std::string_view rest = std::string_view(text).substr(i + 1);
    // The SIMD loops settle these; the byte loop at the very end visits them.
    bool common = rest.starts_with("lt;") || rest.starts_with("gt;") || rest.starts_with("amp");
    if (!common || text.size() - i < 36) visits.push_back(i);
  }
  return visits;
}

TEST(ByteScan, SimdLoopsAgreeWithByteLoops) {
  // \x19, \x1A, \x1D: controls whose low nibble is that of tab, LF, CR.
  const std::string alphabet[] = {"&",    "l",    "t",    ";",    "g",    "a",        "m",
                                  "p",    "x",    "\t",   "\n",   "\r",   "\x01",     "\x1F",
                                  "\x19", "\x1A", "\x1D", "\x0C", " ",    "\xC3\xA9", "\xE2\x80\x99",
                                  "\xFF", "\xC3"};
  std::mt19937 random(1);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    std::size_t length = random() % 120;
    while (text.size() < length) text += alphabet[random() % std::size(alphabet)];
    std::vector<std::size_t> visits;
    std::size_t invalid_at = 0;
    bool latin1 = false;
    bool stopped = ScanXmlText(text.data(), text.size(), /*validate_utf8=*/false,
                               [&](std::size_t pos) {
                                 visits.push_back(pos);
                                 return false;
                               },
                               invalid_at, latin1);
    EXPECT_EQ(latin1, text.find_first_of("\xC2\xC3") != std::string::npos);
    EXPECT_FALSE(stopped);
    // Common references near the end are visited by the byte loop: accept
    // them as extra visits, but nothing that needs a look may be missed.
    std::vector<std::size_t> required;
    for (std::size_t pos : ExpectedVisits(text)) {
      std::string_view rest = std::string_view(text).substr(pos + 1);
      bool common = text[pos] == '&' &&
                    (rest.starts_with("lt;") || rest.starts_with("gt;") || rest.starts_with("amp"));
      if (!common) required.push_back(pos);
    }
    std::size_t next = 0;
    for (std::size_t pos : visits) {
      if (next < required.size() && required[next] == pos) ++next;
    }
    ASSERT_EQ(next, required.size()) << "missed a position in \"" << text << "\"";

    std::size_t multibyte = 0;
    std::size_t expected_invalid = FindInvalidUtf8(text, multibyte);
    ScanXmlText(text.data(), text.size(), /*validate_utf8=*/true,
                [](std::size_t) { return false; }, invalid_at, latin1);
    ASSERT_EQ(invalid_at, expected_invalid) << "\"" << text << "\"";
  }
}

TEST(ByteScan, FindsMarkupBytes) {
  std::mt19937 random(2);
  const char alphabet[] = {'a', ' ', '&', '<', '>', '"', '\'', '\xC3'};
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    std::size_t length = random() % 70;
    while (text.size() < length) text += alphabet[random() % std::size(alphabet)];
    for (bool quote : {false, true}) {
      std::size_t expected = 0;
      std::size_t start = random() % (text.size() + 1);
      for (expected = start; expected < text.size(); ++expected) {
        char c = text[expected];
        if (c == '&' || c == '<' || c == '>' || (quote && c == '"')) break;
      }
      EXPECT_EQ(FindMarkupByte(text.data(), text.size(), start, quote), expected) << text;
    }
  }
}

TEST(ByteScan, FindsTheFirstNonAsciiByte) {
  for (std::size_t length = 0; length < 70; ++length) {
    for (std::size_t at = 0; at <= length; ++at) {
      std::string text(length, 'a');
      if (at < length) text[at] = '\xC3';
      EXPECT_EQ(FindNonAsciiByte(text.data(), text.size(), 0), at);
    }
  }
}

}  // namespace
}  // namespace newsalert::feed
