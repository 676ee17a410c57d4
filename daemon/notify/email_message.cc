#include "notify/email_message.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "base/time_format.h"
#include "notify/alert_payload.h"
#include "notify/mime.h"
#include "notify/rendering.h"
#include "text/item_builder.h"

namespace newsalert::notify {
namespace {

// "Name <addr>" with the name encoded when needed; a bare address as is.
std::string AddressHeaderValue(std::string_view address) {
  std::string_view trimmed = Trim(address);
  std::size_t open = trimmed.rfind('<');
  if (open == std::string_view::npos || open == 0) return std::string(trimmed);
  std::string_view name = Trim(trimmed.substr(0, open));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  return EncodeDisplayName(name) + " " + std::string(trimmed.substr(open));
}

// "To: a@x, b@y": folded after commas when long.
std::string AddressListHeader(std::string_view name, const std::vector<std::string>& addresses) {
  std::string out = std::string(name) + ":";
  std::size_t line_length = out.size();
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    std::string piece = AddressHeaderValue(addresses[i]) + (i + 1 < addresses.size() ? "," : "");
    if (line_length + 1 + piece.size() > 76 && line_length > name.size() + 1) {
      out += "\r\n";
      line_length = 0;
    }
    out += " " + piece;
    line_length += 1 + piece.size();
  }
  return out + "\r\n";
}

std::string Subject(const AlertDocument& document) {
  if (document.is_group) {
    const GroupContent& group = document.group;
    return "[newsalert] " + std::string(group.type == "digest" ? "Digest: " : "") +
           GroupHeadline(group);
  }
  const AlertContent& alert = document.alert;
  return TestPrefix(alert) + "[" + alert.filter_name + "] " + alert.title;
}

std::string PlainSnippet(std::string_view snippet) {
  std::string out;
  for (const Span& span : SplitEmphasis(snippet)) {
    out += span.emphasised ? "*" + span.text + "*" : span.text;
  }
  return out;
}

std::string HtmlSnippet(std::string_view snippet) {
  std::string out;
  for (const Span& span : SplitEmphasis(snippet)) {
    out += span.emphasised ? "<strong>" + HtmlEscape(span.text) + "</strong>"
                           : HtmlEscape(span.text);
  }
  return out;
}

std::string HtmlLink(const AlertContent& alert) {
  if (alert.link.empty()) return HtmlEscape(alert.title);
  return "<a href=\"" + HtmlEscape(alert.link) + "\">" + HtmlEscape(alert.title) + "</a>";
}

void AppendAlertText(const AlertContent& alert, std::string& text) {
  text += TestPrefix(alert) + alert.title + "\n";
  if (!alert.link.empty()) text += alert.link + "\n";
  text += "\n";
  if (!alert.snippet.empty()) text += PlainSnippet(alert.snippet) + "\n\n";
  text += "Filter:    " + alert.filter_name + "\n";
  if (!alert.matched.empty()) text += "Matched:   " + Join(alert.matched, ", ") + "\n";
  text += "Feed:      " + alert.feed_name + "\n";
  if (alert.published) text += "Published: " + HumanTime(*alert.published) + "\n";
  text += "Detected:  " + HumanTime(alert.detected_at) + "\n";
}

void AppendAlertHtml(const AlertContent& alert, std::string& html) {
  html += "<h2 style=\"font-size:1.2em\">" + HtmlEscape(TestPrefix(alert)) + HtmlLink(alert) +
          "</h2>\n";
  if (!alert.snippet.empty()) html += "<p>" + HtmlSnippet(alert.snippet) + "</p>\n";
  html += "<table>\n";
  auto row = [&](std::string_view label, const std::string& value) {
    html += "<tr><td><b>" + std::string(label) + "</b></td><td>" + value + "</td></tr>\n";
  };
  row("Filter", HtmlEscape(alert.filter_name));
  if (!alert.matched.empty()) row("Matched", HtmlEscape(Join(alert.matched, ", ")));
  row("Feed", HtmlEscape(alert.feed_name));
  if (alert.published) row("Published", HtmlEscape(HumanTime(*alert.published)));
  row("Detected", HtmlEscape(HumanTime(alert.detected_at)));
  html += "</table>\n";
}

void Bodies(const AlertDocument& document, std::string& text, std::string& html) {
  html = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n";
  if (!document.is_group) {
    const AlertContent& alert = document.alert;
    AppendAlertText(alert, text);
    if (!alert.summary.empty()) text += "\n" + alert.summary + "\n";
    AppendAlertHtml(alert, html);
    if (!alert.summary.empty()) html += "<p>" + HtmlEscape(alert.summary) + "</p>\n";
    text += "\n-- \nnewsalert delivery " + alert.id + "\n";
    html += "<p style=\"color:#777\">newsalert delivery " + HtmlEscape(alert.id) + "</p>\n";
  } else {
    const GroupContent& group = document.group;
    text += GroupHeadline(group) + "\n\n";
    html += "<h1 style=\"font-size:1.3em\">" + HtmlEscape(GroupHeadline(group)) + "</h1>\n";
    for (const AlertContent& alert : group.alerts) {
      text += "* ";
      AppendAlertText(alert, text);
      text += "\n";
      AppendAlertHtml(alert, html);
    }
    if (group.count > group.alerts.size()) {
      std::string more = fmt::format("... and {} more", group.count - group.alerts.size());
      text += more + "\n";
      html += "<p>" + HtmlEscape(more) + "</p>\n";
    }
    text += "\n-- \nnewsalert delivery " + group.id + "\n";
    html += "<p style=\"color:#777\">newsalert delivery " + HtmlEscape(group.id) + "</p>\n";
  }
  html += "</body></html>\n";
}

}  // namespace

