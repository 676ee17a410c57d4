#include "feed/xml_feed_parser.h"

#include <pugixml.hpp>

#include <cstring>
#include <sstream>

#include "base/strings.h"
#include "feed/feed_date.h"
#include "net/url.h"

namespace newsalert::feed {
namespace {

constexpr std::string_view kAtom10 = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03 = "http://purl.org/atom/ns#";
constexpr std::string_view kRss10 = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss090 = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kXhtml = "http://www.w3.org/1999/xhtml";

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

std::string_view Prefix(const pugi::xml_node& node) {
  std::string_view name = node.name();
  auto colon = name.find(':');
  return colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
}

// The namespace URI of an element: the nearest xmlns[:prefix] declaration
// among it and its ancestors. Feeds declare namespaces near the root, so
// the walk is short.
std::string_view NamespaceOf(const pugi::xml_node& node) {
  std::string_view prefix = Prefix(node);
  std::string attribute = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (n.type() != pugi::node_element) break;
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      if (attribute == a.name()) return a.value();
    }
  }
  // Well-known prefixes left undeclared by sloppy feeds.
  if (prefix == "dc") return kDublinCore;
  if (prefix == "content") return kContent;
  return "";
}

bool Is(const pugi::xml_node& node, std::string_view ns, std::string_view local) {
  return node.type() == pugi::node_element && LocalName(node) == local && NamespaceOf(node) == ns;
}

// An element of RSS itself: no namespace, or one of RSS 1.0 / 0.90's.
bool IsRss(const pugi::xml_node& node, std::string_view local) {
  if (node.type() != pugi::node_element || LocalName(node) != local) return false;
  std::string_view ns = NamespaceOf(node);
  return ns.empty() || ns == kRss10 || ns == kRss090;
}

bool IsAtom(const pugi::xml_node& node, std::string_view local) {
  if (node.type() != pugi::node_element || LocalName(node) != local) return false;
  std::string_view ns = NamespaceOf(node);
  return ns == kAtom10 || ns == kAtom03;
}

class StringWriter final : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, size_t size) override {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

// The markup inside `node`, serialised (for XHTML content and for HTML that
// a feed put in without escaping it).
std::string InnerXml(const pugi::xml_node& node) {
  std::string out;
  StringWriter writer(out);
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    child.print(writer, "", pugi::format_raw | pugi::format_no_declaration,
                pugi::encoding_utf8);
  }
  return out;
}

bool HasElementChildren(const pugi::xml_node& node) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) return true;
  }
  return false;
}

// All character data directly under `node` (text and CDATA sections).
std::string DirectText(const pugi::xml_node& node) {
  std::string out;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out += child.value();
    }
  }
  return out;
}

// The text of an element that should hold text or escaped HTML; when a feed
// put markup in unescaped, that markup is kept as HTML.
std::string ElementText(const pugi::xml_node& node) {
  if (HasElementChildren(node)) return std::string(Trim(InnerXml(node)));
  return std::string(Trim(DirectText(node)));
}

std::string Clean(std::string text) {
  if (!IsValidUtf8(text)) return SanitizeUtf8(text);
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      return SanitizeUtf8(text);
    }
  }
  return text;
}

// xml:base in effect for `node`, resolved against the document URL.
std::string BaseFor(const pugi::xml_node& node, const std::string& document_url) {
  std::vector<std::string_view> bases;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    if (pugi::xml_attribute base = n.attribute("xml:base")) bases.push_back(base.value());
  }
  std::string base = document_url;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    base = net::ResolveUrl(base, *it);
  }
  return base;
}

