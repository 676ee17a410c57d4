// XML feeds (RSS 0.9x/2.0, RSS 1.0/RDF, Atom 1.0 and 0.3) -> FeedDocument,
// with pugixml. Called by ParseFeed (feed/feed_parser.h) on UTF-8 text.
//
// pugixml never expands DTD entities (billion laughs and XXE stay inert), but
// it checks neither depth nor UTF-8 and keeps a partial tree after an error;
// this unit adds the depth limit, drops the entry cut by an error, and
// sanitises every string it returns. It never prunes a parsed tree
// (pugixml 1.13's remove_child recurses; RELIABILITY.md finding 4).
#pragma once

#include <string_view>

#include "base/result.h"
#include "feed/feed_document.h"
#include "feed/feed_parser.h"
#include "feed/xml_prepare.h"

namespace newsalert::feed {

// `prepared`: the document's UTF-8 text through PrepareXml.
// `decoded_from_utf8`: the bytes were UTF-8 (not converted from another
// charset), so UTF-8 mis-read as Latin-1 can be repaired.
Result<FeedDocument> ParseXmlFeed(const PreparedXml& prepared, const ParseOptions& options,
                                  bool decoded_from_utf8);

}  // namespace newsalert::feed
