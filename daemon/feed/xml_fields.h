// Reading single fields out of feed elements: which element wins a field
// (ranks), URL references against a base, ids that are paths, and people
// (Atom's structured ones, RSS's strings). Used by xml_extract.cc.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "feed/feed_document.h"
#include "feed/xml_names.h"

namespace newsalert::feed {

// Ranks of the elements that may fill a field; see xml_extract.h.
constexpr int kCore = 3;       // The format's own element.
constexpr int kOverride = 4;   // feedburner:origLink: the article behind a tracking link.
constexpr int kAlias = 2;      // Dublin Core, atom:link in RSS, dcterms.
constexpr int kExtension = 1;  // Media RSS, iTunes, Google Play.
constexpr int kLast = 0;       // Weak fallbacks (itunes:subtitle, itunes:owner).

// The rank of the element that set each field of one record.
struct Ranks {
  int title = -1, link = -1, id = -1, summary = -1, content = -1;
  int published = -1, updated = -1, author = -1;
};

// Equal ranks: the later element wins.
inline bool Take(int& slot, int rank) {
  if (rank < slot) return false;
  slot = rank;
  return true;
}

// Equal ranks: the earlier element wins (links, authors).
inline bool TakeFirst(int& slot, int rank) {
  if (rank <= slot) return false;
  slot = rank;
  return true;
}

bool IsHttpUrl(std::string_view url);

// Relative ids that are paths ("/2024/story", "relative/link") name a page
// on the site; opaque ones ("12345") are left alone.
bool IsRelativePathId(std::string_view id);

// True when `reference` starts with a URI scheme ("https:", "tag:").
bool HasScheme(std::string_view reference);

// `reference` (trimmed) resolved against `base`; absolute references
// (nearly all of them) skip the URL parser.
std::string ResolveReference(const std::string& base, std::string_view reference);

// Atom <author>/<contributor> (also itunes:owner): name, email, uri (or
// Atom 0.3's url/homepage), the uri resolved against `base`.
Person AtomPerson(const pugi::xml_node& node, const NamespaceScope& scope,
                  const std::string& base);

// An RSS <author>/<dc:creator>: a string ("jane@x.example (Jane)"), or
// (rarely) Atom-like children.
Person RssPerson(const pugi::xml_node& node, const NamespaceScope& scope,
                 const std::string& base);

}  // namespace newsalert::feed