// Atom text construct: returns the value and sets its kind.
std::string AtomText(const pugi::xml_node& node, TextKind& kind) {
  std::string_view type = node.attribute("type").value();
  std::string_view mode = node.attribute("mode").value();  // Atom 0.3.
  if (type == "xhtml" || type == "application/xhtml+xml" || mode == "xml") {
    kind = TextKind::kXhtml;
    // Atom 1.0 wraps XHTML in one <div>, whose contents are the value.
    pugi::xml_node div;
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      if (child.type() == pugi::node_element) {
        div = child;
        break;
      }
    }
    if (div && LocalName(div) == "div" && (type == "xhtml")) {
      return std::string(Trim(InnerXml(div)));
    }
    return std::string(Trim(InnerXml(node)));
  }
  if (type == "html" || type == "text/html" || mode == "escaped") {
    kind = TextKind::kHtml;
    return ElementText(node);
  }
  kind = (type.empty() || type == "text" || type == "text/plain") ? TextKind::kText
                                                                  : TextKind::kHtml;
  if (HasElementChildren(node)) kind = TextKind::kHtml;
  return ElementText(node);
}

Person AtomPerson(const pugi::xml_node& node) {
  Person person;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (IsAtom(child, "name")) person.name = Clean(ElementText(child));
    if (IsAtom(child, "email")) person.email = Clean(ElementText(child));
    if (IsAtom(child, "uri") || IsAtom(child, "url")) person.uri = Clean(ElementText(child));
  }
  return person;
}

// "jane@example.org (Jane Doe)" -> name + email, as RSS <author> is written.
Person RssPerson(std::string_view text) {
  Person person;
  text = Trim(text);
  auto open = text.find('(');
  auto close = text.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    std::string_view outside = Trim(text.substr(0, open));
    person.name = std::string(Trim(text.substr(open + 1, close - open - 1)));
    if (outside.find('@') != std::string_view::npos) person.email = std::string(outside);
    return person;
  }
  if (text.find('@') != std::string_view::npos && text.find(' ') == std::string_view::npos) {
    person.email = std::string(text);
    return person;
  }
  person.name = std::string(text);
  return person;
}

void SetDate(std::optional<Timestamp>& field, const pugi::xml_node& node) {
  if (field) return;  // The first date element of a kind wins.
  field = ParseFeedDate(DirectText(node));
}

// Atom <link>: picks rel="alternate" (or no rel), preferring HTML.
struct LinkChoice {
  std::string href;
  int score = -1;
};

void ConsiderAtomLink(LinkChoice& choice, const pugi::xml_node& link, const std::string& base) {
  std::string_view rel = link.attribute("rel").value();
  if (!rel.empty() && rel != "alternate") return;
  std::string_view type = link.attribute("type").value();
  int score = 1;
  if (type.empty() || type == "text/html" || type == "application/xhtml+xml") score = 2;
  if (score > choice.score) {
    choice.score = score;
    choice.href = net::ResolveUrl(base, link.attribute("href").value());
  }
}

class Extractor {
 public:
  Extractor(const ParseOptions& options, FeedDocument& document)
      : options_(options), document_(document) {}

  void ReadRssChannel(const pugi::xml_node& channel) {
    std::string base = BaseFor(channel, options_.base_url);
    FeedInfo& feed = document_.feed;
    for (pugi::xml_node child = channel.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      if (IsRss(child, "title") && feed.title.empty()) {
        feed.title = Clean(ElementText(child));
      } else if (IsRss(child, "link") && feed.link.empty()) {
        feed.link = Clean(net::ResolveUrl(base, DirectText(child)));
      } else if (IsRss(child, "description") && feed.subtitle.empty()) {
        feed.subtitle = Clean(ElementText(child));
      } else if (IsRss(child, "pubDate")) {
        SetDate(feed.published, child);
      } else if (IsRss(child, "lastBuildDate") || Is(child, kDublinCore, "date")) {
        SetDate(feed.updated, child);
      } else if (IsRss(child, "category") || Is(child, kDublinCore, "subject")) {
        std::string term = Clean(ElementText(child));
        if (!term.empty()) feed.categories.push_back(term);
      } else if ((IsRss(child, "managingEditor") || Is(child, kDublinCore, "creator")) &&
                 feed.author.empty()) {
        feed.author = RssPerson(Clean(ElementText(child)));
      } else if (IsRss(child, "ttl")) {
        feed.ttl_minutes = ParseTtlMinutes(DirectText(child));
      } else if (IsRss(child, "item")) {
        ReadRssItem(child);
      }
    }
  }

