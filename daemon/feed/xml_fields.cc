#include "feed/xml_fields.h"

#include <cctype>

#include "base/strings.h"
#include "feed/feed_person.h"
#include "feed/xml_local_names.h"
#include "feed/xml_text.h"
#include "net/url.h"

namespace newsalert::feed {

bool IsHttpUrl(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

bool IsRelativePathId(std::string_view id) {
  if (id.find('/') == std::string_view::npos) return false;
  auto colon = id.find(':');
  auto slash = id.find('/');
  return colon == std::string_view::npos || slash < colon;
}

bool HasScheme(std::string_view reference) {
  if (reference.empty() || !std::isalpha(static_cast<unsigned char>(reference[0]))) return false;
  for (char c : reference.substr(1)) {
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return false;
}

std::string ResolveReference(const std::string& base, std::string_view reference) {
  reference = Trim(reference);
  if (base.empty() || reference.empty() || HasScheme(reference)) return std::string(reference);
  return net::ResolveUrl(base, reference);
}

Person AtomPerson(const pugi::xml_node& node, const NamespaceScope& scope,
                  const std::string& base) {
  Person person;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    Name name = NameOf(LocalName(child.name()));
    Ns ns = scope.Resolve(child.name());
    if (ns != Ns::kNone && !IsAtomNs(ns) && ns != Ns::kItunes) continue;
    if (name == Name::kName) {
      person.name = std::string(Trim(DescendantText(child)));
    } else if (name == Name::kEmail) {
      person.email = std::string(Trim(DescendantText(child)));
    } else if (name == Name::kUri || name == Name::kUrl || name == Name::kHomepage) {
      person.uri = ResolveReference(base, DescendantText(child));
    }
  }
  return person;
}

Person RssPerson(const pugi::xml_node& node, const NamespaceScope& scope,
                 const std::string& base) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == "name") {
      return AtomPerson(node, scope, base);
    }
  }
  return ParsePersonString(DescendantText(node));
}

}  // namespace newsalert::feed
