#include "notify/mime.h"

#include <utf8proc.h>

#include "base/strings.h"
#include "notify/webhook_signature.h"

namespace newsalert::notify {
namespace {

constexpr std::size_t kMaxLine = 76;
constexpr std::size_t kMaxEncodedWord = 75;
constexpr std::string_view kWordStart = "=?UTF-8?B?";
constexpr std::string_view kWordEnd = "?=";

bool IsPrintableAscii(std::string_view text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

// One line of text: line breaks, tabs and other controls become spaces.
std::string OneLine(std::string_view value) {
  std::string clean = SanitizeUtf8(value);
  for (char& c : clean) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return CollapseWhitespace(clean);
}

// The grapheme clusters of `text` (valid UTF-8), as byte strings.
std::vector<std::string_view> Clusters(std::string_view text) {
  std::vector<std::string_view> clusters;
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto size = static_cast<utf8proc_ssize_t>(text.size());
  utf8proc_ssize_t pos = 0;
  utf8proc_ssize_t cluster_start = 0;
  utf8proc_int32_t previous = -1;
  utf8proc_int32_t state = 0;
  while (pos < size) {
    utf8proc_int32_t code_point = 0;
    utf8proc_ssize_t length = utf8proc_iterate(bytes + pos, size - pos, &code_point);
    if (length <= 0) length = 1;  // Cannot happen on sanitised text; never loop forever.
    if (previous >= 0 && utf8proc_grapheme_break_stateful(previous, code_point, &state)) {
      clusters.push_back(text.substr(static_cast<std::size_t>(cluster_start),
                                     static_cast<std::size_t>(pos - cluster_start)));
      cluster_start = pos;
    }
    previous = code_point;
    pos += length;
  }
  if (pos > cluster_start) {
    clusters.push_back(text.substr(static_cast<std::size_t>(cluster_start)));
  }
  return clusters;
}

std::size_t EncodedWordLength(std::size_t bytes) {
  return kWordStart.size() + 4 * ((bytes + 2) / 3) + kWordEnd.size();
}

// The code points of `cluster`, for a cluster too long for one word.
std::vector<std::string_view> CodePoints(std::string_view cluster) {
  std::vector<std::string_view> points;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= cluster.size(); ++i) {
    if (i == cluster.size() || (static_cast<unsigned char>(cluster[i]) & 0xC0) != 0x80) {
      points.push_back(cluster.substr(start, i - start));
      start = i;
    }
  }
  return points;
}

std::string EncodedWords(std::string_view header_prefix, std::string_view text) {
  std::string out(header_prefix);
  std::size_t line_length = header_prefix.size();
  std::string pending;  // Bytes of the encoded-word being filled.
  auto flush = [&]() {
    if (pending.empty()) return;
    std::string word = std::string(kWordStart) + Base64Encode(pending) + std::string(kWordEnd);
    out += word;
    line_length += word.size();
    pending.clear();
  };
  // The word must fit its line: 76 minus what precedes it there.
  auto fits = [&](std::size_t bytes) {
    std::size_t room = std::min(kMaxEncodedWord, kMaxLine - line_length);
    return EncodedWordLength(bytes) <= room;
  };
  auto new_line = [&]() {
    flush();
    out += "\r\n ";
    line_length = 1;
  };
  // Appends `piece` to the current word, or to a new word on a new line;
  // false when it is too long for any word.
  auto add = [&](std::string_view piece) {
    if (fits(pending.size() + piece.size())) {
      pending.append(piece);
      return true;
    }
    if (!pending.empty() || line_length > 1) {
      new_line();
      if (fits(piece.size())) {
        pending.append(piece);
        return true;
      }
    }
    return false;
  };
  for (std::string_view cluster : Clusters(text)) {
    if (add(cluster)) continue;
    for (std::string_view point : CodePoints(cluster)) add(point);
  }
  flush();
  out += "\r\n";
  return out;
}

char HexDigit(unsigned value) { return "0123456789ABCDEF"[value & 0xF]; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// One line of text (no line break) as quoted-printable lines.
void QuotedPrintableLine(std::string_view line, std::string& out) {
  std::string current;
  auto emit = [&](std::string_view token) {
    // Leave room for the "=" of a soft break.
    if (current.size() + token.size() > kMaxLine - 1) {
      out += current;
      out += "=\r\n";
      current.clear();
    }
    current += token;
  };
  for (std::size_t i = 0; i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    bool last = i + 1 == line.size();
    bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
    // "From " and "." at the start of a line are safe from mbox mangling and
    // SMTP transparency only when escaped.
    if (i == 0 && (c == '.' || (c == 'F' && line.substr(0, 5) == "From "))) literal = false;
    if (literal) {
      char single[2] = {static_cast<char>(c), '\0'};
      emit(single);
    } else {
      char escaped[4] = {'=', HexDigit(c >> 4), HexDigit(c), '\0'};
      emit(escaped);
    }
  }
  out += current;
  out += "\r\n";
}

}  // namespace

std::string EncodeUnstructuredHeader(std::string_view name, std::string_view value) {
  std::string text = OneLine(value);
  if (IsPrintableAscii(text) && text.find("=?") == std::string::npos) {
    // Every word is preceded by the space that can become a fold: "Name:"
    // then " word" pieces, with CRLF inserted before a piece that would
    // pass the line limit. An unbreakable run too long for a line is
    // encoded instead.
    std::string out = std::string(name) + ":";
    std::size_t line_length = out.size();
    bool fits = true;
    for (std::string_view word : Split(text, ' ')) {
      if (word.empty()) continue;
      if (1 + word.size() > kMaxLine) {
        fits = false;
        break;
      }
      if (line_length + 1 + word.size() > kMaxLine) {
        out += "\r\n";
        line_length = 0;
      }
      out += ' ';
      out += word;
      line_length += 1 + word.size();
    }
    if (fits) return out + "\r\n";
  }
  return EncodedWords(std::string(name) + ": ", text);
}

std::string EncodeDisplayName(std::string_view name) {
  std::string text = OneLine(name);
  if (IsPrintableAscii(text) && text.find("=?") == std::string::npos) {
    if (text.find_first_of("()<>[]:;@\\,.\"") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
    }
    return quoted + "\"";
  }
  std::string words = EncodedWords("", text);
  // One line: display names are short; the folding CRLFs become spaces.
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == '\r' || words[i] == '\n') continue;
    out += words[i];
  }
  return std::string(Trim(out));
}

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  std::vector<std::string_view> lines = Split(text, '\n');
  // A final line break ends the last line; it does not start another.
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  for (std::string_view line : lines) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    QuotedPrintableLine(line, out);
  }
  return out;
}

std::string DecodeQuotedPrintable(std::string_view encoded) {
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    char c = encoded[i];
    if (c != '=') {
      out += c;
      continue;
    }
    if (i + 2 < encoded.size() && encoded[i + 1] == '\r' && encoded[i + 2] == '\n') {
      i += 2;  // Soft line break.
      continue;
    }
    if (i + 2 < encoded.size() && HexValue(encoded[i + 1]) >= 0 &&
        HexValue(encoded[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(encoded[i + 1]) * 16 + HexValue(encoded[i + 2]));
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace newsalert::notify
