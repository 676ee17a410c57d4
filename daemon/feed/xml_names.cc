#include "feed/xml_names.h"

#include "base/strings.h"

namespace newsalert::feed {
namespace {

// Strips one trailing '/' or '#' so "http://search.yahoo.com/mrss" and
// ".../mrss/" compare equal.
std::string_view TrimTrailingSeparator(std::string_view uri) {
  if (!uri.empty() && (uri.back() == '/' || uri.back() == '#')) uri.remove_suffix(1);
  return uri;
}

// Prefixes feeds use without declaring them.
Ns ConventionalPrefix(std::string_view prefix) {
  if (prefix == "dc") return Ns::kDc;
  if (prefix == "dcterms") return Ns::kDcTerms;
  if (prefix == "content") return Ns::kContent;
  if (prefix == "media") return Ns::kMedia;
  if (prefix == "itunes") return Ns::kItunes;
  if (prefix == "googleplay") return Ns::kGooglePlay;
  if (prefix == "feedburner") return Ns::kFeedburner;
  if (prefix == "atom") return Ns::kAtom10;
  if (prefix == "rdf") return Ns::kRdf;
  if (prefix == "xhtml") return Ns::kXhtml;
  if (prefix == "xml") return Ns::kXml;
  return Ns::kOther;
}

}  // namespace

Ns KnownNamespace(std::string_view uri) {
  std::string lower = ToLowerAscii(Trim(uri));
  std::string_view u = TrimTrailingSeparator(lower);
  if (u.empty()) return Ns::kNone;
  if (u == "http://www.w3.org/2005/atom") return Ns::kAtom10;
  if (u == "http://purl.org/atom/ns" || u == "http://purl.org/pie" || u == "http://purl.org/echo" ||
      u == "http://example.com/necho" || u == "http://example.com/newformat" ||
      u == "uri/of/echo/namespace") {
    return Ns::kAtom03;
  }
  if (u == "http://purl.org/rss/1.0" || u == "http://my.netscape.com/rdf/simple/0.9" ||
      u == "http://blogs.law.harvard.edu/tech/rss" ||
      u == "http://purl.org/rss/1.0/modules/rss091" ||
      u.find("backend.userland.com/rss") != std::string_view::npos) {
    return Ns::kRss;
  }
  if (u == "http://www.w3.org/1999/02/22-rdf-syntax-ns") return Ns::kRdf;
  if (u == "http://purl.org/dc/elements/1.1") return Ns::kDc;
  if (u == "http://purl.org/dc/terms") return Ns::kDcTerms;
  if (u == "http://purl.org/rss/1.0/modules/content") return Ns::kContent;
  if (u == "http://search.yahoo.com/mrss") return Ns::kMedia;
  if (u == "http://www.itunes.com/dtds/podcast-1.0.dtd" ||
      u == "http://example.com/dtds/podcast-1.0.dtd") {
    return Ns::kItunes;
  }
  if (u == "http://www.google.com/schemas/play-podcasts/1.0") return Ns::kGooglePlay;
  if (u == "http://rssnamespace.org/feedburner/ext/1.0") return Ns::kFeedburner;
  if (u == "http://www.w3.org/1999/xhtml") return Ns::kXhtml;
  if (u == "http://www.w3.org/xml/1998/namespace") return Ns::kXml;
  return Ns::kOther;
}

std::string_view LocalName(std::string_view qualified) {
  auto colon = qualified.find(':');
  return colon == std::string_view::npos ? qualified : qualified.substr(colon + 1);
}

int NamespaceScope::Push(const pugi::xml_node& element) {
  int count = 0;
  for (pugi::xml_attribute a = element.first_attribute(); a; a = a.next_attribute()) {
    if (bindings_.size() >= kMaxBindings) break;
    std::string_view name = a.name();
    if (name.size() < 5 || name.compare(0, 5, "xmlns") != 0) continue;
    std::string_view prefix;
    if (name.size() > 6 && name[5] == ':') {
      prefix = name.substr(6);
    } else if (name.size() != 5) {
      continue;
    }
    std::string_view uri = a.value();
    bindings_.push_back({prefix, uri, KnownNamespace(uri)});
    ++count;
  }
  return count;
}

Ns NamespaceScope::Resolve(std::string_view qualified_name, bool is_attribute) const {
  auto colon = qualified_name.find(':');
  std::string_view prefix =
      colon == std::string_view::npos ? std::string_view() : qualified_name.substr(0, colon);
  if (prefix.empty() && is_attribute) return Ns::kNone;
  if (prefix == "xml") return Ns::kXml;
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->prefix == prefix) return it->ns;
  }
  return prefix.empty() ? Ns::kNone : ConventionalPrefix(prefix);
}

std::string_view NamespaceScope::Uri(std::string_view prefix) const {
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->prefix == prefix) return it->uri;
  }
  return "";
}

}  // namespace newsalert::feed
