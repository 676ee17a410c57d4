#include "text/item_builder.h"

#include <unordered_map>

#include <fmt/format.h>

#include "base/strings.h"
#include "net/url.h"
#include "text/html_text.h"
#include "text/words.h"

namespace newsalert::text {
namespace {

bool IsHtml(feed::TextKind kind) { return kind != feed::TextKind::kText; }

// Title keys tokenise up to four short strings per item: one WordList per
// thread keeps its buffers instead of allocating a vector of strings each
// time.
WordList& ScratchWords() {
  thread_local WordList words;
  return words;
}

// "title:<folded words>" when the words can name one story, else "".
std::string TitleKey(std::string_view title) {
  WordList& words = ScratchWords();
  words.Assign(title);
  std::size_t no_space_characters = 0;
  std::size_t length = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string_view word = words.folded(i);
    unsigned char lead = word.empty() ? 0 : static_cast<unsigned char>(word[0]);
    if (lead >= 0xE0) ++no_space_characters;  // 3- and 4-byte code points: CJK, Thai...
    length += word.size() + 1;
  }
  if (words.size() < 4 && no_space_characters < 8) return "";
  std::string key;
  key.reserve(6 + length);
  key += "title:";
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) key += ' ';
    key += words.folded(i);
  }
  return key;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && EqualsIgnoreCaseAscii(text.substr(0, prefix.size()), prefix);
}

// Wire services and live pages prefix titles: "UPDATE 2-Laos ...",
// "EXCLUSIVE-...", "BREAKING: ...". The story is the rest.
std::string_view StripWirePrefix(std::string_view title) {
  static constexpr std::string_view kPrefixes[] = {
      "update", "updated", "breaking", "breaking news", "exclusive", "analysis", "explainer",
      "factbox", "live", "watch", "video", "corrected", "correction", "refile", "insight"};
  for (std::string_view prefix : kPrefixes) {
    if (!StartsWithIgnoreCase(title, prefix)) continue;
    std::string_view rest = title.substr(prefix.size());
    std::size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || (rest[i] >= '0' && rest[i] <= '9'))) ++i;
    if (i < rest.size() && (rest[i] == '-' || rest[i] == ':')) {
      return Trim(rest.substr(i + 1));
    }
  }
  return title;
}

// "Title - Publisher", "Title | Publisher", "Title — Publisher": the part
// after the last separator, when it is short enough to be a name (at most
// five words), is the outlet, not the story.
std::string_view StripPublisherSuffix(std::string_view title) {
  std::size_t best = std::string_view::npos;
  std::size_t separator_length = 0;
  for (std::string_view separator : {" - ", " | ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: "}) {
    std::size_t at = title.rfind(separator);
    if (at != std::string_view::npos && (best == std::string_view::npos || at > best)) {
      best = at;
      separator_length = separator.size();
    }
  }
  if (best == std::string_view::npos || best == 0) return title;
  std::string_view suffix = title.substr(best + separator_length);
  WordList& words = ScratchWords();
  words.Assign(suffix);
  if (words.size() > 5) return title;
  return Trim(title.substr(0, best));
}

// True when an http(s) URL names at most a site, not an article.
bool IsSiteRoot(std::string_view canonical) {
  std::size_t scheme_end = canonical.find("://");
  if (scheme_end == std::string_view::npos) return true;
  std::size_t path = canonical.find('/', scheme_end + 3);
  return path == std::string_view::npos || canonical.substr(path) == "/";
}

bool IsHttpUrl(std::string_view text) {
  return StartsWithIgnoreCase(text, "http://") || StartsWithIgnoreCase(text, "https://");
}

}  // namespace

std::string StableHasher::Hex() const { return fmt::format("{:016x}", hash_); }

std::string StableHash(std::string_view data) { return StableHasher().Add(data).Hex(); }

std::vector<std::string> TitleStoryKeys(std::string_view plain_title) {
  std::vector<std::string> keys;
  auto add = [&](std::string_view title) {
    std::string key = TitleKey(title);
    if (key.empty()) return;
    for (const std::string& known : keys) {
      if (known == key) return;
    }
    keys.push_back(std::move(key));
  };
  std::string_view title = Trim(plain_title);
  add(title);
  // Most titles have neither a wire prefix nor a publisher suffix: the same
  // text again would give the same key, so it is not tokenised again.
  std::string_view without_prefix = StripWirePrefix(title);
  if (without_prefix != title) add(without_prefix);
  std::string_view without_suffix = StripPublisherSuffix(without_prefix);
  if (without_suffix != without_prefix) add(without_suffix);
  return keys;
}

std::vector<model::Item> BuildItems(const feed::FeedDocument& document,
                                    const FeedIdentity& feed) {
  std::vector<std::string> canonical_links;
  // Keys are views into `document` and `canonical_links` (reserved: it does
  // not move): no copy of every GUID and link.
  std::unordered_map<std::string_view, int> guid_counts, link_counts;
  canonical_links.reserve(document.entries.size());
  for (const feed::Entry& entry : document.entries) {
    if (!entry.id.empty()) ++guid_counts[entry.id];
    canonical_links.push_back(entry.link.empty() ? "" : net::CanonicalUrl(entry.link));
    if (!canonical_links.back().empty()) ++link_counts[canonical_links.back()];
  }
  std::vector<model::Item> items;
  items.reserve(document.entries.size());
  for (std::size_t index = 0; index < document.entries.size(); ++index) {
    const feed::Entry& entry = document.entries[index];
    const std::string& canonical_link = canonical_links[index];
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

    // Hashed piece by piece (no concatenated copy), and the text hash only
    // for the few items whose key needs it: FNV-1a runs a multiply per
    // byte, and items carry kilobytes of text.
    auto text_hash = [&item]() {
      return StableHasher()
          .Add(item.title).Add("\n").Add(item.summary).Add("\n").Add(item.content)
          .Hex();
    };
    bool shared_link = !canonical_link.empty() && link_counts[canonical_link] > 1;
    if (!entry.id.empty()) {
      item.item_key = guid_counts[entry.id] > 1 ? "guid+link:" + entry.id + " " + canonical_link
                                                : "guid:" + entry.id;
    } else if (!canonical_link.empty()) {
      // Several items behind one link (a "latest news" page): the link
      // alone would fold them into one item and lose all but one.
      item.item_key = shared_link ? "link+hash:" + canonical_link + " " + text_hash()
                                  : "link:" + canonical_link;
    } else {
      item.item_key = "hash:" + text_hash();
    }
    item.content_hash = StableHasher()
                            .Add(item.title).Add("\n").Add(canonical_link).Add("\n")
                            .Add(item.summary).Add("\n").Add(item.content)
                            .Hex();

    if (!canonical_link.empty() && !shared_link && !IsSiteRoot(canonical_link)) {
      item.story_keys.push_back("url:" + canonical_link);
    }
    if (IsHttpUrl(entry.id) && guid_counts[entry.id] == 1) {
      std::string canonical_guid = net::CanonicalUrl(entry.id);
      if (canonical_guid != canonical_link && !IsSiteRoot(canonical_guid)) {
        item.story_keys.push_back("url:" + canonical_guid);
      }
    }
    for (std::string& key : TitleStoryKeys(item.title)) item.story_keys.push_back(std::move(key));
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace newsalert::text
