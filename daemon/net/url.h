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

// The URL as a story key: one string for every URL a publisher uses for one
// article. Scheme folded to https, host lower-cased without a trailing dot
// or a "www.", "m.", "mobile." or "amp." prefix, default port dropped, AMP
// path forms (an "amp" segment, ".amp.html", ".amp") and a trailing
// slash removed, fragment and tracking parameters (utm_*, fbclid, gclid,
// mc_cid, mc_eid, _hsenc, ...) and AMP switches (amp=1, outputType=amp)
// removed, the remaining parameters sorted by name. Returns the input
// trimmed when it does not parse as an http(s) URL. Used only for identity,
// never to fetch.
std::string CanonicalUrl(std::string_view url);

}  // namespace newsalert::net
