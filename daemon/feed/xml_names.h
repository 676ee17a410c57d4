// Namespaces of feed documents: which vocabulary an element belongs to.
//
// Feeds spell namespace URIs many ways (the iTunes one in any case, Media
// RSS with and without its trailing slash, RSS 2.0 in several Userland
// namespaces); KnownNamespace folds them, as Universal Feed Parser does.
// Undeclared prefixes that everybody recognises (dc:, content:, media:...)
// are accepted, since feeds forget to declare them.
#pragma once

#include <pugixml.hpp>

#include <string_view>
#include <utility>
#include <vector>

namespace newsalert::feed {

enum class Ns : unsigned char {
  kNone,        // No namespace (RSS 0.9x/2.0 elements, CDF).
  kRss,         // RSS 1.0 / 0.90 and the Userland RSS 2.0 namespaces.
  kAtom10,
  kAtom03,      // Atom 0.3 and its pre-release names (pie, echo, necho).
  kRdf,
  kDc,
  kDcTerms,
  kContent,     // RSS 1.0 content module (content:encoded).
  kMedia,       // Media RSS.
  kItunes,
  kGooglePlay,
  kFeedburner,
  kXhtml,
  kXml,         // The xml: prefix.
  kOther,
};

// The namespace a URI names.
Ns KnownNamespace(std::string_view uri);

// True for the namespaces whose elements are RSS's own (none, RSS 1.0...).
inline bool IsRssNs(Ns ns) { return ns == Ns::kNone || ns == Ns::kRss; }
inline bool IsAtomNs(Ns ns) { return ns == Ns::kAtom10 || ns == Ns::kAtom03; }

// The local part of "prefix:local".
std::string_view LocalName(std::string_view qualified);

// Namespace declarations in scope while walking down a document. Lookups
// are linear, so the number of declarations in scope is capped: real feeds
// use a dozen; a hostile one with 200,000 would make every lookup slow.
// Declarations past the cap are ignored.
class NamespaceScope {
 public:
  static constexpr std::size_t kMaxBindings = 256;

  NamespaceScope() = default;

  // Declarations made by `element` (xmlns, xmlns:p). Returns how many were
  // pushed, for Pop.
  int Push(const pugi::xml_node& element);
  void Pop(int count) { bindings_.resize(bindings_.size() - static_cast<std::size_t>(count)); }

  // The namespace of an element or attribute name. An unprefixed attribute
  // has no namespace; pass is_attribute for those.
  Ns Resolve(std::string_view qualified_name, bool is_attribute = false) const;

  // The raw URI bound to `prefix` ("" = default namespace); "" if none.
  std::string_view Uri(std::string_view prefix) const;

 private:
  struct Binding {
    std::string_view prefix;  // "" for the default namespace.
    std::string_view uri;
    Ns ns;
  };
  std::vector<Binding> bindings_;
};

// RAII for NamespaceScope::Push/Pop.
class ScopedNamespaces {
 public:
  ScopedNamespaces(NamespaceScope& scope, const pugi::xml_node& element)
      : scope_(scope), count_(scope.Push(element)) {}
  ~ScopedNamespaces() { scope_.Pop(count_); }
  ScopedNamespaces(const ScopedNamespaces&) = delete;
  ScopedNamespaces& operator=(const ScopedNamespaces&) = delete;

 private:
  NamespaceScope& scope_;
  int count_;
};

}  // namespace newsalert::feed
