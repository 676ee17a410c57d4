// URL helpers shared by the stages: resolving relative references, the host
// of a URL, and the canonical form used to recognise one story under
// several URLs. Built on libcurl's URL API (RFC 3986 parsing we do not write
// ourselves).
#pragma once

#include <string>
#include <string_view>

namespace newsalert::net {

// `reference` resolved against `base` (RFC 3986 section 5). Returns
// `reference` unchanged when it is already absolute or either part does not
// parse; "" when reference is empty.
std::string ResolveUrl(std::string_view base, std::string_view reference);

// Lower-case host name of an absolute URL; "" when there is none.
std::string UrlHost(std::string_view url);

// The URL as a story key: scheme and host lower-cased, default port,
// fragment and tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid,
// ...) removed, remaining query parameters kept in order. Returns the input
// trimmed when it does not parse as an http(s) URL.
std::string CanonicalUrl(std::string_view url);

}  // namespace newsalert::net
