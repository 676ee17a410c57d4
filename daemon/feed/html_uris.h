// Relative URI references inside HTML made absolute: what Universal Feed
// Parser and gofeed do to summaries and content, so that a link in an
// entry still leads somewhere once the HTML leaves its feed. Used for the
// `inspect` view; matching works on plain text and does not need it.
#pragma once

#include <string>
#include <string_view>

namespace newsalert::feed {

// `html` with the URI attributes of known elements (a@href, img@src,
// blockquote@cite, ...) resolved against `base`; unchanged when `base` is
// empty or nothing is relative. Everything else is kept byte for byte.
std::string ResolveHtmlUris(std::string_view html, std::string_view base);

}  // namespace newsalert::feed
