#include "feed/feed_json.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "feed/html_uris.h"

namespace newsalert::feed {
namespace {

using Json = nlohmann::ordered_json;

void PutString(Json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

// HTML and XHTML fields with their relative references resolved, as
// feedparser and gofeed present them.
void PutMarkup(Json& object, const char* key, const std::string& value, TextKind kind,
               const std::string& base) {
  if (value.empty()) return;
  object[key] = kind == TextKind::kText ? value : ResolveHtmlUris(value, base);
}

void PutDate(Json& object, const char* key, const std::optional<Timestamp>& value) {
  if (value) object[key] = FormatFeedTimestamp(*value);
}

void PutPerson(Json& object, const Person& person) {
  if (person.empty()) return;
  Json author = Json::object();
  PutString(author, "name", person.name);
  PutString(author, "email", person.email);
  PutString(author, "uri", person.uri);
  object["author"] = std::move(author);
}

void PutList(Json& object, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) object[key] = values;
}

}  // namespace

std::string FormatFeedTimestamp(Timestamp time) {
  using namespace std::chrono;
  sys_days day = floor<days>(time);
  year_month_day date(day);
  hh_mm_ss<seconds> clock(time - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     clock.hours().count(), clock.minutes().count(), clock.seconds().count());
}

std::string FeedDocumentJson(const FeedDocument& document) {
  Json root = Json::object();
  root["format"] = FeedFormatName(document.format);

  const FeedInfo& info = document.feed;
  Json feed = Json::object();
  PutMarkup(feed, "title", info.title, TextKind::kHtml, info.bases.Of(info.bases.title));
  PutString(feed, "link", info.link);
  PutString(feed, "id", info.id);
  PutMarkup(feed, "subtitle", info.subtitle, TextKind::kHtml, info.bases.Of(info.bases.summary));
  PutDate(feed, "updated", info.updated);
  PutDate(feed, "published", info.published);
  PutPerson(feed, info.author);
  PutList(feed, "categories", info.categories);
  root["feed"] = std::move(feed);

  Json entries = Json::array();
  for (const Entry& entry : document.entries) {
    Json item = Json::object();
    PutMarkup(item, "title", entry.title, entry.title_kind, entry.bases.Of(entry.bases.title));
    PutString(item, "link", entry.link);
    PutString(item, "id", entry.id);
    PutDate(item, "published", entry.published);
    PutDate(item, "updated", entry.updated);
    PutPerson(item, entry.author);
    PutMarkup(item, "summary", entry.summary, entry.summary_kind,
              entry.bases.Of(entry.bases.summary));
    PutMarkup(item, "content", entry.content, entry.content_kind,
              entry.bases.Of(entry.bases.content));
    PutList(item, "categories", entry.categories);
    entries.push_back(std::move(item));
  }
  root["entries"] = std::move(entries);
  if (!document.warnings.empty()) root["warnings"] = document.warnings;
  // The parser guarantees valid UTF-8; `replace` keeps a bug from throwing.
  return root.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace newsalert::feed
