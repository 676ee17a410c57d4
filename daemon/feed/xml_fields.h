// Reading single fields out of feed elements: URL references against a
// base, ids that are paths, and people (Atom's structured ones, RSS's
// strings). Used by xml_extract.cc.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "feed/feed_document.h"
#include "feed/xml_names.h"

namespace newsalert::feed {

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
