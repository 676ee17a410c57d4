// FeedDocument: a feed as found in the document, before any cleanup for
// matching. Text fields hold what the document carries after XML decoding
// (entities, CDATA and base64 decoded; inline XHTML serialised): HTML stays
// HTML. Every string is valid UTF-8.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace newsalert::feed {

using Timestamp = std::chrono::sys_seconds;

enum class FeedFormat { kUnknown, kRss2, kRss1, kAtom10, kAtom03, kJson };

// "rss2", "rss1", "atom10", "atom03", "json" (the names `inspect` prints).
const char* FeedFormatName(FeedFormat format);

// How a text field is encoded: plain text, or markup to strip for matching.
enum class TextKind { kText, kHtml, kXhtml };

struct Person {
  std::string name;
  std::string email;
  std::string uri;

  bool empty() const { return name.empty() && email.empty() && uri.empty(); }
};

// Base URLs against which relative references inside the HTML of text
// fields resolve: the document URL combined with xml:base. `inspect` uses
// them; matching does not need them.
struct HtmlBases {
  std::string common;    // Of the entry (or feed); "" when none is known.
  std::string title;     // Set only when the element has its own xml:base.
  std::string summary;   // Entry summary; feed subtitle.
  std::string content;

  const std::string& Of(const std::string& field) const { return field.empty() ? common : field; }
};

struct Entry {
  std::string title;
  TextKind title_kind = TextKind::kHtml;
  std::string link;                  // Absolute when a base was known.
  std::string id;                    // RSS <guid>, Atom <id>, JSON "id".
  std::string summary;
  TextKind summary_kind = TextKind::kHtml;
  std::string content;
  TextKind content_kind = TextKind::kHtml;
  Person author;                     // The first author.
  std::vector<std::string> categories;
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  // A date more than a day after the parse: kept (publishers get time zones
  // wrong, and an unparseable date is worse), but flagged and warned about.
  bool future_date = false;
  HtmlBases bases;
};

struct FeedInfo {
  std::string title;
  std::string link;
  std::string id;
  std::string subtitle;
  Person author;
  std::vector<std::string> categories;
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  // RSS <ttl>: minutes the publisher says the feed may be cached. The
  // scheduler may only lengthen a poll interval with it, never shorten one.
  std::optional<int> ttl_minutes;
  HtmlBases bases;
};

struct FeedDocument {
  FeedFormat format = FeedFormat::kUnknown;
  FeedInfo feed;
  std::vector<Entry> entries;        // Document order.
  std::vector<std::string> warnings; // Problems survived: "XML error at byte 812: ...".
  std::string encoding;              // What the bytes were decoded from: "UTF-8", "EUC-KR"...
};

}  // namespace newsalert::feed
