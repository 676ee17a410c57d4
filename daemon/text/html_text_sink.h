// TextSink: the output side of HTML -> text, shared by the hand-written
// converter (html_text.cc) and the gumbo reference (html_text_gumbo.cc) so
// both follow one whitespace rule: runs of white space (and U+00A0) become
// one space, a block boundary becomes one line break, and nothing leads or
// trails.
#pragma once

#include <string>
#include <string_view>

namespace newsalert::text {

class TextSink {
 public:
  explicit TextSink(std::string& out) : out_(out) {}

  // Text without markup; entities already decoded.
  void Text(std::string_view text) {
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
      if (IsSpaceAt(p, end)) {
        MarkSpace();
        p += SpaceLength(p);
        continue;
      }
      // The run up to the next white space is copied whole; a single ASCII
      // space between two other characters stays part of it.
      const char* run = p;
      while (p < end) {
        unsigned char c = static_cast<unsigned char>(*p);
        if (c <= ' ' || c == 0xC2) {
          if (c == ' ' && p + 1 < end && !IsSpaceAt(p + 1, end)) {
            ++p;
            continue;
          }
          if (IsSpaceAt(p, end)) break;
        }
        ++p;
      }
      Flush();
      out_.append(run, static_cast<std::size_t>(p - run));
    }
  }

  void Space() { MarkSpace(); }
  void Break() { pending_ = Pending::kBreak; }

 private:
  enum class Pending { kNone, kSpace, kBreak };

  static bool IsSpaceAt(const char* p, const char* end) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') return true;
    return c == 0xC2 && p + 1 < end && static_cast<unsigned char>(p[1]) == 0xA0;
  }
  static std::size_t SpaceLength(const char* p) {
    return static_cast<unsigned char>(*p) == 0xC2 ? 2 : 1;
  }

  void MarkSpace() {
    if (pending_ == Pending::kNone) pending_ = Pending::kSpace;
  }

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

}  // namespace newsalert::text
