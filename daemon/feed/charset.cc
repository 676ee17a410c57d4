#include "feed/charset.h"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "base/strings.h"
#include "feed/byte_scan.h"

namespace newsalert::feed {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool IsUtf8Label(std::string_view name) {
  return name == "utf-8" || name == "utf8" || name == "unicode-1-1-utf-8" ||
         name == "x-unicode20utf8";
}

bool IsAsciiLabel(std::string_view name) {
  return name == "us-ascii" || name == "ascii" || name == "ansi_x3.4-1968";
}

// Labels feeds use, mapped to the iconv name of what they mean in practice
// (the WHATWG Encoding Standard's choices: supersets browsers use).
std::string IconvName(const std::string& label) {
  struct Alias {
    const char* label;
    const char* iconv;
  };
  static constexpr Alias kAliases[] = {
      {"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"},
      {"latin1", "WINDOWS-1252"},     {"latin-1", "WINDOWS-1252"},
      {"l1", "WINDOWS-1252"},         {"us-ascii", "WINDOWS-1252"},
      {"ascii", "WINDOWS-1252"},      {"cp1252", "WINDOWS-1252"},
      {"x-cp1252", "WINDOWS-1252"},   {"iso-8859-9", "WINDOWS-1254"},
      {"latin5", "WINDOWS-1254"},     {"tis-620", "WINDOWS-874"},
      {"iso-8859-11", "WINDOWS-874"}, {"windows-874", "WINDOWS-874"},
      {"gb2312", "GB18030"},          {"gbk", "GB18030"},
      {"x-gbk", "GB18030"},           {"gb_2312-80", "GB18030"},
      {"csgb2312", "GB18030"},        {"chinese", "GB18030"},
      {"cp936", "GB18030"},           {"big5", "BIG5-HKSCS"},
      {"x-x-big5", "BIG5-HKSCS"},     {"cn-big5", "BIG5-HKSCS"},
      {"euc-kr", "CP949"},            {"euc_kr", "CP949"},
      {"x-euc-kr", "CP949"},          {"ks_c_5601-1987", "CP949"},
      {"ksc5601", "CP949"},           {"windows-949", "CP949"},
      {"shift_jis", "CP932"},         {"shift-jis", "CP932"},
      {"sjis", "CP932"},              {"x-sjis", "CP932"},
      {"ms_kanji", "CP932"},          {"windows-31j", "CP932"},
      {"csshiftjis", "CP932"},        {"x-euc-jp", "EUC-JP"},
      {"x-mac-roman", "MACINTOSH"},   {"mac", "MACINTOSH"},
      {"x-mac-cyrillic", "MAC-CYRILLIC"},
  };
  for (const Alias& alias : kAliases) {
    if (label == alias.label) return alias.iconv;
  }
  return label;
}

// Converts with iconv; each undecodable byte becomes U+FFFD. Returns false
// when iconv does not know the encoding.
bool ConvertWithIconv(std::string_view bytes, const std::string& from, std::string& out,
                      bool& had_invalid) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.clear();
  out.reserve(bytes.size() + bytes.size() / 2);
  std::string buffer(64 * 1024, '\0');
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (in_left > 0) {
    char* out_ptr = buffer.data();
    std::size_t out_left = buffer.size();
    std::size_t rc = iconv(cd, &in, &in_left, &out_ptr, &out_left);
    out.append(buffer.data(), buffer.size() - out_left);
    if (rc == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) continue;
      // EILSEQ, or EINVAL (a sequence cut by the end): replace one byte.
      had_invalid = true;
      out += kReplacement;
      ++in;
      --in_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);  // Reset shift state.
    }
  }
  char* out_ptr = buffer.data();
  std::size_t out_left = buffer.size();
  iconv(cd, nullptr, nullptr, &out_ptr, &out_left);
  out.append(buffer.data(), buffer.size() - out_left);
  iconv_close(cd);
  return true;
}

