// newsalert: watches news feeds and alerts on matching stories. The whole
// program is newsalert_core; this file only hands over the arguments.
#include <string>
#include <vector>

#include "app/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return newsalert::app::Main(args);
}
