#include "text/item_builder.h"

#include <map>

#include <fmt/format.h>

#include "base/strings.h"
#include "net/url.h"
#include "text/html_text.h"
#include "text/words.h"

namespace newsalert::text {
namespace {

bool IsHtml(feed::TextKind kind) { return kind != feed::TextKind::kText; }

}  // namespace

std::string StableHash(std::string_view data) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : data) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

std::string TitleStoryKey(std::string_view plain_title) {
  std::vector<std::string> words = FoldedWords(plain_title);
  std::size_t no_space_characters = 0;
  for (const std::string& word : words) {
    unsigned char lead = word.empty() ? 0 : static_cast<unsigned char>(word[0]);
    if (lead >= 0xE0) ++no_space_characters;  // 3- and 4-byte code points: CJK, Thai...
  }
  if (words.size() < 4 && no_space_characters < 8) return "";
  return "title:" + Join(words, " ");
}

std::vector<model::Item> BuildItems(const feed::FeedDocument& document,
                                    const FeedIdentity& feed) {
  std::map<std::string, int> guid_counts;
  for (const feed::Entry& entry : document.entries) {
    if (!entry.id.empty()) ++guid_counts[entry.id];
  }
  std::vector<model::Item> items;
  items.reserve(document.entries.size());
  for (const feed::Entry& entry : document.entries) {
    model::Item item;
    item.feed_name = feed.name;
    item.feed_url = feed.url;
    item.feed_tags = feed.tags;
    item.guid = entry.id;
    item.link = entry.link;
    item.title = CollapseWhitespace(PlainText(entry.title, IsHtml(entry.title_kind)));
    item.summary = PlainText(entry.summary, IsHtml(entry.summary_kind));
    item.content = PlainText(entry.content, IsHtml(entry.content_kind));
    if (!entry.author.name.empty()) {
      item.authors.push_back(entry.author.name);
    } else if (!entry.author.email.empty()) {
      item.authors.push_back(entry.author.email);
    }
    item.categories = entry.categories;
    item.published = entry.published;
    item.updated = entry.updated;

    std::string canonical_link = entry.link.empty() ? "" : net::CanonicalUrl(entry.link);
    if (!entry.id.empty()) {
      item.item_key = guid_counts[entry.id] > 1 ? "guid+link:" + entry.id + " " + canonical_link
                                                : "guid:" + entry.id;
    } else if (!canonical_link.empty()) {
      item.item_key = "link:" + canonical_link;
    } else {
      item.item_key = "hash:" + StableHash(item.title + "\n" + item.summary + "\n" + item.content);
    }
    item.content_hash = StableHash(item.title + "\n" + canonical_link + "\n" + item.summary +
                                   "\n" + item.content);
    if (!canonical_link.empty()) item.story_keys.push_back("url:" + canonical_link);
    if (std::string title_key = TitleStoryKey(item.title); !title_key.empty()) {
      item.story_keys.push_back(std::move(title_key));
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace newsalert::text
