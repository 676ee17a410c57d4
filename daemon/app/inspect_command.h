// `newsalert inspect [--base-url URL] [--content-type TYPE] FILE_OR_URL`:
// parses one feed and prints what newsalert sees in it, as JSON (the shape
// is documented in feed/feed_json.h). For a URL it fetches like the daemon
// does (same request, limits and redirect policy).
//
// Exit codes: 0 printed, 1 the feed could not be read or parsed (message on
// stderr), 2 usage error.
#pragma once

#include <string>
#include <vector>

namespace newsalert::app {

// `args` are the arguments after "inspect".
int InspectCommand(const std::vector<std::string>& args);

}  // namespace newsalert::app
