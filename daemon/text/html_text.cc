#include "text/html_text.h"

#include <array>

#include "base/strings.h"
#include "text/html_entities.h"

namespace newsalert::text {
namespace {

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Elements that start a new line of text.
bool IsBlockElement(std::string_view name) {
  static constexpr std::array<std::string_view, 40> kBlocks = {
      "address", "article", "aside",    "blockquote", "br",      "caption", "dd",
      "details", "div",     "dl",       "dt",         "fieldset", "figcaption", "figure",
      "footer",  "form",    "h1",       "h2",         "h3",      "h4",      "h5",
      "h6",      "header",  "hr",       "li",         "main",    "nav",     "ol",
      "p",       "pre",     "section",  "summary",    "table",   "tbody",   "td",
      "th",      "thead",   "tfoot",    "tr",         "ul"};
  for (std::string_view block : kBlocks) {
    if (name == block) return true;
  }
  return false;
}

// Elements whose content is not text: skipped up to their end tag.
bool IsRawContentElement(std::string_view name) {
  return name == "script" || name == "style" || name == "noscript" || name == "template" ||
         name == "iframe" || name == "object" || name == "svg" || name == "math" ||
         name == "head" || name == "title";
}

// Appends text with whitespace collapsed: runs of spaces become one space,
// and a pending line break wins over a pending space.
class TextBuilder {
 public:
  explicit TextBuilder(std::string& out) : out_(out) {}

  void Text(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      bool nbsp = static_cast<unsigned char>(c) == 0xC2 && i + 1 < text.size() &&
                  static_cast<unsigned char>(text[i + 1]) == 0xA0;
      if (IsSpace(c) || nbsp) {
        if (nbsp) ++i;
        if (pending_ == Pending::kNone) pending_ = Pending::kSpace;
        continue;
      }
      Flush();
      out_ += c;
    }
  }

  void Break() { pending_ = Pending::kBreak; }

 private:
  enum class Pending { kNone, kSpace, kBreak };

  void Flush() {
    if (!out_.empty()) {
      if (pending_ == Pending::kBreak) out_ += '\n';
      if (pending_ == Pending::kSpace) out_ += ' ';
    }
    pending_ = Pending::kNone;
  }

  std::string& out_;
  Pending pending_ = Pending::kNone;
};

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  TextBuilder builder(out);
  std::string decoded;
  std::size_t pos = 0;
  while (pos < html.size()) {
    std::size_t special = html.find_first_of("<&", pos);
    if (special == std::string_view::npos) {
      builder.Text(html.substr(pos));
      break;
    }
    builder.Text(html.substr(pos, special - pos));
    pos = special;
    if (html[pos] == '&') {
      decoded.clear();
      std::size_t used = DecodeCharacterReference(html.substr(pos), decoded);
      if (used == 0) {
        builder.Text("&");
        ++pos;
      } else {
        builder.Text(decoded);
        pos += used;
      }
      continue;
    }
    // '<': a tag, a comment, a declaration, or a literal '<'.
    if (html.compare(pos, 4, "<!--") == 0) {
      std::size_t end = html.find("-->", pos + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (html.compare(pos, 9, "<![CDATA[") == 0) {
      std::size_t end = html.find("]]>", pos + 9);
      std::size_t stop = end == std::string_view::npos ? html.size() : end;
      builder.Text(html.substr(pos + 9, stop - pos - 9));
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    bool closing = pos + 1 < html.size() && html[pos + 1] == '/';
    std::size_t name_start = pos + (closing ? 2 : 1);
    if (name_start >= html.size() ||
        !(IsAsciiAlpha(html[name_start]) || html[name_start] == '!' ||
          html[name_start] == '?')) {
      builder.Text("<");  // "a < b" is text.
      ++pos;
      continue;
    }
    std::size_t name_end = name_start;
    while (name_end < html.size() && !IsSpace(html[name_end]) && html[name_end] != '>' &&
           html[name_end] != '/') {
      ++name_end;
    }
    std::string name;
    for (std::size_t i = name_start; i < name_end; ++i) name += Lower(html[i]);
    // Find the end of the tag, skipping quoted attribute values.
    std::size_t end = name_end;
    char quote = 0;
    while (end < html.size()) {
      char c = html[end];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        break;
      }
      ++end;
    }
    pos = end == html.size() ? end : end + 1;
    if (IsBlockElement(name)) builder.Break();
    if (!closing && IsRawContentElement(name)) {
      std::string close = "</" + name;
      // Case-insensitive search for the end tag.
      std::size_t search = pos;
      std::size_t found = std::string_view::npos;
      while (search < html.size()) {
        std::size_t lt = html.find("</", search);
        if (lt == std::string_view::npos) break;
        bool match = lt + close.size() <= html.size();
        for (std::size_t i = 0; match && i < close.size(); ++i) {
          match = Lower(html[lt + i]) == close[i];
        }
        if (match) {
          found = lt;
          break;
        }
        search = lt + 2;
      }
      if (found == std::string_view::npos) {
        pos = html.size();
      } else {
        std::size_t gt = html.find('>', found);
        pos = gt == std::string_view::npos ? html.size() : gt + 1;
      }
    }
  }
  return out;
}

std::string PlainText(std::string_view text, bool is_html) {
  if (is_html) return HtmlToText(text);
  std::string out;
  TextBuilder builder(out);
  builder.Text(text);
  return out;
}

}  // namespace newsalert::text
