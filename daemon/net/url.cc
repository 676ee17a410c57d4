#include "net/url.h"

#include <curl/curl.h>

#include <algorithm>
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

// Query parameters that only say how a reader reached the page (campaign,
// click and mailing-list trackers). They never select the content, so two
// links that differ only in them name one article.
bool IsTrackingParameter(std::string_view name) {
  std::string lower = ToLowerAscii(name);
  for (const char* prefix : {"utm_", "ga_", "hmb_", "pk_", "mtm_"}) {
    if (lower.rfind(prefix, 0) == 0) return true;
  }
  static constexpr const char* kTracking[] = {
      "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "ttclid",
      "igshid", "igsh", "li_fat_id", "wickedid", "rb_clickid", "mc_cid", "mc_eid",
      "_hsenc", "_hsmi", "hsctatracking", "mkt_tok", "vero_id", "vero_conv", "oly_anon_id",
      "oly_enc_id", "_openstat", "_ga", "_gl", "guccounter", "guce_referrer",
      "guce_referrer_sig", "fb_action_ids", "fb_action_types", "fb_ref", "fb_source",
      "action_object_map", "action_type_map", "action_ref_map", "ocid", "cmpid", "ncid",
      "sr_share", "ref_src", "ref_url", "wt.mc_id", "wt_mc", "smid", "smtyp", "s_cid",
      "sc_cid", "cndid", "mbid", "__twitter_impression", "soc_src", "soc_trk", "ito",
      "spm", "xtor", "trk", "trkcampaign", "at_campaign", "at_medium"};
  for (const char* tracking : kTracking) {
    if (lower == tracking) return true;
  }
  return false;
}

// Parameters that only ask for the AMP rendering of the same article.
bool IsAmpParameter(std::string_view name, std::string_view value) {
  std::string lower_name = ToLowerAscii(name);
  std::string lower_value = ToLowerAscii(value);
  if (lower_name == "amp") return value.empty() || lower_value == "1" || lower_value == "true";
  return (lower_name == "outputtype" || lower_name == "output") && lower_value == "amp";
}

// "www.", "m.", "mobile." and "amp." hosts serve the same articles as the
// bare domain. Stripped only when a registrable-looking name (two labels or
// more) remains, so "m.co" stays as it is.
std::string StripVariantHostPrefix(std::string host) {
  for (std::string_view prefix : {"www.", "m.", "mobile.", "amp."}) {
    if (host.size() > prefix.size() && host.compare(0, prefix.size(), prefix) == 0) {
      std::string rest = host.substr(prefix.size());
      if (rest.find('.') != std::string::npos) return rest;
    }
  }
  return host;
}

// AMP copies of an article: ".../slug/amp/" (WordPress), "/news/amp/id"
// (the BBC), "slug.amp.html" (the NYT) and "slug.amp". A trailing slash is
// dropped too: no publisher serves two articles that differ only by it.
bool EndsWithIgnoreCaseAscii(std::string_view text, std::string_view suffix) {
  return text.size() > suffix.size() &&
         EqualsIgnoreCaseAscii(text.substr(text.size() - suffix.size()), suffix);
}

// Empty segments and AMP path markers ("/amp/", ".amp", ".amp.html") go.
// Views into `path` and one output string: this runs for every item of
// every poll.
std::string CanonicalPath(std::string_view path) {
  std::vector<std::string_view> segments;
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t slash = std::min(path.find('/', start), path.size());
    if (slash > start) segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (segments.size() >= 2) {
    std::erase_if(segments, [](std::string_view segment) {
      return EqualsIgnoreCaseAscii(segment, "amp");
    });
  }
  std::string out;
  out.reserve(path.size() + 1);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    std::string_view segment = segments[i];
    bool last = i + 1 == segments.size();
    out += '/';
    if (last && EndsWithIgnoreCaseAscii(segment, ".amp.html")) {
      out.append(segment.substr(0, segment.size() - 9));
      out += ".html";
      continue;
    }
    if (last && EndsWithIgnoreCaseAscii(segment, ".amp")) segment.remove_suffix(4);
    out.append(segment);
  }
  return out.empty() ? "/" : out;
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
  while (!host.empty() && host.back() == '.') host.pop_back();  // "example.org." is absolute.
  host = StripVariantHostPrefix(std::move(host));
  std::string port = GetPart(handle.get(), CURLUPART_PORT);
  std::string path = CanonicalPath(GetPart(handle.get(), CURLUPART_PATH));
  std::string query = GetPart(handle.get(), CURLUPART_QUERY);
  std::vector<std::string_view> kept;
  for (std::string_view parameter : Split(query, '&')) {
    if (parameter.empty()) continue;
    std::size_t eq = parameter.find('=');
    std::string_view name = parameter.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? "" : parameter.substr(eq + 1);
    if (IsTrackingParameter(name) || IsAmpParameter(name, value)) continue;
    kept.push_back(parameter);
  }
  // Parameter order never selects content; sorting makes "?a=1&b=2" and
  // "?b=2&a=1" one key. stable_sort keeps repeated names in their order.
  std::stable_sort(kept.begin(), kept.end(), [](std::string_view a, std::string_view b) {
    return a.substr(0, a.find('=')) < b.substr(0, b.find('='));
  });
  bool default_port = port.empty() || (scheme == "http" && port == "80") ||
                      (scheme == "https" && port == "443");
  // http and https copies of one article are one story.
  std::string out = "https://" + host;
  if (!default_port) out += ":" + port;
  out += path;
  for (std::size_t i = 0; i < kept.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += kept[i];
  }
  return out;
}

}  // namespace newsalert::net
