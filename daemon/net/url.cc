#include "net/url.h"

#include <curl/curl.h>

#include <memory>
#include <vector>

#include "base/strings.h"

namespace newsalert::net {
namespace {

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

struct CurlStringDeleter {
  void operator()(char* text) const { curl_free(text); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

std::string GetPart(CURLU* handle, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || value == nullptr) return "";
  CurlString owned(value);
  return std::string(value);
}

bool IsTrackingParameter(std::string_view name) {
  std::string lower = ToLowerAscii(name);
  if (lower.rfind("utm_", 0) == 0) return true;
  static constexpr const char* kTracking[] = {
      "fbclid", "gclid",  "dclid",  "msclkid", "mc_cid", "mc_eid",   "yclid",
      "igshid", "_hsenc", "_hsmi",  "mkt_tok", "ocid",   "cmpid",    "ncid",
      "sr_share", "ref_src", "wt.mc_id", "smid", "s_cid",    "__twitter_impression"};
  for (const char* tracking : kTracking) {
    if (lower == tracking) return true;
  }
  return false;
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view reference) {
  std::string ref(Trim(reference));
  if (ref.empty()) return "";
  if (base.empty()) return ref;
  CurlUrl handle(curl_url());
  if (!handle) return ref;
  std::string base_string(base);
  if (curl_url_set(handle.get(), CURLUPART_URL, base_string.c_str(), 0) != CURLUE_OK) {
    return ref;
  }
  // Setting a URL on a handle that holds one resolves it as a reference.
  if (curl_url_set(handle.get(), CURLUPART_URL, ref.c_str(), CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK) {
    return ref;
  }
  std::string resolved = GetPart(handle.get(), CURLUPART_URL);
  return resolved.empty() ? ref : resolved;
}

std::string UrlHost(std::string_view url) {
  CurlUrl handle(curl_url());
  if (!handle) return "";
  std::string text(url);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return "";
  return ToLowerAscii(GetPart(handle.get(), CURLUPART_HOST));
}

std::string CanonicalUrl(std::string_view url) {
  std::string text(Trim(url));
  CurlUrl handle(curl_url());
  if (!handle) return text;
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) return text;
  std::string scheme = ToLowerAscii(GetPart(handle.get(), CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") return text;
  std::string host = ToLowerAscii(GetPart(handle.get(), CURLUPART_HOST));
  std::string port = GetPart(handle.get(), CURLUPART_PORT);
  std::string path = GetPart(handle.get(), CURLUPART_PATH);
  std::string query = GetPart(handle.get(), CURLUPART_QUERY);
  std::string kept_query;
  if (!query.empty()) {
    for (std::string_view parameter : Split(query, '&')) {
      if (parameter.empty()) continue;
      std::string_view name = parameter.substr(0, parameter.find('='));
      if (IsTrackingParameter(name)) continue;
      if (!kept_query.empty()) kept_query += '&';
      kept_query += parameter;
    }
  }
  bool default_port = port.empty() || (scheme == "http" && port == "80") ||
                      (scheme == "https" && port == "443");
  // http and https copies of one article are one story.
  std::string out = "https://" + host;
  if (!default_port) out += ":" + port;
  out += path.empty() ? "/" : path;
  if (!kept_query.empty()) out += "?" + kept_query;
  return out;
}

}  // namespace newsalert::net
