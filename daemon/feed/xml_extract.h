// Reads feed and entry fields out of a parsed XML feed document (RSS
// 0.9x/1.0/2.0, CDF, Atom 0.3/1.0), whatever mix of vocabularies it uses:
// RSS items carry atom:link, Dublin Core, Media RSS and iTunes elements;
// Atom entries carry dc:creator.
//
// When several elements give one field, the format's own element wins over
// an extension's (rss <title> over dc:title over media:title); among equals
// the last one wins, as in Universal Feed Parser, gofeed and Go's
// encoding/xml - except links and authors, where the first one wins (the
// schema's "first author"; the first alternate link).
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include "feed/feed_document.h"
#include "feed/xml_text.h"

namespace newsalert::feed {

struct ExtractOptions {
  std::string base_url;          // The document URL.
  std::size_t max_entries = 10000;
  CleanOptions clean;            // Per-field cleanup for this document.
};

struct ExtractResult {
  // The element each entry was read from, parallel to document.entries
  // (to drop an entry an XML error cut short).
  std::vector<pugi::xml_node> entry_nodes;
  bool entry_limit_hit = false;
};

// Fills document.feed and document.entries from `root`.
ExtractResult ExtractXmlFeed(const pugi::xml_node& root, FeedFormat format,
                             const ExtractOptions& options, FeedDocument& document);

}  // namespace newsalert::feed
