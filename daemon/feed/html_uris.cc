#include "feed/html_uris.h"

#include <array>

#include "base/strings.h"
#include "net/url.h"

namespace newsalert::feed {
namespace {

// (element, attribute) pairs whose value is a URI (the list Universal Feed
// Parser resolves).
bool IsUriAttribute(std::string_view element, std::string_view attribute) {
  struct Pair {
    std::string_view element;
    std::string_view attribute;
  };
  static constexpr std::array<Pair, 29> kPairs = {{
      {"a", "href"},         {"applet", "codebase"}, {"area", "href"},
      {"audio", "src"},      {"blockquote", "cite"}, {"body", "background"},
      {"del", "cite"},       {"form", "action"},     {"frame", "longdesc"},
      {"frame", "src"},      {"iframe", "longdesc"}, {"iframe", "src"},
      {"head", "profile"},   {"img", "longdesc"},    {"img", "src"},
      {"img", "usemap"},     {"input", "src"},       {"input", "usemap"},
      {"ins", "cite"},       {"link", "href"},       {"object", "classid"},
      {"object", "codebase"}, {"object", "data"},    {"object", "usemap"},
      {"q", "cite"},         {"script", "src"},      {"source", "src"},
      {"video", "poster"},   {"video", "src"},
  }};
  for (const Pair& pair : kPairs) {
    if (EqualsIgnoreCaseAscii(pair.element, element) &&
        EqualsIgnoreCaseAscii(pair.attribute, attribute)) {
      return true;
    }
  }
  return false;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsNameChar(char c) { return !IsSpace(c) && c != '>' && c != '/' && c != '=' && c != '<'; }

}  // namespace

std::string ResolveHtmlUris(std::string_view html, std::string_view base) {
  if (base.empty() || html.find('<') == std::string_view::npos) return std::string(html);
  std::string out;
  out.reserve(html.size() + 64);
  std::size_t copied = 0;  // html[0, copied) is in `out`.
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    std::size_t name_start = pos + 1;
    std::size_t name_end = name_start;
    while (name_end < html.size() && IsNameChar(html[name_end])) ++name_end;
    std::string_view element = html.substr(name_start, name_end - name_start);
    pos = name_end;
    if (element.empty() || element[0] == '!' || element[0] == '?' || element[0] == '/') continue;
    // Attributes up to '>'.
    while (pos < html.size() && html[pos] != '>') {
      while (pos < html.size() && (IsSpace(html[pos]) || html[pos] == '/')) ++pos;
      std::size_t attr_start = pos;
      while (pos < html.size() && IsNameChar(html[pos])) ++pos;
      std::string_view attribute = html.substr(attr_start, pos - attr_start);
      if (attribute.empty()) {
        if (pos < html.size() && html[pos] != '>') ++pos;  // Stray '=' or '<'.
        continue;
      }
      std::size_t look = pos;
      while (look < html.size() && IsSpace(html[look])) ++look;
      if (look >= html.size() || html[look] != '=') continue;  // No value.
      pos = look + 1;
      while (pos < html.size() && IsSpace(html[pos])) ++pos;
      std::size_t value_start, value_end;
      if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
        char quote = html[pos];
        value_start = pos + 1;
        value_end = html.find(quote, value_start);
        if (value_end == std::string_view::npos) value_end = html.size();
        pos = value_end < html.size() ? value_end + 1 : value_end;
      } else {
        value_start = pos;
        while (pos < html.size() && !IsSpace(html[pos]) && html[pos] != '>') ++pos;
        value_end = pos;
      }
      if (!IsUriAttribute(element, attribute)) continue;
      std::string_view value = Trim(html.substr(value_start, value_end - value_start));
      if (value.empty()) continue;
      std::string resolved = net::ResolveUrl(base, value);
      if (resolved == value) continue;
      out.append(html.substr(copied, value_start - copied));
      out += resolved;
      copied = value_end;
    }
  }
  out.append(html.substr(copied));
  return out;
}

}  // namespace newsalert::feed
