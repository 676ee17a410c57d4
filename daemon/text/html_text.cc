#include "text/html_text.h"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/html_elements.h"
#include "text/html_entities.h"
#include "text/html_text_sink.h"

namespace newsalert::text {
namespace {

// What a byte means to the main loop.
enum ByteClass : unsigned char {
  kText = 0,   // Copied as is.
  kSpace,      // ' ', \t, \n, \r, \f: collapsed.
  kTag,        // '<'
  kReference,  // '&'
  kLead2,      // 0xC2: U+00A0 (a space) starts with it.
};

constexpr std::array<ByteClass, 256> MakeClasses() {
  std::array<ByteClass, 256> classes{};
  classes[' '] = classes['\t'] = classes['\n'] = classes['\r'] = classes['\f'] = kSpace;
  classes['<'] = kTag;
  classes['&'] = kReference;
  classes[0xC2] = kLead2;
  return classes;
}
constexpr std::array<ByteClass, 256> kClasses = MakeClasses();

// The end of a run of text starting at data[pos] (a kText byte): the
// first byte that is markup, a reference, a possible U+00A0, a control,
// or white space other than one ' ' followed by text. SSE2 sixteen bytes
// at a time; the byte loop after it decides the same way.
std::size_t RunEnd(const char* data, std::size_t size, std::size_t pos) {
  ++pos;
#if defined(__SSE2__)
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i lead = _mm_set1_epi8(static_cast<char>(0xC2));
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i max_control = _mm_set1_epi8(0x1F);
  auto stops = [&](__m128i block) {  // Bytes that always end a run.
    __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(block, max_control), max_control);
    return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, lt), _mm_cmpeq_epi8(block, amp)),
                        _mm_or_si128(_mm_cmpeq_epi8(block, lead), control));
  };
  while (pos + 17 <= size) {
    __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos));
    __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + pos + 1));
    // A space ends the run unless text follows it.
    __m128i space_stop = _mm_and_si128(_mm_cmpeq_epi8(block, space),
                                       _mm_or_si128(stops(next), _mm_cmpeq_epi8(next, space)));
    unsigned mask =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(stops(block), space_stop)));
    if (mask != 0) return pos + static_cast<std::size_t>(__builtin_ctz(mask));
    pos += 16;
  }
#endif
  for (; pos < size; ++pos) {
    ByteClass c = kClasses[static_cast<unsigned char>(data[pos])];
    if (c == kText && static_cast<unsigned char>(data[pos]) >= 0x20) continue;
    if (c == kSpace && data[pos] == ' ' && pos + 1 < size &&
        kClasses[static_cast<unsigned char>(data[pos + 1])] == kText &&
        static_cast<unsigned char>(data[pos + 1]) >= 0x20) {
      continue;
    }
    break;
  }
  return pos;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Writes text with the whitespace rule of html_text_sink.h straight into
// `out`, a run at a time.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void Space() {
    if (pending_ == kNone) pending_ = kPendingSpace;
  }
  void Break() { pending_ = kPendingBreak; }

  // A run of bytes that are neither white space nor markup.
  void Run(const char* begin, const char* end) {
    Flush();
    out_.append(begin, static_cast<std::size_t>(end - begin));
  }

  // Decoded reference text: any bytes, run through the whitespace rule.
  void Decoded(std::string_view text) {
    TextSink sink(out_);
    if (pending_ == kPendingBreak) sink.Break();
    if (pending_ == kPendingSpace) sink.Space();
    // TextSink only writes the pending separator before text, as we do;
    // what it leaves pending is read back through a trailing probe.
    bool trailing_space = !text.empty() && (IsHtmlSpace(text.back()) ||
                                            (text.size() >= 2 && text.ends_with("\xC2\xA0")));
    std::size_t before = out_.size();
    sink.Text(text);
    if (out_.size() != before) pending_ = kNone;
    if (trailing_space) Space();
  }

 private:
  enum Pending { kNone, kPendingSpace, kPendingBreak };

  void Flush() {
    if (pending_ != kNone) {
      if (!out_.empty()) out_ += pending_ == kPendingBreak ? '\n' : ' ';
      pending_ = kNone;
    }
  }

  std::string& out_;
  Pending pending_ = kNone;
};

// Decodes the character reference at html[pos] == '&'; returns the
// position after it.
std::size_t EmitReference(std::string_view html, std::size_t pos, Writer& writer,
                          std::string& scratch) {
  const char* p = html.data() + pos;
  std::size_t left = html.size() - pos;
  // The references feeds use most, without a table lookup.
  if (left >= 5 && p[1] == 'a' && p[2] == 'm' && p[3] == 'p' && p[4] == ';') {
    writer.Run(p, p + 1);
    return pos + 5;
  }
  if (left >= 6 && p[1] == 'n' && p[2] == 'b' && p[3] == 's' && p[4] == 'p' && p[5] == ';') {
    writer.Space();
    return pos + 6;
  }
  scratch.clear();
  std::size_t used = DecodeCharacterReference(html.substr(pos, 64), scratch);
  if (used == 0) {
    writer.Run(p, p + 1);  // A bare '&'.
    return pos + 1;
  }
  writer.Decoded(scratch);
  return pos + used;
}

