#include "feed/feed_parser.h"

#include "base/strings.h"
#include "feed/charset.h"
#include "feed/json_feed_parser.h"
#include "feed/xml_feed_parser.h"

namespace newsalert::feed {

const char* FeedFormatName(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss2: return "rss2";
    case FeedFormat::kRss1: return "rss1";
    case FeedFormat::kAtom10: return "atom10";
    case FeedFormat::kAtom03: return "atom03";
    case FeedFormat::kJson: return "json";
    case FeedFormat::kUnknown: break;
  }
  return "unknown";
}

Result<FeedDocument> ParseFeed(std::string_view bytes, const ParseOptions& options) {
  if (Trim(bytes).empty()) return Status::ParseError("feed: empty document");
  DecodedText decoded = DecodeToUtf8(bytes, options.content_type);
  std::string_view text = Trim(decoded.utf8);
  Result<FeedDocument> document =
      !text.empty() && text.front() == '{' ? ParseJsonFeed(text, options)
                                           : ParseXmlFeed(decoded.utf8, options);
  if (document.ok() && !decoded.warnings.empty()) {
    document->warnings.insert(document->warnings.begin(), decoded.warnings.begin(),
                              decoded.warnings.end());
  }
  return document;
}

}  // namespace newsalert::feed