  // A positive whole number of minutes (at most a year); anything else is ignored.
  static std::optional<int> ParseTtlMinutes(std::string_view text) {
    std::string_view digits = Trim(text);
    if (digits.empty() || digits.size() > 6) return std::nullopt;
    int minutes = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      minutes = minutes * 10 + (c - '0');
    }
    if (minutes <= 0 || minutes > 525600) return std::nullopt;
    return minutes;
  }

  void ReadRssItem(const pugi::xml_node& item) {
    if (!Admit(item)) return;
    std::string base = BaseFor(item, options_.base_url);
    Entry entry;
    std::string guid;
    bool guid_is_permalink = true;
    for (pugi::xml_node child = item.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      if (IsRss(child, "title")) {
        if (entry.title.empty()) entry.title = Clean(ElementText(child));
      } else if (Is(child, kDublinCore, "title")) {
        if (entry.title.empty()) entry.title = Clean(ElementText(child));
      } else if (IsRss(child, "link")) {
        if (entry.link.empty()) entry.link = Clean(net::ResolveUrl(base, DirectText(child)));
      } else if (IsRss(child, "guid")) {
        guid = Clean(std::string(Trim(DirectText(child))));
        std::string_view permalink = child.attribute("isPermaLink").value();
        guid_is_permalink = !EqualsIgnoreCaseAscii(permalink, "false");
      } else if (IsRss(child, "description")) {
        if (entry.summary.empty()) entry.summary = Clean(ElementText(child));
      } else if (Is(child, kContent, "encoded")) {
        if (entry.content.empty()) entry.content = Clean(ElementText(child));
      } else if (IsRss(child, "pubDate")) {
        SetDate(entry.published, child);
      } else if (Is(child, kDublinCore, "date")) {
        if (!entry.published) SetDate(entry.published, child);
      } else if (IsRss(child, "author") || Is(child, kDublinCore, "creator")) {
        if (entry.author.empty()) entry.author = RssPerson(Clean(ElementText(child)));
      } else if (IsRss(child, "category") || Is(child, kDublinCore, "subject")) {
        std::string term = Clean(ElementText(child));
        if (!term.empty()) entry.categories.push_back(term);
      }
    }
    // RSS 1.0 items name themselves in rdf:about.
    if (guid.empty()) {
      if (pugi::xml_attribute about = item.attribute("rdf:about")) guid = Clean(about.value());
    }
    entry.id = guid;
    if (entry.link.empty() && !guid.empty() && guid_is_permalink &&
        (guid.rfind("http://", 0) == 0 || guid.rfind("https://", 0) == 0)) {
      entry.link = guid;
    }
    document_.entries.push_back(std::move(entry));
  }

  void ReadAtomFeed(const pugi::xml_node& root) {
    std::string base = BaseFor(root, options_.base_url);
    FeedInfo& feed = document_.feed;
    LinkChoice link;
    for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      TextKind kind;
      if (IsAtom(child, "title") && feed.title.empty()) {
        feed.title = Clean(AtomText(child, kind));
      } else if ((IsAtom(child, "subtitle") || IsAtom(child, "tagline")) &&
                 feed.subtitle.empty()) {
        feed.subtitle = Clean(AtomText(child, kind));
      } else if (IsAtom(child, "id") && feed.id.empty()) {
        feed.id = Clean(std::string(Trim(DirectText(child))));
      } else if (IsAtom(child, "link")) {
        ConsiderAtomLink(link, child, BaseFor(child, options_.base_url));
      } else if (IsAtom(child, "updated") || IsAtom(child, "modified")) {
        SetDate(feed.updated, child);
      } else if (IsAtom(child, "published") || IsAtom(child, "issued")) {
        SetDate(feed.published, child);
      } else if (IsAtom(child, "author") && feed.author.empty()) {
        feed.author = AtomPerson(child);
      } else if (IsAtom(child, "category")) {
        std::string term = Clean(child.attribute("term").value());
        if (!term.empty()) feed.categories.push_back(term);
      } else if (IsAtom(child, "entry")) {
        ReadAtomEntry(child);
      }
    }
    feed.link = Clean(link.href);
    (void)base;
  }

  void ReadAtomEntry(const pugi::xml_node& node) {
    if (!Admit(node)) return;
    Entry entry;
    LinkChoice link;
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      if (IsAtom(child, "title")) {
        if (entry.title.empty()) entry.title = Clean(AtomText(child, entry.title_kind));
      } else if (IsAtom(child, "link")) {
        ConsiderAtomLink(link, child, BaseFor(child, options_.base_url));
      } else if (IsAtom(child, "id")) {
        if (entry.id.empty()) entry.id = Clean(std::string(Trim(DirectText(child))));
      } else if (IsAtom(child, "summary")) {
        if (entry.summary.empty()) entry.summary = Clean(AtomText(child, entry.summary_kind));
      } else if (IsAtom(child, "content")) {
        if (entry.content.empty()) entry.content = Clean(AtomText(child, entry.content_kind));
      } else if (IsAtom(child, "published") || IsAtom(child, "issued")) {
        SetDate(entry.published, child);
      } else if (IsAtom(child, "updated") || IsAtom(child, "modified")) {
        SetDate(entry.updated, child);
      } else if (IsAtom(child, "author")) {
        if (entry.author.empty()) entry.author = AtomPerson(child);
      } else if (IsAtom(child, "category")) {
        std::string term = Clean(child.attribute("term").value());
        if (!term.empty()) entry.categories.push_back(term);
      } else if (Is(child, kDublinCore, "creator")) {
        if (entry.author.empty()) entry.author = RssPerson(Clean(ElementText(child)));
      }
    }
    entry.link = Clean(link.href);
    document_.entries.push_back(std::move(entry));
  }

 private:
  // Applies the per-document entry limit.
  bool Admit(const pugi::xml_node&) {
    if (document_.entries.size() < options_.max_entries) return true;
    if (!limit_warned_) {
      document_.warnings.push_back("more than " + std::to_string(options_.max_entries) +
                                   " entries; the rest were ignored");
      limit_warned_ = true;
    }
    return false;
  }

  const ParseOptions& options_;
  FeedDocument& document_;
  bool limit_warned_ = false;
};