// Skips a tag's attributes the way the HTML5 tokenizer does: quotes only
// delimit values after '='. Returns the position after '>' (or size).
std::size_t SkipAttributes(std::string_view html, std::size_t pos) {
  std::size_t size = html.size();
  const char* data = html.data();
  // Most tags have no attributes ("<p>", "</a>", "<br/>"): no search.
  if (pos < size && data[pos] == '>') return pos + 1;
  if (pos + 1 < size && data[pos] == '/' && data[pos + 1] == '>') return pos + 2;
  while (pos < size) {
    const void* found = std::memchr(data + pos, '>', size - pos);
    std::size_t gt =
        found == nullptr ? size : static_cast<std::size_t>(static_cast<const char*>(found) - data);
    // A quoted value may hold '>': only then is the slow walk needed.
    const void* quote_eq = std::memchr(data + pos, '=', gt - pos);
    if (quote_eq == nullptr) return gt < size ? gt + 1 : size;
    pos = static_cast<std::size_t>(static_cast<const char*>(quote_eq) - data) + 1;
    while (pos < size && IsHtmlSpace(data[pos])) ++pos;
    if (pos < size && (data[pos] == '"' || data[pos] == '\'')) {
      const void* close = std::memchr(data + pos + 1, data[pos], size - pos - 1);
      if (close == nullptr) return size;
      pos = static_cast<std::size_t>(static_cast<const char*>(close) - data) + 1;
    }
  }
  return size;
}

// Position just after "</name" ... ">" closing a raw-text element, or
// npos when there is none.
std::size_t SkipRawText(std::string_view html, std::size_t pos, std::string_view name) {
  std::size_t size = html.size();
  while (pos < size) {
    const void* lt = std::memchr(html.data() + pos, '<', size - pos);
    if (lt == nullptr) return std::string_view::npos;
    pos = static_cast<std::size_t>(static_cast<const char*>(lt) - html.data());
    if (pos + 2 + name.size() <= size && html[pos + 1] == '/') {
      bool match = true;
      for (std::size_t i = 0; match && i < name.size(); ++i) {
        match = Lower(html[pos + 2 + i]) == name[i];
      }
      std::size_t after = pos + 2 + name.size();
      if (match && (after == size || IsHtmlSpace(html[after]) || html[after] == '/' ||
                    html[after] == '>')) {
        return SkipAttributes(html, after);
      }
    }
    ++pos;
  }
  return std::string_view::npos;
}

std::size_t Past(std::string_view html, std::size_t from, char c) {
  std::size_t at = html.find(c, from);
  return at == std::string_view::npos ? html.size() : at + 1;
}

// Handles the markup at html[pos] == '<'; returns the position after it.
std::size_t EmitTag(std::string_view html, std::size_t pos, Writer& writer) {
  std::size_t size = html.size();
  const char* data = html.data();
  if (pos + 1 >= size) {
    writer.Run(data + pos, data + pos + 1);
    return size;
  }
  char next = data[pos + 1];
  if (next == '!') {
    if (pos + 3 < size && data[pos + 2] == '-' && data[pos + 3] == '-') {
      std::size_t end = html.find("-->", pos + 2);
      return end == std::string_view::npos ? size : end + 3;
    }
    return Past(html, pos + 2, '>');  // DOCTYPE, CDATA: bogus comments.
  }
  if (next == '?') return Past(html, pos + 2, '>');
  bool closing = next == '/';
  std::size_t name_start = pos + (closing ? 2 : 1);
  if (name_start >= size || !IsAsciiAlpha(data[name_start])) {
    if (!closing) {
      writer.Run(data + pos, data + pos + 1);  // "a < b" is text.
      return pos + 1;
    }
    if (name_start < size && data[name_start] == '>') return name_start + 1;  // "</>".
    return Past(html, name_start, '>');  // "</3": a bogus comment.
  }
  char name[kMaxElementNameLength];
  std::size_t length = 0;
  std::size_t end = name_start;
  while (end < size && !IsHtmlSpace(data[end]) && data[end] != '/' && data[end] != '>') {
    if (length < sizeof(name)) name[length] = Lower(data[end]);
    ++length;
    ++end;
  }
  ElementKind kind = length <= kMaxElementNameLength
                         ? ClassifyElement(std::string_view(name, length))
                         : ElementKind::kInline;
  std::size_t after = SkipAttributes(html, end);
  if (kind == ElementKind::kBlock) writer.Break();
  if (!closing && kind == ElementKind::kSkipContent) {
    // Raw text runs to its end tag or the end of the input, as in HTML5.
    std::size_t end_tag = SkipRawText(html, after, std::string_view(name, length));
    return end_tag == std::string_view::npos ? size : end_tag;
  }
  return after;
}

}  // namespace

void AppendHtmlText(std::string_view html, std::string& out) {
  Writer writer(out);
  std::string scratch;
  const char* data = html.data();
  std::size_t size = html.size();
  std::size_t pos = 0;
  while (pos < size) {
    switch (kClasses[static_cast<unsigned char>(data[pos])]) {
      case kText: {
        std::size_t end = RunEnd(data, size, pos);
        writer.Run(data + pos, data + end);
        pos = end;
        break;
      }
      case kSpace:
        writer.Space();
        ++pos;
        break;
      case kLead2:
        if (pos + 1 < size && static_cast<unsigned char>(data[pos + 1]) == 0xA0) {
          writer.Space();  // U+00A0.
          pos += 2;
        } else {
          writer.Run(data + pos, data + pos + 1);
          ++pos;
        }
        break;
      case kTag:
        pos = EmitTag(html, pos, writer);
        break;
      case kReference:
        pos = EmitReference(html, pos, writer, scratch);
        break;
    }
  }
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  AppendHtmlText(html, out);
  return out;
}

std::string PlainText(std::string_view text, bool is_html) {
  if (is_html) return HtmlToText(text);
  std::string out;
  out.reserve(text.size());
  TextSink sink(out);
  sink.Text(text);
  return out;
}

}  // namespace newsalert::text
