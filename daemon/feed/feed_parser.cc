#include "feed/feed_parser.h"

#include "base/strings.h"
#include "feed/charset.h"
#include "feed/feed_json.h"
#include "feed/json_feed_parser.h"
#include "feed/xml_feed_parser.h"
#include "feed/xml_prepare.h"

namespace newsalert::feed {
namespace {

using namespace std::chrono_literals;

// Dates this far past "now" are flagged: time zone mistakes stay below it.
constexpr auto kFutureSlack = 24h;
constexpr std::size_t kMaxDateWarnings = 3;

void FlagFutureDates(FeedDocument& document, Timestamp now) {
  Timestamp limit = now + kFutureSlack;
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < document.entries.size(); ++i) {
    Entry& entry = document.entries[i];
    std::optional<Timestamp> date =
        entry.published && *entry.published > limit ? entry.published
        : entry.updated && *entry.updated > limit  ? entry.updated
                                                   : std::nullopt;
    if (!date) continue;
    entry.future_date = true;
    if (++flagged <= kMaxDateWarnings) {
      document.warnings.push_back("entry " + std::to_string(i) + " is dated in the future (" +
                                  FormatFeedTimestamp(*date) + ")");
    }
  }
  if (flagged > kMaxDateWarnings) {
    document.warnings.push_back(std::to_string(flagged) + " entries are dated in the future");
  }
}

}  // namespace

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
  // UTF-8 (nearly every feed) is checked in the same scan that prepares
  // XML for pugixml; only ill-formed documents are decoded a second time.
  DecodedText decoded = DecodeToUtf8(bytes, options.content_type, /*validate_utf8=*/false);
  std::string_view text = Trim(decoded.text());
  bool json = !text.empty() && text.front() == '{';
  std::optional<PreparedXml> prepared;
  if (!json) {
    prepared.emplace(PrepareXml(decoded.text(), decoded.utf8_unchecked));
    if (prepared->invalid_utf8) decoded.utf8_unchecked = true;  // Decode again, below.
  }
  if (decoded.utf8_unchecked && (json || prepared->invalid_utf8)) {
    decoded = DecodeToUtf8(bytes, options.content_type, /*validate_utf8=*/true);
    if (!json) prepared.emplace(PrepareXml(decoded.text()));
  }
  Result<FeedDocument> document = json ? ParseJsonFeed(Trim(decoded.text()), options)
                                       : ParseXmlFeed(*prepared, options, decoded.from_utf8);
  if (!document.ok()) return document;
  document->encoding = decoded.encoding;
  if (!decoded.warnings.empty()) {
    document->warnings.insert(document->warnings.begin(), decoded.warnings.begin(),
                              decoded.warnings.end());
  }
  FlagFutureDates(*document, options.now.value_or(std::chrono::floor<std::chrono::seconds>(
                                 std::chrono::system_clock::now())));
  return document;
}

}  // namespace newsalert::feed
