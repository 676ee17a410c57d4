#include "notify/alert_payload.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace newsalert::notify {
namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson OptionalString(const std::optional<std::string>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

std::string GetString(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> GetOptional(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::vector<std::string> GetStrings(const nlohmann::json& object, const char* key) {
  std::vector<std::string> values;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return values;
  for (const auto& value : *it) {
    if (value.is_string()) values.push_back(value.get<std::string>());
  }
  return values;
}

}  // namespace

std::string SerializeAlert(const AlertContent& alert) {
  OrderedJson document;
  document["version"] = kPayloadVersion;
  document["id"] = alert.id;
  document["filter"] = {{"name", alert.filter_name}, {"query", alert.filter_query}};
  document["item"] = {{"title", alert.title},
                      {"link", alert.link},
                      {"published", OptionalString(alert.published)},
                      {"author", OptionalString(alert.author)},
                      {"categories", alert.categories},
                      {"summary", TruncateUtf8(alert.summary, kPayloadSummaryBytes)}};
  document["feed"] = {{"name", alert.feed_name}, {"url", alert.feed_url}};
  document["matched"] = alert.matched;
  document["snippet"] = alert.snippet;
  document["detected_at"] = alert.detected_at;
  // Strings are valid UTF-8 by construction; "replace" is a last safety net
  // so that a bad byte can never make an alert undeliverable.
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<AlertContent> ParseAlert(std::string_view json) {
  nlohmann::json document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return Status::ParseError("notify: stored alert is not JSON");
  }
  AlertContent alert;
  alert.id = GetString(document, "id");
  if (auto filter = document.find("filter"); filter != document.end() && filter->is_object()) {
    alert.filter_name = GetString(*filter, "name");
    alert.filter_query = GetString(*filter, "query");
  }
  if (auto item = document.find("item"); item != document.end() && item->is_object()) {
    alert.title = GetString(*item, "title");
    alert.link = GetString(*item, "link");
    alert.published = GetOptional(*item, "published");
    alert.author = GetOptional(*item, "author");
    alert.categories = GetStrings(*item, "categories");
    alert.summary = GetString(*item, "summary");
  }
  if (auto feed = document.find("feed"); feed != document.end() && feed->is_object()) {
    alert.feed_name = GetString(*feed, "name");
    alert.feed_url = GetString(*feed, "url");
  }
  alert.matched = GetStrings(document, "matched");
  alert.snippet = GetString(document, "snippet");
  alert.detected_at = GetString(document, "detected_at");
  return alert;
}

}  // namespace newsalert::notify
