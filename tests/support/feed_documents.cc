#include "support/feed_documents.h"

namespace newsalert::testing {
namespace {

std::string XmlEscape(const std::string& text) {
  std::string out;
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

}  // namespace

std::string RssDocument(const std::vector<FeedItem>& items) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
      "<title>Test feed</title><link>https://news.example/</link><description>t</description>\n";
  for (const FeedItem& item : items) {
    xml += "<item><title>" + XmlEscape(item.title) + "</title>";
    if (!item.link.empty()) xml += "<link>" + XmlEscape(item.link) + "</link>";
    if (!item.guid.empty()) xml += "<guid isPermaLink=\"false\">" + XmlEscape(item.guid) + "</guid>";
    xml += "<pubDate>Tue, 05 Nov 2024 08:30:00 +0000</pubDate><description>" +
           XmlEscape(item.description) + "</description></item>\n";
  }
  return xml + "</channel></rss>\n";
}

std::string RssFeed(const std::vector<StoryItem>& items) {
  std::vector<FeedItem> full;
  full.reserve(items.size());
  for (const StoryItem& item : items) {
    full.push_back(FeedItem{item.guid, item.title, "https://news.example/" + item.guid,
                            item.description});
  }
  return RssDocument(full);
}

}  // namespace newsalert::testing
