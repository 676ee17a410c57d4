// The subcommands of the newsalert executable. Each returns the process exit
// code: 0 success, 1 runtime failure, 2 usage or configuration error.
#pragma once

#include <string>
#include <vector>

namespace newsalert::app {

int Main(const std::vector<std::string>& args);

}  // namespace newsalert::app
