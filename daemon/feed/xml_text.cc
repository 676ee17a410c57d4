#include "feed/xml_text.h"

#include <algorithm>
#include <array>
#include <deque>
#include <unordered_set>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

#include "base/strings.h"
#include "feed/byte_scan.h"

namespace newsalert::feed {
namespace {

constexpr std::string_view kSvgUri = "http://www.w3.org/2000/svg";
constexpr std::string_view kMathMlUri = "http://www.w3.org/1998/Math/MathML";

bool IsText(const pugi::xml_node& node) {
  return node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata;
}

bool IsVoidElement(std::string_view name) {
  static constexpr std::array<std::string_view, 19> kVoid = {
      "area", "base",  "basefont", "br",   "col",   "command", "embed",
      "frame", "hr",   "img",      "input", "isindex", "keygen", "link",
      "meta",  "param", "source",  "track", "wbr"};
  return std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end();
}

void AppendEscapedText(std::string& out, std::string_view text, bool attribute) {
  std::size_t start = 0;
  while (true) {
    std::size_t at = FindMarkupByte(text.data(), text.size(), start, attribute);
    out.append(text.substr(start, at - start));
    if (at == text.size()) return;
    switch (text[at]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += "&quot;"; break;  // '"', in attribute values.
    }
    start = at + 1;
  }
}

std::string_view PrefixOf(std::string_view qualified) {
  auto colon = qualified.find(':');
  return colon == std::string_view::npos ? std::string_view() : qualified.substr(0, colon);
}

bool IsXmlnsAttribute(std::string_view name) {
  return name == "xmlns" || name.starts_with("xmlns:");
}

// Serialises a subtree without recursion; see SerializeChildren.
class Serializer {
 public:
  Serializer(const NamespaceScope& scope, std::string& out) : scope_(scope), out_(out) {}

  void Children(const pugi::xml_node& root) {
    pugi::xml_node current = root.first_child();
    while (current) {
      if (current.type() == pugi::node_element) {
        Open(current);
        if (current.first_child()) {
          current = current.first_child();
          continue;
        }
        Close();
      } else if (IsText(current)) {
        AppendEscapedText(out_, current.value(), false);
      }
      while (!current.next_sibling()) {
        current = current.parent();
        if (!current || current == root) return;
        Close();
      }
      current = current.next_sibling();
    }
  }

 private:
  struct Frame {
    std::string_view name;
    std::string_view namespace_uri;  // Default namespace of the output here.
    std::size_t declared_mark;       // Size of declared_ before this element.
    int pushed;                      // Bindings pushed on scope_.
  };

  void Open(const pugi::xml_node& element) {
    int pushed = scope_.Push(element);
    std::string_view qualified = element.name();
    std::string_view name = LocalName(qualified);
    std::string_view uri = scope_.Uri(PrefixOf(qualified));
    std::string_view parent_uri =
        frames_.empty() ? std::string_view() : frames_.back().namespace_uri;
    Frame frame{name, parent_uri, declared_.size(), pushed};

    attributes_.clear();
    for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
      std::string_view attribute = a.name();
      if (IsXmlnsAttribute(attribute)) continue;
      attributes_.emplace_back(attribute, a.value());
      std::string_view prefix = PrefixOf(attribute);
      if (!prefix.empty() && prefix != "xml" && declared_set_.insert(prefix).second) {
        declared_.push_back(prefix);
        owned_.push_back("xmlns:" + std::string(prefix));
        attributes_.emplace_back(owned_.back(), scope_.Uri(prefix));
      }
    }
    // Foreign vocabularies inside XHTML keep their namespace, as feedparser
    // writes them.
    if ((uri == kSvgUri || uri == kMathMlUri) && uri != parent_uri) {
      attributes_.emplace_back("xmlns", uri);
      frame.namespace_uri = uri;
    }
    if (attributes_.size() > 1) std::sort(attributes_.begin(), attributes_.end());