// Deepest element nesting, walked without recursion (pugixml's traverse()
// is iterative too, but stopping early needs our own loop).
bool ExceedsDepth(const pugi::xml_document& doc, int max_depth) {
  int depth = 0;
  pugi::xml_node node = doc.first_child();
  while (node) {
    if (node.first_child()) {
      node = node.first_child();
      if (++depth > max_depth) return true;
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      --depth;
      if (node == doc) return false;
    }
    if (node) node = node.next_sibling();
  }
  return false;
}

// After a parse error pugixml keeps the tree built so far, including the
// element that was open at the error. Returns the last entry-like element
// (item/entry) if its closing tag does not occur before the error offset.
bool LastEntryIsCut(const pugi::xml_node& last, std::string_view text, std::ptrdiff_t error_offset) {
  std::ptrdiff_t start = last.offset_debug();
  if (start < 0 || error_offset < start) return true;
  std::string close = "</" + std::string(last.name()) + ">";
  std::string_view span = text.substr(static_cast<std::size_t>(start),
                                      static_cast<std::size_t>(error_offset - start));
  // Tolerate whitespace before '>' in a closing tag.
  std::string close_open = "</" + std::string(last.name());
  std::size_t at = 0;
  while ((at = span.find(close_open, at)) != std::string_view::npos) {
    std::size_t after = at + close_open.size();
    while (after < span.size() && (span[after] == ' ' || span[after] == '\t' ||
                                   span[after] == '\n' || span[after] == '\r')) {
      ++after;
    }
    if (after < span.size() && span[after] == '>') return false;
    at = after;
  }
  (void)close;
  return true;
}

}  // namespace

