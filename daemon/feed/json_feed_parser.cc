#include "feed/json_feed_parser.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "feed/feed_date.h"
#include "net/url.h"

namespace newsalert::feed {
namespace {

using Json = nlohmann::json;

std::string StringField(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return "";
  if (it->is_string()) return SanitizeUtf8(Trim(it->get_ref<const std::string&>()));
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

Person JsonPerson(const Json& object) {
  Person person;
  // 1.1 has "authors" (a list); 1.0 has "author" (one object).
  const Json* author = nullptr;
  if (auto it = object.find("authors"); it != object.end() && it->is_array() && !it->empty()) {
    author = &(*it)[0];
  } else if (auto one = object.find("author"); one != object.end()) {
    author = &*one;
  }
  if (author != nullptr && author->is_object()) {
    person.name = StringField(*author, "name");
    person.uri = StringField(*author, "url");
  }
  return person;
}

}  // namespace

Result<FeedDocument> ParseJsonFeed(std::string_view utf8, const ParseOptions& options) {
  // Depth is bounded by nlohmann's parser callback; the 256 limit matches XML.
  int depth = 0;
  bool too_deep = false;
  Json::parser_callback_t limit = [&](int, Json::parse_event_t event, Json&) {
    if (event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start) {
      if (++depth > options.max_depth) too_deep = true;
    } else if (event == Json::parse_event_t::object_end ||
               event == Json::parse_event_t::array_end) {
      --depth;
    }
    return !too_deep;
  };
  Json root = Json::parse(utf8.begin(), utf8.end(), limit, /*allow_exceptions=*/false);
  if (too_deep) {
    return Status::ParseError("feed: JSON nested deeper than " +
                              std::to_string(options.max_depth) + " levels");
  }
  if (root.is_discarded() || !root.is_object()) {
    return Status::ParseError("feed: not a JSON Feed (invalid JSON)");
  }
  std::string version = StringField(root, "version");
  if (version.rfind("https://jsonfeed.org/version/", 0) != 0) {
    return Status::ParseError("feed: JSON document is not a JSON Feed (no jsonfeed.org version)");
  }
  FeedDocument document;
  document.format = FeedFormat::kJson;
  document.feed.title = StringField(root, "title");
  document.feed.link = net::ResolveUrl(options.base_url, StringField(root, "home_page_url"));
  document.feed.id = StringField(root, "feed_url");
  document.feed.subtitle = StringField(root, "description");
  document.feed.author = JsonPerson(root);
  auto items = root.find("items");
  if (items == root.end() || !items->is_array()) return document;
  for (const Json& item : *items) {
    if (!item.is_object()) continue;
    if (document.entries.size() >= options.max_entries) {
      document.warnings.push_back("more than " + std::to_string(options.max_entries) +
                                  " entries; the rest were ignored");
      break;
    }
    Entry entry;
    entry.id = StringField(item, "id");
    entry.title = StringField(item, "title");
    entry.title_kind = TextKind::kText;
    entry.link = net::ResolveUrl(options.base_url, StringField(item, "url"));
    if (entry.link.empty()) {
      entry.link = net::ResolveUrl(options.base_url, StringField(item, "external_url"));
    }
    entry.summary = StringField(item, "summary");
    entry.summary_kind = TextKind::kText;
    entry.content = StringField(item, "content_html");
    entry.content_kind = TextKind::kHtml;
    if (entry.content.empty()) {
      entry.content = StringField(item, "content_text");
      entry.content_kind = TextKind::kText;
    }
    entry.author = JsonPerson(item);
    if (entry.author.empty()) entry.author = document.feed.author;
    entry.published = ParseFeedDate(StringField(item, "date_published"));
    entry.updated = ParseFeedDate(StringField(item, "date_modified"));
    if (auto tags = item.find("tags"); tags != item.end() && tags->is_array()) {
      for (const Json& tag : *tags) {
        if (tag.is_string()) entry.categories.push_back(SanitizeUtf8(tag.get<std::string>()));
      }
    }
    document.entries.push_back(std::move(entry));
  }
  return document;
}

}  // namespace newsalert::feed
