#include "notify/chat_formats.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "notify/rendering.h"

namespace newsalert::notify {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kSlackSectionBytes = 2900;   // Slack allows 3000 characters.
constexpr std::size_t kDiscordTitleBytes = 250;    // Discord allows 256.
constexpr std::size_t kDiscordDescriptionBytes = 4000;  // Discord allows 4096.
constexpr std::size_t kDiscordFieldBytes = 1000;   // Discord allows 1024.

std::string Dump(const Json& message) {
  return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A "|" or ">" inside a link's URL would end it early.
std::string SlackUrl(std::string_view url) {
  std::string out;
  for (char c : url) {
    if (c == '|') {
      out += "%7C";
    } else if (c == '>') {
      out += "%3E";
    } else if (c == '<') {
      out += "%3C";
    } else {
      out += c;
    }
  }
  return out;
}

std::string SlackLink(const AlertContent& alert) {
  std::string title = SlackEscape(TruncateUtf8(alert.title, 500));
  if (alert.link.empty()) return title;
  return "<" + SlackUrl(alert.link) + "|" + title + ">";
}

std::string SlackSnippet(std::string_view snippet) {
  std::string out;
  for (const Span& span : SplitEmphasis(snippet)) {
    std::string text = SlackEscape(span.text);
    if (!span.emphasised) {
      out += text;
      continue;
    }
    // mrkdwn bold: *word*. A "*" inside would end it early.
    std::erase(text, '*');
    std::string_view trimmed = Trim(text);
    if (!trimmed.empty()) out += "*" + std::string(trimmed) + "*";
  }
  return out;
}

Json SlackSection(const std::string& mrkdwn) {
  return Json{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", mrkdwn}}}};
}

Json SlackContext(const std::string& mrkdwn) {
  return Json{{"type", "context"},
              {"elements", Json::array({Json{{"type", "mrkdwn"}, {"text", mrkdwn}}})}};
}

std::string SlackAlert(const AlertContent& alert) {
  std::string headline = "*" + SlackEscape(TestPrefix(alert)) + SlackLink(alert) + "*";
  std::string body = headline;
  if (!alert.snippet.empty()) body += "\n" + SlackSnippet(alert.snippet);
  Json message;
  message["text"] = TestPrefix(alert) + alert.title + " (" + alert.filter_name + ")";
  message["blocks"] = Json::array({SlackSection(TruncateUtf8(body, kSlackSectionBytes)),
                                   SlackContext(SlackEscape(AlertContext(alert)))});
  message["unfurl_links"] = false;
  message["unfurl_media"] = false;
  return Dump(message);
}

std::string SlackGroup(const GroupContent& group) {
  std::string headline = "newsalert: " + GroupHeadline(group);
  std::string list;
  std::size_t listed = 0;
  for (const AlertContent& alert : group.alerts) {
    std::string line = "\xE2\x80\xA2 " + SlackLink(alert) + " \xE2\x80\x94 " +
                       SlackEscape(alert.filter_name + " \xC2\xB7 " + alert.feed_name) + "\n";
    if (list.size() + line.size() > kSlackSectionBytes) break;
    list += line;
    ++listed;
  }
  Json blocks = Json::array({SlackSection("*" + SlackEscape(headline) + "*")});
  if (!list.empty()) blocks.push_back(SlackSection(list));
  if (group.count > listed) {
    blocks.push_back(SlackContext(fmt::format("\xE2\x80\xA6 and {} more", group.count - listed)));
  }
  Json message;
  message["text"] = headline;
  message["blocks"] = std::move(blocks);
  message["unfurl_links"] = false;
  message["unfurl_media"] = false;
  return Dump(message);
}

std::string DiscordSnippet(std::string_view snippet) {
  std::string out;
  for (const Span& span : SplitEmphasis(snippet)) {
    std::string text = DiscordEscape(span.text);
    out += span.emphasised ? "**" + text + "**" : text;
  }
  return out;
}

Json DiscordField(const std::string& name, const std::string& value, bool inline_field) {
  return Json{{"name", name},
              {"value", TruncateUtf8(value.empty() ? "-" : value, kDiscordFieldBytes)},
              {"inline", inline_field}};
}

Json DiscordEnvelope(Json embed) {
  Json message;
  message["username"] = "newsalert";
  message["embeds"] = Json::array({std::move(embed)});
  message["allowed_mentions"] = Json{{"parse", Json::array()}};  // Never ping anyone.
  return message;
}

std::string DiscordAlert(const AlertContent& alert) {
  Json embed;
  embed["title"] = TruncateUtf8(TestPrefix(alert) + alert.title, kDiscordTitleBytes);
  if (!alert.link.empty()) embed["url"] = alert.link;
  if (!alert.snippet.empty()) {
    embed["description"] = TruncateUtf8(DiscordSnippet(alert.snippet), kDiscordDescriptionBytes);
  }
  embed["color"] = 0xC0392B;
  embed["fields"] = Json::array({DiscordField("Filter", alert.filter_name, true),
                                 DiscordField("Feed", alert.feed_name, true),
                                 DiscordField("Matched", Join(alert.matched, ", "), false)});
  embed["timestamp"] = alert.published ? *alert.published : alert.detected_at;
  embed["footer"] = Json{{"text", "newsalert \xC2\xB7 " + alert.id}};
  return Dump(DiscordEnvelope(std::move(embed)));
}

std::string DiscordGroup(const GroupContent& group) {
  std::string description;
  std::size_t listed = 0;
  for (const AlertContent& alert : group.alerts) {
    std::string title = DiscordEscape(TruncateUtf8(alert.title, 300));
    std::string link = alert.link.empty() ? title : "[" + title + "](" + alert.link + ")";
    std::string line = "\xE2\x80\xA2 " + link + " \xE2\x80\x94 " +
                       DiscordEscape(alert.filter_name + " \xC2\xB7 " + alert.feed_name) + "\n";
    if (description.size() + line.size() > kDiscordDescriptionBytes - 40) break;
    description += line;
    ++listed;
  }
  if (group.count > listed) {
    description += fmt::format("\xE2\x80\xA6 and {} more", group.count - listed);
  }
  Json embed;
  embed["title"] = TruncateUtf8("newsalert: " + GroupHeadline(group), kDiscordTitleBytes);
  embed["description"] = description;
  embed["color"] = 0xC0392B;
  embed["timestamp"] = group.detected_at;
  embed["footer"] = Json{{"text", "newsalert \xC2\xB7 " + group.id}};
  return Dump(DiscordEnvelope(std::move(embed)));
}

}  // namespace

std::string SlackEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string DiscordEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (std::string_view("\\*_~`|[]<>#").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string SlackMessage(const AlertDocument& document) {
  return document.is_group ? SlackGroup(document.group) : SlackAlert(document.alert);
}

std::string DiscordMessage(const AlertDocument& document) {
  return document.is_group ? DiscordGroup(document.group) : DiscordAlert(document.alert);
}

}  // namespace newsalert::notify