    out_ += '<';
    out_.append(name);
    for (const auto& [key, value] : attributes_) {
      out_ += ' ';
      out_.append(key);
      out_ += "=\"";
      AppendEscapedText(out_, value, true);
      out_ += '"';
    }
    out_ += IsVoidElement(name) ? " />" : ">";
    frames_.push_back(frame);
  }

  void Close() {
    Frame frame = frames_.back();
    frames_.pop_back();
    if (!IsVoidElement(frame.name)) {
      out_ += "</";
      out_.append(frame.name);
      out_ += '>';
    }
    for (std::size_t i = frame.declared_mark; i < declared_.size(); ++i) {
      declared_set_.erase(declared_[i]);
    }
    declared_.resize(frame.declared_mark);
    scope_.Pop(frame.pushed);
  }

  NamespaceScope scope_;  // A copy: Open/Close push and pop on it.
  std::string& out_;
  std::vector<Frame> frames_;
  std::vector<std::string_view> declared_;  // Prefixes declared in the output, in order,
  std::unordered_set<std::string_view> declared_set_;  // and as a set (many attributes).
  std::vector<std::pair<std::string_view, std::string_view>> attributes_;
  std::deque<std::string> owned_;   // Storage for generated attribute names.
};

std::string SerializedString(const pugi::xml_node& node, const NamespaceScope& scope) {
  std::string out;
  Serializer(scope, out).Children(node);
  return out;
}

// The wrapper <div> of an XHTML construct, when it is the only element
// child (text around it is whitespace).
pugi::xml_node OnlyDivChild(const pugi::xml_node& node) {
  pugi::xml_node div;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) {
      if (div || LocalName(child.name()) != "div") return {};
      div = child;
    } else if (IsText(child) && !Trim(child.value()).empty()) {
      return {};
    }
  }
  return div;
}

std::string LowerAttribute(const pugi::xml_node& node, const char* name) {
  return ToLowerAscii(Trim(AttributeText(node, name)));
}

bool IsHtmlType(std::string_view type) {
  return type == "html" || type == "text/html" || type == "escaped";
}

bool IsXhtmlType(std::string_view type) {
  return type == "xhtml" || type == "application/xhtml+xml";
}

bool IsXmlType(std::string_view type) {
  return type.ends_with("+xml") || type.ends_with("/xml");
}

// Text or HTML with its markup escaped in the document, or inline.
TextValue HtmlValue(const pugi::xml_node& node, const NamespaceScope& scope) {
  if (!HasElementChildren(node)) return {DirectText(node), TextKind::kHtml};
  // Typepad wraps escaped HTML in an XHTML <div>: the div is packaging.
  if (pugi::xml_node div = OnlyDivChild(node); div && !HasElementChildren(div)) {
    return {DirectText(div), TextKind::kHtml};
  }
  return {SerializedString(node, scope), TextKind::kHtml};
}

TextValue Base64Value(const pugi::xml_node& node, TextKind kind) {
  std::string raw = DirectText(node);
  std::string decoded;
  if (DecodeBase64(raw, decoded) && IsValidUtf8(decoded)) return {std::move(decoded), kind};
  return {std::move(raw), kind};
}

