// BuildItems: a parsed feed document -> Items ready for matching, with their
// identity keys. Pure.
//
// Item key within a feed (the rule Miniflux uses, in one place):
//   1. the GUID / Atom id;
//   2. if that GUID occurs more than once in this document: GUID + link;
//   3. no GUID: the canonical link;
//   4. no link either: a hash of title + content.
// Story keys across feeds: the canonical link, and the folded title when it
// is distinctive enough (at least 4 words, or 8 characters of a script
// written without spaces) to name one story.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "feed/feed_document.h"
#include "model/item.h"

namespace newsalert::text {

struct FeedIdentity {
  std::string name;
  std::string url;
  std::vector<std::string> tags;
};

std::vector<model::Item> BuildItems(const feed::FeedDocument& document,
                                    const FeedIdentity& feed);

// A stable 64-bit FNV-1a hash as 16 hex digits (identity, not security).
std::string StableHash(std::string_view data);

// The title story key ("title:..."), or "" when the title is too generic.
std::string TitleStoryKey(std::string_view plain_title);

}  // namespace newsalert::text
