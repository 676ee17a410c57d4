#include "notify/alert_payload.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace newsalert::notify {
namespace {

using OrderedJson = nlohmann::ordered_json;

OrderedJson OptionalString(const std::optional<std::string>& value) {
  return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

std::string GetString(const OrderedJson& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::string> GetOptional(const OrderedJson& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::vector<std::string> GetStrings(const OrderedJson& object, const char* key) {
  std::vector<std::string> values;
  auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return values;
  for (const auto& value : *it) {
    if (value.is_string()) values.push_back(value.get<std::string>());
  }
  return values;
}

std::string Dump(const OrderedJson& document) {
  // Strings are valid UTF-8 by construction; "replace" is a last safety net
  // so that a bad byte can never make an alert undeliverable.
  return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

AlertContent ReadAlert(const OrderedJson& document) {
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
  auto test = document.find("test");
  alert.test = test != document.end() && test->is_boolean() && test->get<bool>();
  return alert;
}

}  // namespace

std::string SerializeAlert(const AlertContent& alert) {
  OrderedJson document;
  document["version"] = kPayloadVersion;
  document["type"] = "alert";
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
  if (alert.test) document["test"] = true;
  return Dump(document);
}

std::string SerializeGroup(const GroupContent& group,
                           const std::vector<std::string>& alert_documents) {
  OrderedJson document;
  document["version"] = kPayloadVersion;
  document["type"] = group.type;
  document["id"] = group.id;
  document["detected_at"] = group.detected_at;
  if (group.type == "digest") {
    document["window"] = {{"start", group.window_start}, {"end", group.window_end}};
  } else {
    document["feed"] = {{"name", group.feed_name}, {"url", group.feed_url}};
  }
  std::size_t listed = std::min(alert_documents.size(), kMaxGroupAlerts);
  document["count"] = alert_documents.size();
  document["omitted"] = alert_documents.size() - listed;
  OrderedJson alerts = OrderedJson::array();
  for (std::size_t i = 0; i < listed; ++i) {
    OrderedJson alert = OrderedJson::parse(alert_documents[i], nullptr, false);
    if (!alert.is_discarded()) alerts.push_back(std::move(alert));
  }
  document["alerts"] = std::move(alerts);
  return Dump(document);
}

Result<AlertDocument> ParseDocument(std::string_view json) {
  OrderedJson document = OrderedJson::parse(json, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return Status::ParseError("notify: stored alert is not JSON");
  }
  AlertDocument parsed;
  std::string type = GetString(document, "type");
  if (type != "digest" && type != "flood") {
    parsed.alert = ReadAlert(document);
    return parsed;
  }
  parsed.is_group = true;
  GroupContent& group = parsed.group;
  group.type = type;
  group.id = GetString(document, "id");
  group.detected_at = GetString(document, "detected_at");
  if (auto window = document.find("window"); window != document.end() && window->is_object()) {
    group.window_start = GetString(*window, "start");
    group.window_end = GetString(*window, "end");
  }
  if (auto feed = document.find("feed"); feed != document.end() && feed->is_object()) {
    group.feed_name = GetString(*feed, "name");
    group.feed_url = GetString(*feed, "url");
  }
  if (auto alerts = document.find("alerts"); alerts != document.end() && alerts->is_array()) {
    for (const OrderedJson& alert : *alerts) {
      if (alert.is_object()) group.alerts.push_back(ReadAlert(alert));
    }
  }
  auto count = document.find("count");
  group.count = count != document.end() && count->is_number_unsigned()
                    ? count->get<std::size_t>()
                    : group.alerts.size();
  return parsed;
}

Result<AlertContent> ParseAlert(std::string_view json) {
  Result<AlertDocument> document = ParseDocument(json);
  if (!document.ok()) return document.status();
  if (document->is_group) return Status::ParseError("notify: not a single-alert document");
  return std::move(document->alert);
}

}  // namespace newsalert::notify