constexpr char32_t kWindows1252C1[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

// "CafÃ©": UTF-8 bytes read as Latin-1 and encoded again. When every
// non-ASCII character is in U+0080..U+00FF and their Latin-1 bytes form
// valid UTF-8 with at least one multi-byte sequence, returns true and the
// repaired text. Checks the Latin-1 bytes on the fly: ordinary accented
// text fails at its first accent, without copying anything.
bool UndoDoubleEncoding(std::string_view text, std::size_t first_non_ascii,
                        std::string& repaired) {
  int pending = 0;  // Continuation bytes still expected.
  bool multibyte = false;
  for (std::size_t i = first_non_ascii; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    unsigned byte;
    if (c < 0x80) {
      byte = c;
      ++i;
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < text.size()) {
      byte = static_cast<unsigned char>(text[i + 1]) + (c == 0xC3 ? 0x40 : 0);
      i += 2;
    } else {
      return false;  // A character above U+00FF: not Latin-1 mojibake.
    }
    if (pending > 0) {
      if ((byte & 0xC0) != 0x80) return false;
      --pending;
    } else if (byte >= 0x80) {
      if (byte >= 0xC2 && byte <= 0xDF) {
        pending = 1;
      } else if (byte >= 0xE0 && byte <= 0xEF) {
        pending = 2;
      } else if (byte >= 0xF0 && byte <= 0xF4) {
        pending = 3;
      } else {
        return false;
      }
      multibyte = true;
    }
  }
  if (pending > 0 || !multibyte) return false;
  repaired.clear();
  repaired.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      repaired += static_cast<char>(c);
    } else {
      unsigned char next = static_cast<unsigned char>(text[++i]);
      repaired += static_cast<char>(c == 0xC2 ? next : next + 0x40);
    }
  }
  return IsValidUtf8(repaired);  // Overlongs and surrogates, checked strictly.
}

// Position of the next C1 control (0xC2 0x80..0x9F) at or after `pos`, or
// npos. Most 0xC2 bytes start printable Latin-1 ("\u00A9", "\u00AB").
std::size_t FindC1Control(const std::string& text, std::size_t pos) {
  while ((pos = text.find('\xC2', pos)) != std::string::npos) {
    if (pos + 1 < text.size()) {
      auto next = static_cast<unsigned char>(text[pos + 1]);
      if (next >= 0x80 && next <= 0x9F) return pos;
    }
    ++pos;
  }
  return std::string::npos;
}

// Copies only when there is something to map, and then a run at a time.
void MapC1ToWindows1252(std::string& text, std::size_t from) {
  std::size_t at = FindC1Control(text, from);
  if (at == std::string::npos) return;
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t copied = 0;
  while (at != std::string::npos) {
    out.append(text, copied, at - copied);
    AppendUtf8(out, kWindows1252C1[static_cast<unsigned char>(text[at + 1]) - 0x80]);
    copied = at + 2;
    at = FindC1Control(text, copied);
  }
  out.append(text, copied);
  text = std::move(out);
}

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// True when `text` has ill-formed UTF-8 at or after `pos` (a non-ASCII byte).
bool FindInvalidUtf8From(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    std::size_t length = Utf8SequenceLength(text.data(), text.size(), pos);
    if (length == 0) return true;
    pos = FindNonAsciiByte(text.data(), text.size(), pos + length);
  }
  return false;
}

std::size_t FindNonAscii(std::string_view text, std::size_t pos) {
  std::size_t at = FindNonAsciiByte(text.data(), text.size(), pos);
  return at == text.size() ? std::string_view::npos : at;
}

}  // namespace

pugi::xml_node FirstElementChild(const pugi::xml_node& node) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) return child;
  }
  return {};
}

bool HasElementChildren(const pugi::xml_node& node) { return bool(FirstElementChild(node)); }

void AppendNodeText(const pugi::xml_node& text_node, std::string& out) {
  out += text_node.value();
}

std::string AttributeText(const pugi::xml_attribute& attribute) { return attribute.value(); }

std::string AttributeText(const pugi::xml_node& node, const char* name) {
  return AttributeText(node.attribute(name));
}

std::string DirectText(const pugi::xml_node& node) {
  pugi::xml_node first = node.first_child();
  if (first && !first.next_sibling() && IsText(first)) return first.value();  // Common case.
  std::string out;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (IsText(child)) AppendNodeText(child, out);
  }
  return out;
}

std::string_view DirectTextView(const pugi::xml_node& node, std::string& storage) {
  pugi::xml_node first = node.first_child();
  if (!first) return {};
  if (!first.next_sibling() && IsText(first)) return first.value();
  storage = DirectText(node);
  return storage;
}

