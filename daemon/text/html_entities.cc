#include "text/html_entities.h"

#include <algorithm>
#include <iterator>

#include "base/strings.h"

namespace newsalert::text {
namespace {

struct NamedReference {
  std::string_view name;
  std::string_view value;
};

constexpr NamedReference kNamedReferences[] = {
#include "text/html_entities.inc"
};

constexpr std::size_t kLongestName = 32;

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Windows-1252 meanings of C1 code points, as HTML numeric references use them.
char32_t FixC1(char32_t cp) {
  static constexpr char32_t kWindows1252[32] = {
      0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
      0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,   0x017D, 0x8F,
      0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
      0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
  if (cp >= 0x80 && cp <= 0x9F) return kWindows1252[cp - 0x80];
  return cp;
}

const NamedReference* FindNamed(std::string_view name) {
  auto it = std::lower_bound(std::begin(kNamedReferences), std::end(kNamedReferences), name,
                             [](const NamedReference& ref, std::string_view key) {
                               return ref.name < key;
                             });
  if (it != std::end(kNamedReferences) && it->name == name) return &*it;
  return nullptr;
}

}  // namespace

const std::string_view* FindNamedCharacterReference(std::string_view name) {
  const NamedReference* ref = FindNamed(name);
  return ref == nullptr ? nullptr : &ref->value;
}

std::size_t DecodeCharacterReference(std::string_view text, std::string& out) {
  if (text.size() < 2 || text[0] != '&') return 0;
  if (text[1] == '#') {
    std::size_t pos = 2;
    bool hex = pos < text.size() && (text[pos] == 'x' || text[pos] == 'X');
    if (hex) ++pos;
    std::size_t digits_start = pos;
    std::uint32_t value = 0;
    bool overflow = false;
    while (pos < text.size()) {
      char c = text[pos];
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        break;
      }
      if (value > 0x10FFFF) {
        overflow = true;
      } else {
        value = value * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
      }
      ++pos;
    }
    if (pos == digits_start) return 0;
    if (pos < text.size() && text[pos] == ';') ++pos;
    char32_t cp = overflow ? 0xFFFD : FixC1(value);
    if (cp == 0) cp = 0xFFFD;
    AppendUtf8(out, cp);
    return pos;
  }
  // Named: the longest name in the table that prefixes the text ("&notit;"
  // is "¬it;" in HTML, as browsers read it).
  std::size_t end = 1;
  while (end < text.size() && end <= kLongestName && IsAsciiAlnum(text[end])) ++end;
  bool has_semicolon = end < text.size() && text[end] == ';';
  if (has_semicolon) {
    if (const NamedReference* ref = FindNamed(text.substr(1, end))) {
      out += ref->value;
      return end + 1;
    }
  }
  for (std::size_t length = end - 1; length >= 2; --length) {
    if (const NamedReference* ref = FindNamed(text.substr(1, length))) {
      out += ref->value;
      return length + 1;
    }
  }
  return 0;
}

std::string DecodeEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) {
      out.append(text.substr(pos));
      break;
    }
    out.append(text.substr(pos, amp - pos));
    std::size_t used = DecodeCharacterReference(text.substr(amp), out);
    if (used == 0) {
      out += '&';
      pos = amp + 1;
    } else {
      pos = amp + used;
    }
  }
  return out;
}

}  // namespace newsalert::text
