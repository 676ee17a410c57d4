// The README's configuration reference lists every key the loader knows:
// adding a key to config/config_loader.cc without documenting it (default
// and meaning) fails here.
#include <gtest/gtest.h>

#include <regex>

#include "base/strings.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

TEST(ReadmeReference, DocumentsEveryConfigKey) {
  std::string loader = testing::ReadFile(testing::SourceDir() / "daemon/config/config_loader.cc");
  std::string readme = testing::ReadFile(testing::SourceDir() / "README.md");
  const std::map<std::string, std::string> sections = {
      {"Daemon", "[daemon]"}, {"Feed", "[[feed]]"}, {"Channel", "[[channel]]"},
      {"Filter", "[[filter]]"}};
  // const char kDaemonKeys[] = "a, b, " "c";
  std::regex list(R"re(const char k(\w+)Keys\[\] =((?:\s*"[^"]*")+);)re");
  std::map<std::string, std::vector<std::string>> keys;
  for (std::sregex_iterator it(loader.begin(), loader.end(), list), end; it != end; ++it) {
    std::string joined;
    std::string literals = (*it)[2];
    std::regex literal(R"re("([^"]*)")re");
    for (std::sregex_iterator l(literals.begin(), literals.end(), literal); l != end; ++l) {
      joined += (*l)[1];
    }
    auto section = sections.find((*it)[1]);
    if (section == sections.end()) continue;
    for (std::string_view key : Split(joined, ',')) {
      keys[section->second].emplace_back(Trim(key));
    }
  }
  // [metrics] reports its unknown keys with a literal list of its own.
  std::smatch metrics;
  std::string after = loader.substr(loader.find("void ReadMetrics"));
  ASSERT_TRUE(std::regex_search(after, metrics, std::regex(R"re(ReportUnknownKeys\("([a-z_, ]+)"\))re")));
  const std::string metrics_keys = metrics[1].str();
  for (std::string_view key : Split(metrics_keys, ',')) keys["[metrics]"].emplace_back(Trim(key));

  ASSERT_EQ(keys.size(), 5u);
  int documented = 0;
  for (const auto& [section, names] : keys) {
    for (const std::string& key : names) {
      EXPECT_NE(readme.find("| `" + section + " " + key + "` |"), std::string::npos)
          << "README.md, Configuration: no row for `" << section << " " << key << "`";
      ++documented;
    }
  }
  EXPECT_GE(documented, 25);
}

}  // namespace
}  // namespace newsalert