std::string DescendantText(const pugi::xml_node& node) {
  std::string out;
  pugi::xml_node current = node.first_child();
  while (current) {
    if (IsText(current)) AppendNodeText(current, out);
    if (current.type() == pugi::node_element && current.first_child()) {
      current = current.first_child();
      continue;
    }
    while (!current.next_sibling()) {
      current = current.parent();
      if (!current || current == node) return out;
    }
    current = current.next_sibling();
  }
  return out;
}

std::string SerializeChildren(const pugi::xml_node& node, const NamespaceScope& scope) {
  return SerializedString(node, scope);
}

bool DecodeBase64(std::string_view text, std::string& out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  };
  out.clear();
  std::uint32_t buffer = 0;
  int bits = 0;
  int padding = 0;
  std::size_t symbols = 0;
  for (char c : text) {
    if (IsXmlSpace(c)) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    int v = value(c);
    if (v < 0 || padding > 0) return false;
    ++symbols;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (padding > 2 || symbols == 0 || (symbols + static_cast<std::size_t>(padding)) % 4 == 1) {
    return false;
  }
  return true;
}

TextValue AtomText(const pugi::xml_node& node, const NamespaceScope& scope, bool atom03) {
  std::string type = LowerAttribute(node, "type");
  std::string mode = LowerAttribute(node, "mode");
  if (mode == "base64") {
    return Base64Value(node, IsHtmlType(type) || IsXhtmlType(type) ? TextKind::kHtml
                                                                   : TextKind::kText);
  }
  if (atom03) {
    // Atom 0.3: mode="xml" (the default) is inline markup, kept whole.
    if (mode == "escaped" || IsHtmlType(type)) return HtmlValue(node, scope);
    if (HasElementChildren(node)) return {SerializedString(node, scope), TextKind::kXhtml};
    return {DirectText(node), IsXhtmlType(type) ? TextKind::kHtml : TextKind::kText};
  }
  if (type.empty() || type == "text" || type == "text/plain") {
    // Markup in a text construct: the feed meant XHTML.
    if (HasElementChildren(node)) return {SerializedString(node, scope), TextKind::kXhtml};
    return {DirectText(node), TextKind::kText};
  }
  if (IsHtmlType(type)) return HtmlValue(node, scope);
  if (IsXhtmlType(type)) {
    pugi::xml_node div = OnlyDivChild(node);
    return {SerializedString(div ? div : node, scope), TextKind::kXhtml};
  }
  if (IsXmlType(type)) return {SerializedString(node, scope), TextKind::kXhtml};
  if (type.starts_with("text/")) return {DirectText(node), TextKind::kText};
  return Base64Value(node, TextKind::kText);  // Any other MIME type.
}

TextValue HtmlElementText(const pugi::xml_node& node, const NamespaceScope& scope) {
  return HtmlValue(node, scope);
}

void CleanFieldText(std::string& text, const CleanOptions& options) {
  std::size_t begin = 0;
  while (begin < text.size() && IsXmlSpace(text[begin])) ++begin;
  std::size_t end = text.size();
  while (end > begin && IsXmlSpace(text[end - 1])) --end;
  if (end != text.size()) text.resize(end);
  if (begin != 0) text.erase(0, begin);
  if (!options.check_utf8 && !options.undo_double_encoding && !options.map_c1_controls) return;
  std::size_t first = FindNonAscii(text, 0);
  if (first == std::string_view::npos) return;
  // Every string that leaves the parser is valid UTF-8. The prepare pass
  // makes pugixml's output so; this check keeps it so when a document may
  // have read differently to that pass and to pugixml.
  if (options.check_utf8 && FindInvalidUtf8From(text, first)) text = SanitizeUtf8(text);
  if (options.undo_double_encoding) {
    std::string repaired;
    if (UndoDoubleEncoding(text, first, repaired)) text = std::move(repaired);
  }
  if (options.map_c1_controls) MapC1ToWindows1252(text, first);
}

}  // namespace newsalert::feed
