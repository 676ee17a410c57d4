#include "feed/xml_extract.h"

#include <optional>
#include <string_view>
#include <utility>

#include "base/strings.h"
#include "feed/feed_date.h"
#include "feed/xml_local_names.h"
#include "feed/xml_fields.h"
#include "feed/xml_names.h"

namespace newsalert::feed {
namespace {

// RSS <ttl>: a positive whole number of minutes (at most a year); anything
// else is ignored. The scheduler may only lengthen a poll interval with it.
std::optional<int> ParseTtlMinutes(std::string_view text) {
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

class Extractor {
 public:
  Extractor(const ExtractOptions& options, FeedDocument& document, ExtractResult& result)
      : options_(options), document_(document), result_(result) {}

  void Read(const pugi::xml_node& root, FeedFormat format) {
    ScopedNamespaces namespaces(scope_, root);
    std::string base = Base(root, options_.base_url);
    Ns root_ns = scope_.Resolve(root.name());
    if (format == FeedFormat::kAtom10 || format == FeedFormat::kAtom03) {
      // A <feed> without (or with an unknown) namespace is read as Atom.
      unqualified_ns_ = IsAtomNs(root_ns)            ? root_ns
                        : format == FeedFormat::kAtom03 ? Ns::kAtom03
                                                        : Ns::kAtom10;
      ReadFeedLevel(root, base);
      return;
    }
    if (std::string_view local = LocalName(root.name()); EqualsIgnoreCaseAscii(local, "channel")) {
      cdf_ = local != "channel";  // CDF writes <CHANNEL>; else a bare RSS channel.
      ReadFeedLevel(root, base);
      return;
    }
    // <rss>/<rdf:RDF>: a channel, and items inside it (RSS 2.0) or beside
    // it (RSS 1.0, and RSS 2.0 feeds that lost their way).
    for (pugi::xml_node child = root.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      Name name = NameOf(LocalName(child.name()));
      if (!IsRssNs(Resolve(child))) continue;
      if (name == Name::kChannel) {
        ScopedNamespaces child_namespaces(scope_, child);
        ReadFeedLevel(child, Base(child, base));
      } else if (name == Name::kItem) {
        ReadEntry(child, base);
      }
    }
  }

 private:
  // The namespace of an element; unqualified names in an Atom document
  // that forgot its namespace count as Atom.
  Ns Resolve(const pugi::xml_node& node) const {
    Ns ns = scope_.Resolve(node.name());
    return ns == Ns::kNone && unqualified_ns_ != Ns::kNone ? unqualified_ns_ : ns;
  }

  // The element's local name; CDF writes its names in upper case.
  std::string_view Local(const pugi::xml_node& node) {
    std::string_view local = LocalName(node.name());
    if (!cdf_) return local;
    lowered_ = ToLowerAscii(local);
    return lowered_;
  }

  static std::string Base(const pugi::xml_node& node, const std::string& parent) {
    pugi::xml_attribute base = node.attribute("xml:base");
    if (!base) return parent;
    return ResolveReference(parent, AttributeText(base));
  }

  // The base of `node` when it declares xml:base (stored in `own`), else
  // `parent` itself: no copy for the elements that do not.
  static const std::string& BaseOf(const pugi::xml_node& node, const std::string& parent,
                                   std::string& own) {
    pugi::xml_attribute base = node.attribute("xml:base");
    if (!base) return parent;
    own = ResolveReference(parent, AttributeText(base));
    return own;
  }

  std::string Clean(std::string text) const {
    CleanFieldText(text, options_.clean);
    return text;
  }

  Person Clean(Person person) const {
    person.name = Clean(std::move(person.name));
    person.email = Clean(std::move(person.email));
    person.uri = Clean(std::move(person.uri));
    return person;
  }

  void SetText(std::string& field, TextKind* kind, TextValue value) const {
    field = Clean(std::move(value.text));
    if (kind != nullptr) *kind = value.kind;
  }

  void SetDate(std::optional<Timestamp>& field, const pugi::xml_node& node) const {
    std::string storage;
    field = ParseFeedDate(DirectTextView(node, storage));
  }

  void AddCategory(std::vector<std::string>& categories, std::string term) const {
    term = Clean(std::move(term));
    if (!term.empty()) categories.push_back(std::move(term));
  }

  // itunes:category text="A"><itunes:category text="B"/> -> A, B (the
  // nesting is at most two deep by the spec; deeper is read flat).
  void AddItunesCategories(std::vector<std::string>& categories, const pugi::xml_node& node) {
    AddCategory(categories, AttributeText(node, "text"));
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      if (child.type() == pugi::node_element && LocalName(child.name()) == "category") {
        AddCategory(categories, AttributeText(child, "text"));
      }
    }
  }

  void AddKeywords(std::vector<std::string>& categories, const pugi::xml_node& node) {
    std::string text = DirectText(node);
    for (std::string_view keyword : Split(text, ',')) {
      AddCategory(categories, std::string(Trim(keyword)));
    }
  }

  // Atom <link>: the first rel="alternate" (or rel-less) link to an HTML
  // page wins; an alternate of another type is a weaker candidate.
  void ConsiderAtomLink(std::string& link, int& slot, int rank, const pugi::xml_node& node,
                        const std::string& base) {
    std::string rel_text = AttributeText(node, "rel");
    std::string_view rel = Trim(rel_text);
    if (!rel.empty() && rel != "alternate") return;
    std::string type = ToLowerAscii(Trim(AttributeText(node, "type")));
    bool html = type.empty() || type == "text/html" || type == "application/xhtml+xml";
    std::string href = AttributeText(node, "href");
    if (href.empty()) return;
    if (TakeFirst(slot, html ? rank : rank - 1)) {
      link = Clean(ResolveReference(base, href));
    }
  }

  void ReadFeedLevel(const pugi::xml_node& node, const std::string& base) {
    FeedInfo& feed = document_.feed;
    Ranks ranks;
    feed.bases.common = base;
    if (cdf_) {
      if (std::string lastmod = AttributeText(node, "LASTMOD"); !lastmod.empty()) {
        feed.updated = ParseFeedDate(lastmod);
      }
      if (std::string href = AttributeText(node, "HREF"); !href.empty()) {
        feed.link = Clean(ResolveReference(base, href));
      }
    }
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      if (child.type() != pugi::node_element) continue;
      ScopedNamespaces namespaces(scope_, child);
      Ns ns = Resolve(child);
      Name name = NameOf(Local(child));
      std::string own_base;
      const std::string& child_base = BaseOf(child, base, own_base);
      if (IsRssNs(ns)) {
        if (name == Name::kItem) {
          ReadEntry(child, base);
        } else if (name == Name::kTitle && Take(ranks.title, kCore)) {
          SetText(feed.title, nullptr, HtmlElementText(child, scope_));
          feed.bases.title = own_base;
        } else if (name == Name::kLink && TakeFirst(ranks.link, kCore)) {
          feed.link = Clean(ResolveReference(child_base, DirectTextView(child, scratch_)));
        } else if ((name == Name::kDescription || name == Name::kAbstract) &&
                   Take(ranks.summary, kCore)) {
          SetText(feed.subtitle, nullptr, HtmlElementText(child, scope_));
          feed.bases.summary = own_base;
        } else if (name == Name::kPubDate && Take(ranks.published, kCore)) {
          SetDate(feed.published, child);
        } else if (name == Name::kLastBuildDate && Take(ranks.updated, kCore)) {
          SetDate(feed.updated, child);
        } else if (name == Name::kTtl) {
          feed.ttl_minutes = ParseTtlMinutes(DirectTextView(child, scratch_));
        } else if ((name == Name::kManagingEditor || name == Name::kAuthor) &&
                   TakeFirst(ranks.author, kCore)) {
          feed.author = Clean(RssPerson(child, scope_, child_base));
        } else if (name == Name::kCategory) {
          AddCategory(feed.categories, HtmlElementText(child, scope_).text);
        }
      } else if (IsAtomNs(ns)) {
        bool atom03 = ns == Ns::kAtom03;
        if (name == Name::kEntry) {
          ReadEntry(child, base);
        } else if (name == Name::kTitle && Take(ranks.title, kCore)) {
          SetText(feed.title, nullptr, AtomText(child, scope_, atom03));
          feed.bases.title = own_base;
        } else if ((name == Name::kSubtitle || name == Name::kTagline) &&
                   Take(ranks.summary, kCore)) {
          SetText(feed.subtitle, nullptr, AtomText(child, scope_, atom03));
          feed.bases.summary = own_base;
        } else if (name == Name::kId && Take(ranks.id, kCore)) {
          feed.id = Clean(DirectText(child));
          if (IsRelativePathId(feed.id)) feed.id = ResolveReference(child_base, feed.id);
        } else if (name == Name::kLink) {
          ConsiderAtomLink(feed.link, ranks.link, unqualified_ns_ == Ns::kNone ? kAlias : kCore,
                           child, child_base);
        } else if ((name == Name::kUpdated || name == Name::kModified) &&
                   Take(ranks.updated, kCore)) {
          SetDate(feed.updated, child);
        } else if ((name == Name::kPublished || name == Name::kIssued) &&
                   Take(ranks.published, kCore)) {
          SetDate(feed.published, child);
        } else if (name == Name::kAuthor && TakeFirst(ranks.author, kCore)) {
          feed.author = Clean(AtomPerson(child, scope_, child_base));
        } else if (name == Name::kCategory) {
          std::string term = AttributeText(child, "term");
          AddCategory(feed.categories, !term.empty() ? std::move(term) : DescendantText(child));
        }
      } else if (ns == Ns::kDc) {
        if (name == Name::kTitle && Take(ranks.title, kAlias)) {
          SetText(feed.title, nullptr, HtmlElementText(child, scope_));
        } else if (name == Name::kDescription && Take(ranks.summary, kAlias)) {
          SetText(feed.subtitle, nullptr, HtmlElementText(child, scope_));
        } else if ((name == Name::kCreator || name == Name::kAuthor) &&
                   TakeFirst(ranks.author, kAlias)) {
          feed.author = Clean(RssPerson(child, scope_, child_base));
        } else if (name == Name::kDate && Take(ranks.updated, kAlias)) {
          SetDate(feed.updated, child);
        } else if (name == Name::kSubject) {
          AddCategory(feed.categories, DescendantText(child));
        }
      } else if (ns == Ns::kDcTerms) {
        if (name == Name::kIssued && Take(ranks.published, kAlias)) {
          SetDate(feed.published, child);
        } else if (name == Name::kModified && Take(ranks.updated, kAlias)) {
          SetDate(feed.updated, child);
        }
      } else if (ns == Ns::kItunes) {
        if (name == Name::kAuthor && TakeFirst(ranks.author, kExtension)) {
          feed.author = Clean(RssPerson(child, scope_, child_base));
        } else if (name == Name::kOwner && TakeFirst(ranks.author, kLast)) {
          feed.author = Clean(AtomPerson(child, scope_, child_base));
        } else if ((name == Name::kSummary || name == Name::kSubtitle) &&
                   Take(ranks.summary, kExtension)) {
          SetText(feed.subtitle, nullptr, HtmlElementText(child, scope_));
        } else if (name == Name::kKeywords) {
          AddKeywords(feed.categories, child);
        } else if (name == Name::kCategory) {
          AddItunesCategories(feed.categories, child);
        }
      } else if (ns == Ns::kMedia) {
        if (name == Name::kCategory) AddCategory(feed.categories, DescendantText(child));
      }
    }
  }

