// `newsalert test-filter`: a dry run of filters over feeds. Fetches (with
// the daemon's HTTP code and limits) or reads each feed, parses it, and
// prints every item a filter matches, with the filter's name, the terms that
// matched and a highlighted snippet. Changes no state and sends nothing.
//
//   newsalert test-filter [-c FILE] (QUERY | --filter NAME | --all) [--json]
//                         [FEED_URL_OR_FILE...]
//
// QUERY may use the config's @aliases when a config is given with -c (or
// the default config exists). A query that starts with '-' goes after "--".
// Feeds are URLs (http, https, file:), local files, or names of configured
// feeds; with none given, every configured feed. For a feed that is not in
// the config, filters' `feeds = [...]` restrictions are ignored (there is no
// name or tag to check them against), and a note says so.
//
// --json prints one object per match and line:
//   {"filter","title","link","published","matched":[...],"snippet"}
//
// Exit status: 0 whether or not anything matched; 1 when a feed could not be
// fetched or parsed (the others are still shown); 2 for a usage error, a bad
// query or a bad config.
#pragma once

#include <string>
#include <vector>

namespace newsalert::app {

// `args` are the arguments after "test-filter".
int RunTestFilter(const std::vector<std::string>& args);

}  // namespace newsalert::app
