#include "feed/xml_feed_parser.h"

#include <pugixml.hpp>

#include "base/strings.h"
#include "feed/xml_extract.h"
#include "feed/xml_names.h"
#include "feed/xml_prepare.h"

namespace newsalert::feed {
namespace {

// Whether any node is nested deeper than `max_depth` (the document element
// is at depth 0). pugixml's own walk (iterative, one virtual call per node)
// costs a third of a walk through xml_node's out-of-line accessors, and
// this check visits every node of every document.
class DepthCheck : public pugi::xml_tree_walker {
 public:
  explicit DepthCheck(int max_depth) : max_depth_(max_depth) {}

  bool for_each(pugi::xml_node& /*node*/) override { return depth() <= max_depth_; }

 private:
  int max_depth_;
};

bool ExceedsDepth(pugi::xml_document& doc, int max_depth) {
  DepthCheck check(max_depth);
  return !doc.traverse(check);  // traverse() is false when the walk was stopped.
}

// Offset just past the end of `what` at or after `from`, or npos.
std::size_t Past(std::string_view text, std::size_t from, std::string_view what) {
  std::size_t at = text.find(what, from);
  return at == std::string_view::npos ? at : at + what.size();
}

// After a parse error pugixml keeps the tree built so far, including the
// element open at the error. Whether `entry` was closed before
// `error_offset`: re-reads the entry's markup from its start tag, counting
// element nesting (comments, CDATA, PIs and quoted attribute values may
// hold anything).
bool EntryClosedBefore(const pugi::xml_node& entry, std::string_view text,
                       std::size_t error_offset) {
  std::ptrdiff_t name_offset = entry.offset_debug();
  if (name_offset <= 0) return false;
  std::size_t end = std::min(error_offset, text.size());
  std::size_t pos = static_cast<std::size_t>(name_offset) - 1;  // At '<'.
  int depth = 0;
  while (pos < end) {
    pos = text.find('<', pos);
    if (pos == std::string_view::npos || pos >= end) return false;
    std::string_view rest = text.substr(pos, end - pos);
    std::size_t next;
    if (rest.starts_with("<!--")) {
      next = Past(text, pos + 4, "-->");
    } else if (rest.starts_with("<![CDATA[")) {
      next = Past(text, pos + 9, "]]>");
    } else if (rest.starts_with("<?")) {
      next = Past(text, pos + 2, "?>");
    } else if (rest.starts_with("<!")) {
      next = Past(text, pos + 2, ">");
    } else {
      bool closing = rest.starts_with("</");
      char quote = 0;
      std::size_t gt = pos + 1;
      for (; gt < end; ++gt) {
        char c = text[gt];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = closing ? 0 : c;
        } else if (c == '>') {
          break;
        }
      }
      if (gt >= end) return false;
      bool self_closing = !closing && text[gt - 1] == '/';
      if (closing) --depth;
      if (!closing && !self_closing) ++depth;
      if (depth <= 0) return true;
      next = gt + 1;
    }
    if (next == std::string_view::npos || next > end) return false;
    pos = next;
  }
  return false;
}

// The format, from the root element (never from the URL); false when the
// document is no feed.
bool DetectXmlFormat(const pugi::xml_node& root, FeedFormat& format) {
  NamespaceScope scope;
  scope.Push(root);
  std::string_view local = LocalName(root.name());
  Ns ns = scope.Resolve(root.name());
  if (local == "rss" && (IsRssNs(ns) || ns == Ns::kOther)) {
    format = FeedFormat::kRss2;
  } else if (local == "RDF" && (ns == Ns::kRdf || ns == Ns::kOther || ns == Ns::kNone)) {
    format = FeedFormat::kRss1;
  } else if (local == "feed") {
    std::string_view version = Trim(root.attribute("version").value());
    format = ns == Ns::kAtom03 || (ns != Ns::kAtom10 && version.starts_with("0."))
                 ? FeedFormat::kAtom03
                 : FeedFormat::kAtom10;
  } else if (EqualsIgnoreCaseAscii(local, "channel") && ns == Ns::kNone) {
    format = FeedFormat::kRss2;  // CDF, or an RSS channel without <rss>.
  } else {
    return false;
  }
  return true;
}

}  // namespace

Result<FeedDocument> ParseXmlFeed(const PreparedXml& prepared, const ParseOptions& options,
                                  bool decoded_from_utf8) {
  std::string_view utf8 = prepared.text();
  pugi::xml_document doc;
  // parse_default: CDATA, references, attribute whitespace and EOL
  // normalisation; DOCTYPEs are skipped and their entities never expanded.
  // parse_ws_pcdata keeps the whitespace between inline elements of XHTML
  // content ("<b>a</b> <i>b</i>" is two words).
  pugi::xml_parse_result parsed =
      doc.load_buffer(utf8.data(), utf8.size(), pugi::parse_default | pugi::parse_ws_pcdata,
                      pugi::encoding_utf8);
  FeedDocument document;
  pugi::xml_node root = doc.document_element();
  if (!root) {
    return Status::ParseError(std::string("feed: not XML: ") + parsed.description() +
                              " at byte " + std::to_string(parsed.offset));
  }
  if (ExceedsDepth(doc, options.max_depth)) {
    return Status::ParseError("feed: elements nested deeper than " +
                              std::to_string(options.max_depth) + " levels");
  }
  if (!DetectXmlFormat(root, document.format)) {
    return Status::ParseError("feed: unknown document type <" + std::string(root.name()) + ">");
  }
  ExtractOptions extract;
  extract.base_url = options.base_url;
  extract.max_entries = options.max_entries;
  extract.clean.map_c1_controls = prepared.latin1_range;
  extract.clean.undo_double_encoding = decoded_from_utf8 && prepared.latin1_range;
  extract.clean.check_utf8 = prepared.check_fields_utf8;
  ExtractResult extracted = ExtractXmlFeed(root, document.format, extract, document);

  if (!parsed) {
    document.warnings.push_back(std::string("XML error at byte ") +
                                std::to_string(parsed.offset) + ": " + parsed.description() +
                                "; the rest of the document is lost");
    if (!extracted.entry_nodes.empty() &&
        !EntryClosedBefore(extracted.entry_nodes.back(), utf8,
                           static_cast<std::size_t>(parsed.offset))) {
      document.entries.pop_back();
      document.warnings.push_back("dropped the entry cut by the XML error");
    }
  }
  if (extracted.entry_limit_hit) {
    document.warnings.push_back("more than " + std::to_string(options.max_entries) +
                                " entries; the rest were ignored");
  }
  if (prepared.replaced_references > 0) {
    document.warnings.push_back(std::to_string(prepared.replaced_references) +
                                " invalid character references replaced by U+FFFD");
  }
  if (prepared.dropped_controls > 0) {
    document.warnings.push_back(std::to_string(prepared.dropped_controls) +
                                " control characters XML forbids were dropped");
  }
  return document;
}

}  // namespace newsalert::feed