  // Per-entry state beyond the fields themselves.
  struct EntryState {
    Ranks ranks;
    bool guid_is_permalink = false;
    bool has_description = false;
    std::optional<TextValue> rss_summary;  // RSS <summary>: summary or content.
    std::string summary_base;
  };

  void ReadEntry(const pugi::xml_node& node, const std::string& parent_base) {
    if (document_.entries.size() >= options_.max_entries) {
      result_.entry_limit_hit = true;
      return;
    }
    ScopedNamespaces namespaces(scope_, node);
    std::string base = Base(node, parent_base);
    Entry entry;
    EntryState state;
    if (cdf_) {
      if (std::string href = AttributeText(node, "HREF"); !href.empty()) {
        entry.link = Clean(ResolveReference(base, href));
        state.ranks.link = kCore;
      }
      if (std::string lastmod = AttributeText(node, "LASTMOD"); !lastmod.empty()) {
        entry.updated = ParseFeedDate(lastmod);
      }
    }
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
      if (child.type() == pugi::node_element) ReadEntryChild(child, base, entry, state);
    }
    FinishEntry(node, base, entry, state);
    document_.entries.push_back(std::move(entry));
    result_.entry_nodes.push_back(node);
  }

  void ReadEntryChild(const pugi::xml_node& child, const std::string& base, Entry& entry,
                      EntryState& state) {
    ScopedNamespaces namespaces(scope_, child);
    Ranks& ranks = state.ranks;
    Ns ns = Resolve(child);
    Name name = NameOf(Local(child));
    std::string own_base;
    const std::string& child_base = BaseOf(child, base, own_base);
    if (IsRssNs(ns)) {
      if (name == Name::kTitle && Take(ranks.title, kCore)) {
        SetText(entry.title, &entry.title_kind, HtmlElementText(child, scope_));
        entry.bases.title = own_base;
      } else if (name == Name::kLink && TakeFirst(ranks.link, kCore)) {
        entry.link = Clean(ResolveReference(child_base, DirectTextView(child, scratch_)));
      } else if ((name == Name::kDescription || name == Name::kAbstract) &&
                 Take(ranks.summary, kCore)) {
        SetText(entry.summary, &entry.summary_kind, HtmlElementText(child, scope_));
        entry.bases.summary = own_base;
        state.has_description = true;
      } else if (name == Name::kSummary) {
        state.rss_summary = HtmlElementText(child, scope_);
        state.summary_base = own_base;
      } else if (name == Name::kGuid && Take(ranks.id, kCore)) {
        entry.id = Clean(HtmlElementText(child, scope_).text);
        std::string permalink = AttributeText(child, "isPermaLink");
        state.guid_is_permalink = !EqualsIgnoreCaseAscii(Trim(permalink), "false");
        if (state.guid_is_permalink && IsRelativePathId(entry.id)) {
          entry.id = ResolveReference(child_base, entry.id);
        }
      } else if (name == Name::kPubDate && Take(ranks.published, kCore)) {
        SetDate(entry.published, child);
      } else if (name == Name::kAuthor && TakeFirst(ranks.author, kCore)) {
        entry.author = Clean(RssPerson(child, scope_, child_base));
      } else if (name == Name::kCategory) {
        AddCategory(entry.categories, HtmlElementText(child, scope_).text);
      } else if ((name == Name::kBody || name == Name::kFullitem) && Take(ranks.content, kCore)) {
        SetText(entry.content, &entry.content_kind, HtmlElementText(child, scope_));
        entry.bases.content = own_base;
      }
    } else if (IsAtomNs(ns)) {
      bool atom03 = ns == Ns::kAtom03;
      int rank = unqualified_ns_ == Ns::kNone ? kAlias : kCore;  // atom: inside RSS.
      if (name == Name::kTitle && Take(ranks.title, rank)) {
        SetText(entry.title, &entry.title_kind, AtomText(child, scope_, atom03));
        entry.bases.title = own_base;
      } else if (name == Name::kLink) {
        ConsiderAtomLink(entry.link, ranks.link, rank, child, child_base);
      } else if (name == Name::kId && Take(ranks.id, rank)) {
        entry.id = Clean(DirectText(child));
        if (IsRelativePathId(entry.id)) entry.id = ResolveReference(child_base, entry.id);
      } else if (name == Name::kSummary && Take(ranks.summary, rank)) {
        SetText(entry.summary, &entry.summary_kind, AtomText(child, scope_, atom03));
        entry.bases.summary = own_base;
      } else if (name == Name::kContent && Take(ranks.content, rank)) {
        SetText(entry.content, &entry.content_kind, AtomText(child, scope_, atom03));
        entry.bases.content = own_base;
      } else if ((name == Name::kPublished || name == Name::kIssued) &&
                 Take(ranks.published, rank)) {
        SetDate(entry.published, child);
      } else if ((name == Name::kUpdated || name == Name::kModified) && Take(ranks.updated, rank)) {
        SetDate(entry.updated, child);
      } else if (name == Name::kAuthor && TakeFirst(ranks.author, rank)) {
        entry.author = Clean(AtomPerson(child, scope_, child_base));
      } else if (name == Name::kCategory) {
        std::string term = AttributeText(child, "term");
        AddCategory(entry.categories, !term.empty() ? std::move(term) : DescendantText(child));
      }
    } else if (ns == Ns::kContent) {
      if (name == Name::kEncoded && Take(ranks.content, kCore)) {
        SetText(entry.content, &entry.content_kind, HtmlElementText(child, scope_));
        entry.bases.content = own_base;
      }
    } else if (ns == Ns::kDc) {
      if (name == Name::kTitle && Take(ranks.title, kAlias)) {
        SetText(entry.title, &entry.title_kind, HtmlElementText(child, scope_));
      } else if (name == Name::kDescription && Take(ranks.summary, kAlias)) {
        SetText(entry.summary, &entry.summary_kind, HtmlElementText(child, scope_));
      } else if ((name == Name::kCreator || name == Name::kAuthor) &&
                 TakeFirst(ranks.author, kAlias)) {
        entry.author = Clean(RssPerson(child, scope_, child_base));
      } else if (name == Name::kDate && Take(ranks.updated, kAlias)) {
        SetDate(entry.updated, child);
      } else if (name == Name::kSubject) {
        AddCategory(entry.categories, DescendantText(child));
      }
    } else if (ns == Ns::kDcTerms) {
      if (name == Name::kIssued && Take(ranks.published, kAlias)) {
        SetDate(entry.published, child);
      } else if (name == Name::kModified && Take(ranks.updated, kAlias)) {
        SetDate(entry.updated, child);
      }
    } else if (ns == Ns::kXhtml) {
      if (name == Name::kBody && Take(ranks.content, kCore)) {
        entry.content = Clean(SerializeChildren(child, scope_));
        entry.content_kind = TextKind::kXhtml;
        entry.bases.content = own_base;
      }
    } else if (ns == Ns::kMedia) {
      ReadMedia(child, entry, state);
    } else if (ns == Ns::kItunes) {
      if (name == Name::kSummary && Take(ranks.summary, kExtension)) {
        SetText(entry.summary, &entry.summary_kind, HtmlElementText(child, scope_));
      } else if (name == Name::kSubtitle && Take(ranks.summary, kLast)) {
        SetText(entry.summary, &entry.summary_kind, HtmlElementText(child, scope_));
      } else if (name == Name::kAuthor && TakeFirst(ranks.author, kExtension)) {
        entry.author = Clean(RssPerson(child, scope_, child_base));
      } else if (name == Name::kKeywords) {
        AddKeywords(entry.categories, child);
      } else if (name == Name::kCategory) {
        AddItunesCategories(entry.categories, child);
      }
    } else if (ns == Ns::kGooglePlay) {
      if (name == Name::kDescription && Take(ranks.summary, kExtension)) {
        SetText(entry.summary, &entry.summary_kind, HtmlElementText(child, scope_));
      } else if (name == Name::kAuthor && TakeFirst(ranks.author, kExtension)) {
        entry.author = Clean(RssPerson(child, scope_, child_base));
      }
    } else if (ns == Ns::kFeedburner) {
      if (name == Name::kOrigLink && Take(ranks.link, kOverride)) {
        entry.link = Clean(ResolveReference(child_base, DirectTextView(child, scratch_)));
      }
    }
  }

