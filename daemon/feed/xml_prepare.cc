#include "feed/xml_prepare.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "base/strings.h"
#include "feed/byte_scan.h"
#include "feed/charset.h"
#include "text/html_entities.h"

namespace newsalert::feed {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool IsForbiddenControl(unsigned char c) {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

bool IsXmlSpaceChar(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsXmlChar(std::uint32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\r';
  if (cp >= 0xD800 && cp <= 0xDFFF) return false;
  return cp <= 0x10FFFF && cp != 0xFFFE && cp != 0xFFFF;
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// What the reference starting at text[0] == '&' is.
struct Reference {
  enum class Kind {
    kNone,       // Not a reference: a bare '&' (pugixml keeps it literally).
    kFine,       // One pugixml decodes correctly.
    kInvalid,    // Numeric, to a code point XML forbids: becomes U+FFFD.
    kUpperHex,   // "&#X41;": valid, but pugixml only knows "&#x".
    kHtml,       // A named reference only HTML defines.
  };
  Kind kind = Kind::kNone;
  std::size_t length = 0;                    // Bytes, including '&' and ';'.
  std::uint32_t code_point = 0;              // Numeric references.
  const std::string_view* html = nullptr;    // kHtml: its characters.
};

Reference ClassifyReference(std::string_view text) {
  Reference ref;
  if (text.size() < 3) return ref;
  if (text[1] == '#') {
    std::size_t pos = 2;
    bool upper_hex = text[pos] == 'X';
    bool hex = text[pos] == 'x' || upper_hex;
    if (hex) ++pos;
    std::size_t digits = pos;
    std::uint64_t value = 0;
    while (pos < text.size()) {
      char c = text[pos];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) break;
      // Saturates: any number past U+10FFFF is just "too large".
      value = std::min<std::uint64_t>(value * (hex ? 16 : 10) + static_cast<std::uint64_t>(digit),
                                      0x110000);
      ++pos;
    }
    if (pos == digits || pos >= text.size() || text[pos] != ';') return ref;
    ref.length = pos + 1;
    ref.code_point = value > 0x10FFFF ? 0x110000 : static_cast<std::uint32_t>(value);
    if (!IsXmlChar(ref.code_point)) {
      ref.kind = Reference::Kind::kInvalid;
    } else {
      ref.kind = upper_hex ? Reference::Kind::kUpperHex : Reference::Kind::kFine;
    }
    return ref;
  }
  std::size_t end = 1;
  while (end < text.size() && end <= 32 && IsAsciiAlnum(text[end])) ++end;
  if (end == 1 || end >= text.size() || text[end] != ';') return ref;
  std::string_view name = text.substr(1, end);  // With its ';'.
  ref.length = end + 1;
  if (name == "amp;" || name == "lt;" || name == "gt;" || name == "quot;" || name == "apos;") {
    ref.kind = Reference::Kind::kFine;
    return ref;
  }
  ref.html = text::FindNamedCharacterReference(name);
  ref.kind = ref.html != nullptr ? Reference::Kind::kHtml : Reference::Kind::kNone;
  return ref;
}

// Tracks the CDATA sections of a document while it is scanned front to
// back, so that pass 1 can tell an "&nbsp;" that needs decoding from one
// inside CDATA, which is text. Amortised linear: each region is searched
// once.
class CdataTracker {
 public:
  static constexpr std::string_view kCdataStart = "<![CDATA[";

  explicit CdataTracker(std::string_view text) : text_(text) {}

  bool Inside(std::size_t pos) {
    while (true) {
      if (pos < section_end_) return pos > section_start_;
      if (pos < searched_to_) return false;
      // Look for the next section starting before `pos`.
      // memmem, not string_view::find: find() stops at every '<', and the
      // window is full of tags.
      std::size_t window_end = std::min(text_.size(), pos + 9);
      const void* found = memmem(text_.data() + searched_to_, window_end - searched_to_,
                                 kCdataStart.data(), kCdataStart.size());
      if (found == nullptr) {
        searched_to_ = pos;
        return false;
      }
      section_start_ = static_cast<std::size_t>(static_cast<const char*>(found) - text_.data());
      std::size_t end = text_.find("]]>", section_start_ + 9);
      section_end_ = end == std::string_view::npos ? text_.size() : end + 3;
      searched_to_ = section_end_;
    }
  }

 private:
  std::string_view text_;
  std::size_t section_start_ = 0;
  std::size_t section_end_ = 0;
  std::size_t searched_to_ = 0;
};

// Pass 1: does anything need rewriting? byte_scan.h skips the common
// references in SIMD; the rest are classified here.
bool NeedsRewrite(std::string_view text, bool validate_utf8, std::size_t& invalid_utf8,
                  bool& skipped_invalid, bool& latin1) {
  CdataTracker cdata(text);
  auto visit = [&](std::size_t pos) {
    if (text[pos] != '&') return true;  // A forbidden control.
    Reference ref = ClassifyReference(text.substr(pos, 40));
    latin1 |= ref.code_point >= 0x80 && ref.code_point <= 0xFF;
    if (ref.kind == Reference::Kind::kFine || ref.kind == Reference::Kind::kNone) return false;
    if (!cdata.Inside(pos)) return true;
    // In CDATA it is text, not a reference - if the section really is one.
    if (ref.kind == Reference::Kind::kInvalid) skipped_invalid = true;
    return false;
  };
  return ScanXmlText(text.data(), text.size(), validate_utf8, visit, invalid_utf8, latin1);
}

// Length of the markup construct at text[0] == '<' that references do not
// apply in (CDATA, comment, PI, DOCTYPE), or 0 for anything else.
std::size_t OpaqueConstructLength(std::string_view text) {
  auto through = [&](std::size_t from, std::string_view end) {
    std::size_t at = text.find(end, from);
    return at == std::string_view::npos ? text.size() : at + end.size();
  };
  if (text.starts_with("<![CDATA[")) return through(9, "]]>");
  if (text.starts_with("<!--")) return through(4, "-->");
  if (text.starts_with("<?")) return through(2, "?>");
  if (text.starts_with("<!")) {
    // <!DOCTYPE ...[ internal subset ]>: quotes and brackets may hold '>'.
    int brackets = 0;
    char quote = 0;
    for (std::size_t i = 2; i < text.size(); ++i) {
      char c = text[i];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        --brackets;
      } else if (c == '>' && brackets <= 0) {
        return i + 1;
      }
    }
    return text.size();
  }
  return 0;
}

void AppendWithoutControls(std::string& out, std::string_view text, int& dropped) {
  for (char c : text) {
    if (IsForbiddenControl(static_cast<unsigned char>(c))) {
      ++dropped;
    } else {
      out += c;
    }
  }
}

// Appends decoded HTML reference characters, keeping markup characters
// escaped so the document's structure does not change.
void AppendEscaped(std::string& out, std::string_view chars) {
  for (char c : chars) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
}

// Pass 2: the rewritten document.
// Pass 2: the rewritten document. Follows the markup the way pugixml
// reads it: a '<' inside a quoted attribute value starts nothing, so a
// "<!--" or "<![CDATA[" there hides no references.
void Rewrite(std::string_view text, PreparedXml& prepared) {
  std::string& out = prepared.buffer;
  out.clear();
  out.reserve(text.size() + text.size() / 8);
  bool in_tag = false;
  char quote = 0;  // Inside a quoted attribute value.
  std::size_t pos = 0;
  while (pos < text.size()) {
    char c = text[pos];
    if (IsForbiddenControl(static_cast<unsigned char>(c))) {
      ++prepared.dropped_controls;
      ++pos;
      continue;
    }
    if (in_tag && quote == 0) {
      if (c == '"' || c == '\'') quote = c;
      if (c == '>') in_tag = false;
      out += c;
      ++pos;
      continue;
    }
    if (quote != 0 && c == quote) quote = 0;
    if (c == '<' && quote == 0) {
      std::size_t opaque = OpaqueConstructLength(text.substr(pos));
      if (opaque > 0) {
        AppendWithoutControls(out, text.substr(pos, opaque), prepared.dropped_controls);
        pos += opaque;
        continue;
      }
      in_tag = pos + 1 < text.size() && !IsXmlSpaceChar(text[pos + 1]);
      out += c;
      ++pos;
      continue;
    }
    if (c != '&') {
      out += c;
      ++pos;
      continue;
    }
    // A reference, in character data or an attribute value.
    Reference ref = ClassifyReference(text.substr(pos, 40));
    switch (ref.kind) {
      case Reference::Kind::kInvalid:
        out += kReplacement;
        ++prepared.replaced_references;
        break;
      case Reference::Kind::kUpperHex:
        out += "&#x";
        out += text.substr(pos + 3, ref.length - 3);
        break;
      case Reference::Kind::kHtml:
        AppendEscaped(out, *ref.html);
        ++prepared.decoded_html_entities;
        break;
      case Reference::Kind::kFine:
        out += text.substr(pos, ref.length);
        break;
      case Reference::Kind::kNone:
        out += c;
        ref.length = 1;
        break;
    }
    pos += ref.length;
  }
  prepared.rewritten = true;
}

}  // namespace

PreparedXml PrepareXml(std::string_view utf8, bool validate_utf8) {
  PreparedXml prepared;
  prepared.input = utf8;
  std::size_t invalid = std::string_view::npos;
  bool rewrite =
      NeedsRewrite(utf8, validate_utf8, invalid, prepared.check_fields_utf8, prepared.latin1_range);
  if (invalid != std::string_view::npos) {
    prepared.invalid_utf8 = true;
    return prepared;
  }
  // The scan stops at the first thing to fix: check the rest for UTF-8.
  if (rewrite && validate_utf8) {
    std::size_t multibyte = 0;
    if (FindInvalidUtf8(utf8, multibyte) != std::string_view::npos) {
      prepared.invalid_utf8 = true;
      return prepared;
    }
  }
  if (!rewrite) return prepared;
  Rewrite(utf8, prepared);
  // Dropping controls can join text into something new ("&\x01#0;" becomes
  // "&#0;", "]]\x01>" ends a CDATA section early): check the result again.
  // A second rewrite has no controls left to drop, so it settles.
  std::size_t unused = std::string_view::npos;
  prepared.check_fields_utf8 = true;
  prepared.latin1_range = true;  // HTML entities may have added some.
  if (prepared.dropped_controls > 0 &&
      NeedsRewrite(prepared.buffer, false, unused, prepared.check_fields_utf8,
                   prepared.latin1_range)) {
    std::string first = std::move(prepared.buffer);
    prepared.buffer.clear();
    Rewrite(first, prepared);
  }
  return prepared;
}

}  // namespace newsalert::feed
