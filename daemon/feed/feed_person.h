// People as feeds write them. RSS puts a free-form string in <author> and
// <dc:creator> ("jane@example.org (Jane Doe)", "Jane Doe <jane@...>", or
// just a name); ParsePersonString splits it the way Universal Feed Parser
// and gofeed do: the e-mail address is what looks like one, the name is
// what is left once the address and its brackets are removed.
#pragma once

#include <string_view>

#include "feed/feed_document.h"

namespace newsalert::feed {

Person ParsePersonString(std::string_view text);

}  // namespace newsalert::feed