  // Media RSS: title, description and categories, also inside
  // <media:group> and <media:content> (one level each).
  void ReadMedia(const pugi::xml_node& node, Entry& entry, EntryState& state, int depth = 0) {
    Name name = NameOf(LocalName(node.name()));
    if (name == Name::kTitle && Take(state.ranks.title, kExtension)) {
      SetText(entry.title, &entry.title_kind, HtmlElementText(node, scope_));
    } else if (name == Name::kDescription && Take(state.ranks.summary, kExtension)) {
      SetText(entry.summary, &entry.summary_kind, HtmlElementText(node, scope_));
    } else if (name == Name::kCategory) {
      AddCategory(entry.categories, DescendantText(node));
    } else if ((name == Name::kGroup || name == Name::kContent) && depth < 2) {
      for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
        if (child.type() != pugi::node_element) continue;
        ScopedNamespaces namespaces(scope_, child);
        if (scope_.Resolve(child.name()) == Ns::kMedia) ReadMedia(child, entry, state, depth + 1);
      }
    }
  }

  void FinishEntry(const pugi::xml_node& node, const std::string& base, Entry& entry,
                   EntryState& state) {
    // RSS <summary>: content when there is a <description>, else summary.
    if (state.rss_summary) {
      bool as_content = state.has_description;
      int& slot = as_content ? state.ranks.content : state.ranks.summary;
      if (Take(slot, kAlias)) {
        std::string& field = as_content ? entry.content : entry.summary;
        TextKind& kind = as_content ? entry.content_kind : entry.summary_kind;
        SetText(field, &kind, std::move(*state.rss_summary));
        (as_content ? entry.bases.content : entry.bases.summary) = state.summary_base;
      }
    }
    // RSS 1.0 items name themselves in rdf:about.
    if (entry.id.empty()) {
      for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
        if (LocalName(a.name()) == "about" && scope_.Resolve(a.name(), true) == Ns::kRdf) {
          entry.id = Clean(AttributeText(a));
        }
      }
    }
    // A permalink <guid> is the link when there is no <link>.
    if (entry.link.empty() && state.guid_is_permalink && !entry.id.empty()) {
      std::string resolved = ResolveReference(base, entry.id);
      if (IsHttpUrl(resolved)) entry.link = std::move(resolved);
    }
    entry.bases.common = base;
  }

  const ExtractOptions& options_;
  FeedDocument& document_;
  ExtractResult& result_;
  NamespaceScope scope_;
  Ns unqualified_ns_ = Ns::kNone;  // Atom documents: what unqualified names mean.
  bool cdf_ = false;
  std::string lowered_;
  std::string scratch_;
};

}  // namespace

ExtractResult ExtractXmlFeed(const pugi::xml_node& root, FeedFormat format,
                             const ExtractOptions& options, FeedDocument& document) {
  ExtractResult result;
  Extractor(options, document, result).Read(root, format);
  return result;
}

}  // namespace newsalert::feed
