// Source checks (RELIABILITY.md T22): no code path prunes a parsed tree with
// pugixml's remove_child/remove_children, which recurse over the removed
// subtree in pugixml <= 1.15 (a 175,000-deep document crashes them with an
// 8 MiB stack; Debian 12 ships 1.13, fixed only by pugixml commit ec81c66).
// Destroying a whole xml_document is safe: it frees pages, no recursion.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/test_support.h"

namespace newsalert {
namespace {

TEST(SourceCheck, NothingPrunesParsedXmlTreesWhilePugixmlRemovesRecursively) {
  // pugixml 1.13 is "1130"; the fix is in no tagged release up to 1.15.
  ASSERT_LE(PUGIXML_VERSION, 1150) << "a newer pugixml may have stackless removal: re-check";
  std::regex call(R"((\.|->)\s*remove_child(ren)?\s*\()");
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::SourceDir() / "daemon")) {
    std::string extension = entry.path().extension().string();
    if (extension != ".cc" && extension != ".h") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      EXPECT_FALSE(std::regex_search(line, call))
          << entry.path().string() << ":" << number << ": " << line;
    }
  }
  EXPECT_GT(files, 50u);  // The walk found the sources.
}

}  // namespace
}  // namespace newsalert
