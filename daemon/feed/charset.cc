#include "feed/charset.h"

#include <iconv.h>

#include <cerrno>

#include "base/strings.h"

namespace newsalert::feed {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// encoding="..." of an XML declaration at the start of `bytes` (ASCII-
// compatible encodings only; UTF-16/32 are found by their BOM or zero bytes).
std::string XmlDeclaredEncoding(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 512);
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

bool IsUtf8Name(std::string_view name) {
  return name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii" ||
         name == "unicode-1-1-utf-8";
}

// Names real feeds use that iconv does not know, mapped to what it knows.
std::string IconvName(std::string name) {
  if (name == "x-sjis" || name == "shift-jis" || name == "sjis") return "SHIFT_JIS";
  if (name == "gb2312" || name == "gbk" || name == "x-gbk") return "GB18030";
  if (name == "ks_c_5601-1987" || name == "euc_kr" || name == "x-euc-kr") return "CP949";
  if (name == "euc-kr") return "CP949";  // A superset, as browsers do.
  if (name == "iso-8859-1" || name == "latin1" || name == "latin-1") return "WINDOWS-1252";
  if (name == "big5") return "BIG5-HKSCS";
  return name;
}

// Converts with iconv; each undecodable byte becomes U+FFFD. Returns false
// when iconv does not know the encoding.
bool ConvertWithIconv(std::string_view bytes, const std::string& from, std::string& out,
                      bool& had_invalid) {
  iconv_t cd = iconv_open("UTF-8", from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  out.clear();
  out.reserve(bytes.size() * 2);
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
      // EILSEQ or EINVAL (truncated sequence at the end): replace one byte.
      had_invalid = true;
      out += "\xEF\xBF\xBD";
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

}  // namespace

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
    return ToLowerAscii(value);
  }
  return "";
}

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view content_type) {
  DecodedText result;
  std::string encoding;
  std::string_view body = bytes;
  if (StartsWith(body, "\xEF\xBB\xBF")) {
    encoding = "utf-8";
    body.remove_prefix(3);
  } else if (StartsWith(body, std::string_view("\x00\x00\xFE\xFF", 4))) {
    encoding = "UTF-32BE";
    body.remove_prefix(4);
  } else if (StartsWith(body, std::string_view("\xFF\xFE\x00\x00", 4))) {
    encoding = "UTF-32LE";
    body.remove_prefix(4);
  } else if (StartsWith(body, "\xFE\xFF")) {
    encoding = "UTF-16BE";
    body.remove_prefix(2);
  } else if (StartsWith(body, "\xFF\xFE")) {
    encoding = "UTF-16LE";
    body.remove_prefix(2);
  } else if (StartsWith(body, std::string_view("\x00<\x00?", 4))) {
    encoding = "UTF-16BE";  // No BOM, but the zero bytes tell.
  } else if (StartsWith(body, std::string_view("<\x00?\x00", 4))) {
    encoding = "UTF-16LE";
  } else {
    encoding = CharsetFromContentType(content_type);
    if (encoding.empty()) encoding = XmlDeclaredEncoding(body);
    if (encoding.empty()) encoding = "utf-8";
  }

  if (IsUtf8Name(ToLowerAscii(encoding))) {
    result.encoding = "UTF-8";
    if (IsValidUtf8(body)) {
      result.utf8.assign(body);
    } else {
      result.utf8 = SanitizeUtf8(body);
      result.warnings.push_back("invalid UTF-8 bytes replaced by U+FFFD");
    }
    return result;
  }
  bool had_invalid = false;
  std::string name = IconvName(ToLowerAscii(encoding));
  if (!ConvertWithIconv(body, name, result.utf8, had_invalid)) {
    result.warnings.push_back("unknown charset \"" + encoding + "\", read as UTF-8");
    result.encoding = "UTF-8";
    result.utf8 = SanitizeUtf8(body);
    return result;
  }
  result.encoding = name;
  if (had_invalid) {
    result.warnings.push_back("bytes invalid in " + encoding + " replaced by U+FFFD");
  }
  if (!IsValidUtf8(result.utf8)) result.utf8 = SanitizeUtf8(result.utf8);
  return result;
}

}  // namespace newsalert::feed