// Which encoding a BOM, or the zero bytes around "<?", announce; "" if none.
std::string_view SniffUnicode(std::string_view bytes, std::size_t& bom_length) {
  bom_length = 0;
  struct Signature {
    std::string_view bytes;
    const char* encoding;
    bool is_bom;
  };
  static const Signature kSignatures[] = {
      {std::string_view("\xEF\xBB\xBF", 3), "UTF-8", true},
      {std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE", true},
      {std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE", true},
      {std::string_view("\xFE\xFF", 2), "UTF-16BE", true},
      {std::string_view("\xFF\xFE", 2), "UTF-16LE", true},
      {std::string_view("\x00\x00\x00<", 4), "UTF-32BE", false},
      {std::string_view("<\x00\x00\x00", 4), "UTF-32LE", false},
      {std::string_view("\x00<\x00?", 4), "UTF-16BE", false},
      {std::string_view("<\x00?\x00", 4), "UTF-16LE", false},
  };
  for (const Signature& signature : kSignatures) {
    if (StartsWith(bytes, signature.bytes)) {
      if (signature.is_bom) bom_length = signature.bytes.size();
      return signature.encoding;
    }
  }
  return "";
}

// A charset label as it may appear in a warning: the document wrote it, so
// it can hold anything; printable ASCII only, 40 characters at most.
std::string Printable(std::string_view label) {
  std::string out;
  for (char c : label.substr(0, 40)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  return out;
}

// True when `text` holds a well-formed multi-byte UTF-8 sequence anywhere.
bool HasValidMultibyte(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t multibyte = 0;
    std::size_t bad = FindInvalidUtf8(text.substr(pos), multibyte);
    if (multibyte > 0) return true;
    if (bad == std::string_view::npos) return false;
    pos += bad + 1;
  }
  return false;
}

// Sets result to valid UTF-8 read from `body`, which was labelled
// UTF-8 (or ASCII, or nothing, or an unknown charset).
void DecodeAsUtf8(std::string_view body, bool labelled, DecodedText& result) {
  std::size_t multibyte = 0;
  std::size_t invalid = FindInvalidUtf8(body, multibyte);
  result.encoding = "UTF-8";
  result.from_utf8 = true;
  if (invalid == std::string_view::npos) {
    result.UseInput(body);
    return;
  }
  if (multibyte == 0 && !HasValidMultibyte(body.substr(invalid + 1))) {
    bool had_invalid = false;
    if (ConvertWithIconv(body, "WINDOWS-1252", result.owned, had_invalid)) {
      result.use_owned = true;
      result.encoding = "WINDOWS-1252";
      result.from_utf8 = false;
      result.warnings.push_back(std::string(labelled ? "labelled UTF-8" : "no charset given") +
                                " but not UTF-8; read as windows-1252");
      return;
    }
  }
  result.owned = SanitizeUtf8(body);
  result.use_owned = true;
  result.warnings.push_back("invalid UTF-8 bytes replaced by U+FFFD");
}

}  // namespace

std::size_t FindInvalidUtf8(std::string_view text, std::size_t& multibyte) {
  std::size_t size = text.size();
  std::size_t pos = 0;
  while (true) {
    pos = FindNonAsciiByte(text.data(), size, pos);
    if (pos == size) return std::string_view::npos;
    std::size_t length = Utf8SequenceLength(text.data(), size, pos);
    if (length == 0) return pos;
    ++multibyte;
    pos += length;
  }
}

std::string XmlDeclaredEncoding(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 1024);
  std::size_t start = head.find("<?xml");
  if (start == std::string_view::npos) return "";
  std::size_t end = head.find("?>", start);
  if (end == std::string_view::npos) return "";
  std::string_view declaration = head.substr(start, end - start);
  std::size_t key = declaration.find("encoding");
  if (key == std::string_view::npos) return "";
  std::size_t quote = declaration.find_first_of("\"'", key);
  if (quote == std::string_view::npos) return "";
  std::size_t close = declaration.find(declaration[quote], quote + 1);
  if (close == std::string_view::npos) return "";
  return ToLowerAscii(Trim(declaration.substr(quote + 1, close - quote - 1)));
}

std::string CharsetFromContentType(std::string_view content_type) {
  for (std::string_view parameter : Split(content_type, ';')) {
    parameter = Trim(parameter);
    auto eq = parameter.find('=');
    if (eq == std::string_view::npos) continue;
    if (!EqualsIgnoreCaseAscii(Trim(parameter.substr(0, eq)), "charset")) continue;
    std::string_view value = Trim(parameter.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'')) {
      value = value.substr(1, value.size() - 2);
    }
    return ToLowerAscii(Trim(value));
  }
  return "";
}

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type,
                         bool validate_utf8) {
  DecodedText result;
  std::size_t bom_length = 0;
  std::string encoding(SniffUnicode(bytes, bom_length));
  std::string_view body = bytes.substr(bom_length);
  std::string source;  // Where the label came from, for warnings.
  if (encoding.empty()) {
    encoding = CharsetFromContentType(content_type);
    source = "HTTP charset";
    if (encoding.empty()) {
      encoding = XmlDeclaredEncoding(body);
      source = "XML declaration";
    }
    // A UTF-16/32 label on bytes we could read "<?xml" from as ASCII (or
    // that lack the zero bytes of UTF-16 text) is wrong.
    if (encoding.starts_with("utf-16") || encoding.starts_with("utf-32") ||
        encoding == "ucs-2" || encoding == "unicode") {
      encoding.clear();
    }
  }
  std::string lower = ToLowerAscii(encoding);
  if (lower.empty() || IsUtf8Label(lower)) {
    if (!validate_utf8) {
      result.UseInput(body);
      result.encoding = "UTF-8";
      result.from_utf8 = true;
      result.utf8_unchecked = true;
      return result;
    }
    DecodeAsUtf8(body, !lower.empty(), result);
    return result;
  }
  bool is_unicode = lower.starts_with("utf-16") || lower.starts_with("utf-32");
  if (!is_unicode) {
    // Labelled legacy, but valid UTF-8 beyond ASCII: the label is wrong.
    std::size_t multibyte = 0;
    if (FindInvalidUtf8(body, multibyte) == std::string_view::npos) {
      if (multibyte > 0 && !IsAsciiLabel(lower)) {
        result.warnings.push_back(source + " says \"" + Printable(encoding) +
                                  "\" but the bytes are UTF-8; read as UTF-8");
      }
      result.UseInput(body);
      result.encoding = "UTF-8";
      result.from_utf8 = true;
      return result;
    }
  }
  bool had_invalid = false;
  std::string name = IconvName(lower);
  if (!ConvertWithIconv(body, name, result.owned, had_invalid)) {
    result.warnings.push_back("unknown charset \"" + Printable(encoding) + "\", read as UTF-8");
    DecodeAsUtf8(body, false, result);
    return result;
  }
  result.encoding = name;
  if (had_invalid) {
    result.warnings.push_back("bytes invalid in " + Printable(encoding) + " replaced by U+FFFD");
  }
  std::size_t multibyte = 0;
  if (FindInvalidUtf8(result.owned, multibyte) != std::string_view::npos) {
    result.owned = SanitizeUtf8(result.owned);
  }
  result.use_owned = true;
  return result;
}

}  // namespace newsalert::feed
