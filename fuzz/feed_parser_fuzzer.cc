// Fuzz target: feed bytes + HTTP content type -> ParseFeed -> items and
// the `inspect` JSON. Input: the first byte picks a Content-Type (charset
// handling is part of the surface), the rest is the document.
//
// Checks: no crash, leak or UB (ASan/UBSan); every string that leaves the
// parser is valid UTF-8; the JSON view renders; at most max_entries.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "feed/feed_json.h"
#include "feed/feed_parser.h"
#include "fuzz/fuzz_checks.h"
#include "text/html_text.h"
#include "text/item_builder.h"

namespace {

constexpr const char* kContentTypes[] = {
    "",
    "application/rss+xml; charset=utf-8",
    "text/xml; charset=windows-1251",
    "text/xml; charset=euc-kr",
    "application/atom+xml; charset=shift_jis",
    "text/xml; charset=utf-16",
    "application/json",
    "text/xml; charset=gb18030",
};

void CheckPerson(const newsalert::feed::Person& person) {
  using newsalert::fuzz::RequireUtf8;
  RequireUtf8(person.name, "author name");
  RequireUtf8(person.email, "author email");
  RequireUtf8(person.uri, "author uri");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace newsalert;
  using fuzz::Require;
  using fuzz::RequireUtf8;
  if (size == 0) return 0;
  feed::ParseOptions options;
  options.content_type = kContentTypes[data[0] % std::size(kContentTypes)];
  options.base_url = "https://fuzz.example/dir/feed.xml";
  options.max_entries = 50;
  options.now = feed::Timestamp(std::chrono::seconds(1730808000));
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  Result<feed::FeedDocument> document = feed::ParseFeed(bytes, options);
  if (!document.ok()) return 0;
  const feed::FeedDocument& doc = *document;
  Require(doc.entries.size() <= options.max_entries, "entry limit");
  const feed::FeedInfo& info = doc.feed;
  for (const std::string* s : {&info.title, &info.link, &info.id, &info.subtitle}) {
    RequireUtf8(*s, "feed field");
  }
  CheckPerson(info.author);
  for (const std::string& c : info.categories) RequireUtf8(c, "feed category");
  for (const feed::Entry& entry : doc.entries) {
    for (const std::string* s : {&entry.title, &entry.link, &entry.id, &entry.summary,
                                 &entry.content}) {
      RequireUtf8(*s, "entry field");
    }
    CheckPerson(entry.author);
    for (const std::string& c : entry.categories) RequireUtf8(c, "entry category");
  }
  for (const std::string& w : doc.warnings) RequireUtf8(w, "warning");
  RequireUtf8(feed::FeedDocumentJson(doc), "inspect JSON");
  // The daemon's next step: plain text for matching.
  for (const model::Item& item : text::BuildItems(doc, {"fuzz", "https://fuzz.example/", {}})) {
    RequireUtf8(item.title, "item title");
    RequireUtf8(item.summary, "item summary");
    RequireUtf8(item.content, "item content");
  }
  return 0;
}
