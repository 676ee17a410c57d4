// `newsalert status [-c FILE] [--json]`: feed health, filter alert counts
// and channel deliveries, read from the store. Opens the database read-only
// (safe while the daemon runs) and reads no secrets. Exit codes: 0 shown,
// 1 the store cannot be read, 2 usage or configuration error.
#pragma once

#include <string>
#include <vector>

namespace newsalert::app {

// `args` is the whole command line (args[1] == "status").
int StatusCommand(const std::vector<std::string>& args, const std::string& default_config);

}  // namespace newsalert::app