Result<FeedDocument> ParseXmlFeed(std::string_view utf8, const ParseOptions& options) {
  pugi::xml_document doc;
  // parse_default: CDATA, character references, EOL normalisation; DOCTYPEs
  // are skipped and their entities never expanded.
  pugi::xml_parse_result parsed =
      doc.load_buffer(utf8.data(), utf8.size(), pugi::parse_default, pugi::encoding_utf8);
  FeedDocument document;
  if (!parsed) {
    if (!doc.first_child()) {
      return Status::ParseError(std::string("feed: not XML: ") + parsed.description() +
                                " at byte " + std::to_string(parsed.offset));
    }
    document.warnings.push_back(std::string("XML error at byte ") +
                                std::to_string(parsed.offset) + ": " + parsed.description() +
                                "; entries after it are lost");
  }
  if (ExceedsDepth(doc, options.max_depth)) {
    return Status::ParseError("feed: elements nested deeper than " +
                              std::to_string(options.max_depth) + " levels");
  }
  pugi::xml_node root = doc.document_element();
  if (!root) return Status::ParseError("feed: empty document");

  Extractor extractor(options, document);
  std::string_view root_name = LocalName(root);
  std::string_view root_ns = NamespaceOf(root);
  if (root_name == "rss") {
    document.format = FeedFormat::kRss2;
    for (pugi::xml_node channel = root.first_child(); channel; channel = channel.next_sibling()) {
      if (IsRss(channel, "channel")) extractor.ReadRssChannel(channel);
    }
  } else if (root_name == "RDF" && root_ns == kRdf) {
    document.format = FeedFormat::kRss1;
    for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling()) {
      if (IsRss(child, "channel")) {
        extractor.ReadRssChannel(child);
      } else if (IsRss(child, "item")) {
        extractor.ReadRssItem(child);
      }
    }
  } else if (root_name == "feed" && (root_ns == kAtom10 || root_ns == kAtom03)) {
    document.format = root_ns == kAtom10 ? FeedFormat::kAtom10 : FeedFormat::kAtom03;
    extractor.ReadAtomFeed(root);
  } else if (root_name == "feed" && root_ns.empty()) {
    // An Atom feed that forgot its namespace: read it as Atom 1.0.
    document.format = FeedFormat::kAtom10;
    document.warnings.push_back("<feed> without the Atom namespace; read as Atom 1.0");
    extractor.ReadAtomFeed(root);
  } else {
    return Status::ParseError("feed: unknown document type <" + std::string(root.name()) + ">");
  }
  (void)kXhtml;

  if (!parsed && !document.entries.empty()) {
    // Find the element of the last entry to see whether the error cut it.
    pugi::xml_node last;
    for (pugi::xml_node node = root; node;) {
      // Entries are children of the root (Atom, RDF) or of <channel> (RSS).
      for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        std::string_view local = LocalName(child);
        if (child.type() == pugi::node_element && (local == "item" || local == "entry")) {
          last = child;
        }
      }
      node = (node == root && document.format == FeedFormat::kRss2) ? root.child("channel")
                                                                    : pugi::xml_node();
    }
    if (last && LastEntryIsCut(last, utf8, parsed.offset)) {
      document.entries.pop_back();
      document.warnings.push_back("dropped the entry cut by the XML error");
    }
  }
  return document;
}

}  // namespace newsalert::feed
