// Text out of feed elements: character data, Atom text constructs (text,
// html, xhtml, other MIME types, base64), inline markup serialised, and
// the cleanup every string gets before it leaves the parser.
//
// Nothing here recurses: pugixml trees of untrusted documents can be deep.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "feed/feed_document.h"
#include "feed/xml_names.h"

namespace newsalert::feed {

// Text as pugixml decoded it (references already fixed by PrepareXml).

// Appends the text of a PCDATA or CDATA node.
void AppendNodeText(const pugi::xml_node& text_node, std::string& out);

// An attribute's value; "" when absent.
std::string AttributeText(const pugi::xml_attribute& attribute);
std::string AttributeText(const pugi::xml_node& node, const char* name);

// Character data directly under `node` (text and CDATA children).
std::string DirectText(const pugi::xml_node& node);

// The same without a copy when `node` has a single text child (nearly
// always); otherwise `storage` holds the text.
std::string_view DirectTextView(const pugi::xml_node& node, std::string& storage);

// All character data in the subtree of `node`, in document order (for
// names and terms where feeds put stray markup: "by <a>Jane</a>").
std::string DescendantText(const pugi::xml_node& node);

// The children of `node` serialised as markup, the way Universal Feed
// Parser writes inline XHTML: local element names, attributes sorted,
// void elements as "<br />", others never self-closed, XHTML namespace
// declarations dropped and foreign ones (SVG, MathML) declared where their
// subtree starts. `scope` holds the declarations in effect at `node`.
std::string SerializeChildren(const pugi::xml_node& node, const NamespaceScope& scope);

// The first element child of `node`, or an empty node.
pugi::xml_node FirstElementChild(const pugi::xml_node& node);
bool HasElementChildren(const pugi::xml_node& node);

// Base64 (RFC 4648, whitespace ignored) -> bytes; nullopt-like false when
// the text is not base64.
bool DecodeBase64(std::string_view text, std::string& out);

// The value of a text construct or content element and its kind.
struct TextValue {
  std::string text;
  TextKind kind = TextKind::kText;
};

// Atom 1.0 / 0.3 text constructs and content (RFC 4287 sections 3.1 and
// 4.1.3; Atom 0.3 "mode"). `atom03` selects 0.3's rules (wrapper <div>
// kept; default mode "xml").
TextValue AtomText(const pugi::xml_node& node, const NamespaceScope& scope, bool atom03);

// An element that holds text or HTML (RSS description, content:encoded):
// its character data, or its children serialised when a feed put markup
// in without escaping it.
TextValue HtmlElementText(const pugi::xml_node& node, const NamespaceScope& scope);

// Final cleanup of every string that leaves the parser: whitespace trimmed;
// in UTF-8 documents, text that is UTF-8 mis-read as Latin-1 and encoded
// again ("CafÃ©") is restored; C1 control characters are read as
// windows-1252 (as browsers and Universal Feed Parser do). Both look only
// at fields with non-ASCII text, and stop at the first sign they do not
// apply.
struct CleanOptions {
  bool undo_double_encoding = false;
  bool map_c1_controls = false;
  bool check_utf8 = false;  // Replace ill-formed UTF-8 (see PreparedXml).
};
void CleanFieldText(std::string& text, const CleanOptions& options);

}  // namespace newsalert::feed
