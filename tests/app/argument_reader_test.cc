#include "app/argument_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newsalert::app {
namespace {

// Reads every argument, describing each as "option name[=value]" or
// "positional text", the way a subcommand would.
std::vector<std::string> Describe(const std::vector<std::string>& args, std::size_t start = 0) {
  std::vector<std::string> out;
  ArgumentReader reader(args, start);
  while (reader.Next()) {
    if (!reader.IsOption()) {
      out.push_back("positional " + reader.argument());
    } else if (reader.name() == "-c" || reader.name() == "--config" ||
               reader.name() == "--filter") {
      auto value = reader.Value();
      out.push_back("option " + reader.name() + "=" + (value ? *value : "<none>"));
    } else {
      out.push_back("option " + reader.name());
    }
  }
  return out;
}

TEST(ArgumentReader, ReadsBothValueFormsAndFlags) {
  EXPECT_EQ(Describe({"-c", "a.toml", "--config=b.toml", "--filter", "x", "--json", "feed.xml"}),
            (std::vector<std::string>{"option -c=a.toml", "option --config=b.toml",
                                      "option --filter=x", "option --json",
                                      "positional feed.xml"}));
}

TEST(ArgumentReader, DoubleDashEndsOptions) {
  EXPECT_EQ(Describe({"--json", "--", "-football", "--config", "-"}),
            (std::vector<std::string>{"option --json", "positional -football",
                                      "positional --config", "positional -"}));
  // Only the first "--" is special.
  EXPECT_EQ(Describe({"--", "--"}), (std::vector<std::string>{"positional --"}));
}

TEST(ArgumentReader, ADashAloneIsPositional) {
  EXPECT_EQ(Describe({"-"}), (std::vector<std::string>{"positional -"}));
}

TEST(ArgumentReader, AMissingValueIsReported) {
  EXPECT_EQ(Describe({"--json", "-c"}),
            (std::vector<std::string>{"option --json", "option -c=<none>"}));
  // "--config=" gives an empty value, not the next argument.
  EXPECT_EQ(Describe({"--config=", "x"}),
            (std::vector<std::string>{"option --config=", "positional x"}));
}

TEST(ArgumentReader, StartsAfterTheSubcommand) {
  EXPECT_EQ(Describe({"newsalert", "status", "--json"}, 2),
            (std::vector<std::string>{"option --json"}));
}

TEST(ArgumentReader, OnlyLongOptionsCarryInlineValues) {
  // "-c=x" is the short option "-c=x" (unknown to a subcommand), not -c.
  EXPECT_EQ(Describe({"-c=x"}), (std::vector<std::string>{"option -c=x"}));
}

}  // namespace
}  // namespace newsalert::app