std::string EnvelopeAddress(std::string_view address) {
  std::string_view trimmed = Trim(address);
  std::size_t open = trimmed.rfind('<');
  std::size_t close = trimmed.rfind('>');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    return std::string(Trim(trimmed.substr(open + 1, close - open - 1)));
  }
  return std::string(trimmed);
}

std::string MessageIdFor(const config::EmailSettings& settings, std::string_view delivery_id) {
  std::string domain = settings.helo;
  if (domain.empty()) {
    std::string from = EnvelopeAddress(settings.from);
    std::size_t at = from.rfind('@');
    domain = at == std::string::npos ? "newsalert.invalid" : from.substr(at + 1);
  }
  return "<" + std::string(delivery_id) + "@" + domain + ">";
}

Result<std::string> BuildEmail(const config::EmailSettings& settings,
                               std::string_view delivery_id, std::string_view payload,
                               TimePoint now) {
  Result<AlertDocument> document = ParseDocument(payload);
  if (!document.ok()) return document.status();
  std::string text, html;
  Bodies(*document, text, html);
  // "=_" never occurs in quoted-printable output, so the boundary cannot
  // collide with the body.
  std::string boundary = "=_newsalert_" + text::StableHash(delivery_id);
  std::string message;
  message += "Date: " + FormatRfc5322(now) + "\r\n";
  message += "From: " + AddressHeaderValue(settings.from) + "\r\n";
  message += AddressListHeader("To", settings.to);
  message += EncodeUnstructuredHeader("Subject", Subject(*document));
  message += "Message-ID: " + MessageIdFor(settings, delivery_id) + "\r\n";
  message += "MIME-Version: 1.0\r\n";
  message += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no auto-replies, please.
  message += "X-Newsalert-Delivery: " + std::string(delivery_id) + "\r\n";
  message += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  message += "\r\n";
  message += "This is a MIME message: plain text and HTML.\r\n";
  for (const auto& [type, body] : {std::pair<const char*, std::string*>{"text/plain", &text},
                                   std::pair<const char*, std::string*>{"text/html", &html}}) {
    message += "\r\n--" + boundary + "\r\n";
    message += std::string("Content-Type: ") + type + "; charset=utf-8\r\n";
    message += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    message += QuotedPrintable(*body);
  }
  message += "\r\n--" + boundary + "--\r\n";
  return message;
}

}  // namespace newsalert::notify
