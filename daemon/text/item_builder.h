// BuildItems: a parsed feed document -> Items ready for matching, with their
// identity keys. Pure.
//
// Item key within a feed (the rule Miniflux uses, in one place):
//   1. the GUID / Atom id;
//   2. if that GUID occurs more than once in this document: GUID + link;
//   3. no GUID: the canonical link (net::CanonicalUrl), unless several
//      items of the document share it: link + hash of title and content;
//   4. no link either: a hash of title + content.
//
// Story keys name one story across feeds (store/item_recorder.h joins items
// that share any key):
//   - "url:<canonical link>", unless the link cannot name an article: a
//     site's home page, or a link several items of the document share;
//   - "url:<canonical GUID>" when the GUID is itself an article URL other
//     than the link (WordPress "?p=123" GUIDs, syndication partners that
//     keep the original URL as GUID), unique within the document;
//   - "title:<folded title>" for distinctive titles (at least 4 words, or 8
//     characters of a script written without spaces), plus the same title
//     without a wire prefix ("UPDATE 2-", "EXCLUSIVE-", "BREAKING:") and
//     without a trailing publisher name (" - Reuters", " | Yonhap"), so
//     syndicated copies meet the original. The store limits title keys to a
//     time window; "Morning briefing" never counts.
#pragma once

#include <cstdint>
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
// The values are stored (item content hashes, story keys): never change
// them.
std::string StableHash(std::string_view data);

// StableHash of several pieces as if they were concatenated, without the
// copy: StableHasher().Add(a).Add(b).Hex() == StableHash(a + b).
class StableHasher {
 public:
  StableHasher& Add(std::string_view data) {
    std::uint64_t hash = hash_;
    for (char c : data) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 0x100000001b3ULL;
    }
    hash_ = hash;
    return *this;
  }
  std::string Hex() const;

 private:
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// The title story keys ("title:...") of a plain-text title, most specific
// first; empty when the title is too generic to name a story.
std::vector<std::string> TitleStoryKeys(std::string_view plain_title);

}  // namespace newsalert::text
