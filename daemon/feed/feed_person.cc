#include "feed/feed_person.h"

#include <string>

#include "base/strings.h"

namespace newsalert::feed {
namespace {

bool IsLocalPartChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.' || c == '+' || c == '-';
}

bool IsLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Finds an e-mail address: local@label.label...tld (tld: two or more
// letters). Returns [begin, end) or begin == npos.
std::pair<std::size_t, std::size_t> FindEmail(std::string_view text) {
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > 0 && IsLocalPartChar(text[begin - 1])) --begin;
    if (begin == at) continue;
    // Domain: labels separated by dots; the last label is the TLD.
    std::size_t end = at + 1;
    std::size_t last_dot = std::string_view::npos;
    while (end < text.size() && (IsLabelChar(text[end]) || text[end] == '.')) {
      if (text[end] == '.') last_dot = end;
      ++end;
    }
    while (end > at + 1 && text[end - 1] == '.') {  // "me@example.com." ends a sentence.
      --end;
      last_dot = std::string_view(text.data(), end).rfind('.');
    }
    if (last_dot == std::string_view::npos || last_dot <= at + 1 || end - last_dot < 3) continue;
    bool tld_alpha = true;
    for (std::size_t i = last_dot + 1; i < end; ++i) tld_alpha = tld_alpha && IsAlpha(text[i]);
    if (!tld_alpha) continue;
    return {begin, end};
  }
  return {std::string_view::npos, 0};
}

void RemoveAll(std::string& text, std::string_view what) {
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at)) {
    text.erase(at, what.size());
  }
}

}  // namespace

Person ParsePersonString(std::string_view text) {
  Person person;
  text = Trim(text);
  if (text.empty()) return person;
  auto [begin, end] = FindEmail(text);
  if (begin == std::string_view::npos) {
    person.name = std::string(text);
    return person;
  }
  person.email = std::string(text.substr(begin, end - begin));
  std::string name = std::string(text.substr(0, begin)) + std::string(text.substr(end));
  RemoveAll(name, "mailto:");
  RemoveAll(name, "()");
  RemoveAll(name, "<>");
  std::string_view trimmed = Trim(name);
  if (!trimmed.empty() && trimmed.front() == '(') trimmed.remove_prefix(1);
  if (!trimmed.empty() && trimmed.back() == ')') trimmed.remove_suffix(1);
  person.name = std::string(Trim(trimmed));
  return person;
}

}  // namespace newsalert::feed
