// Aliases: [aliases] in filter files, resolved into @name in queries.
#include "match/alias_table.h"

#include <gtest/gtest.h>

#include "config/config_loader.h"
#include "match/filter_set.h"
#include "match/query_printer.h"
#include "support/test_support.h"

namespace newsalert::match {
namespace {

using testing::TempDir;
using testing::WriteFile;

config::AliasConfig Alias(std::string name, std::vector<std::string> values) {
  config::AliasConfig alias;
  alias.name = std::move(name);
  alias.values = std::move(values);
  alias.position = {"f.toml", 2, 1};
  for (std::size_t i = 0; i < alias.values.size(); ++i) {
    alias.value_positions.push_back({"f.toml", 2, 10 + static_cast<int>(i) * 10});
  }
  return alias;
}

std::vector<std::string> Written(const AliasTable& table, std::string_view name) {
  std::vector<std::string> out;
  for (const AliasTerm& term : *table.Find(name)) out.push_back(term.written);
  return out;
}

TEST(AliasTable, ValuesAreWordsPhrasesAndPrefixes) {
  Result<AliasTable> table = AliasTable::Build(
      {Alias("laos", {"Laos", "lao pdr", "\"north korean*\"", "repatriat*", "ລາວ"})});
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(Written(*table, "laos"),
            (std::vector<std::string>{"Laos", "\"lao pdr\"", "\"north korean\"*", "repatriat*",
                                      "ລາວ"}));
  const std::vector<AliasTerm>& terms = *table->Find("laos");
  EXPECT_EQ(terms[0].words, std::vector<std::string>{"laos"});
  EXPECT_TRUE(terms[2].prefix);
  EXPECT_EQ(terms[4].words, (std::vector<std::string>{"ລ", "າ", "ວ"}));
  EXPECT_EQ(table->Find("nope"), nullptr);
}

TEST(AliasTable, AliasesMayIncludeOtherAliasesOnce) {
  Result<AliasTable> table = AliasTable::Build(
      {Alias("region", {"@laos", "cambodia", "@laos", "vientiane"}),
       Alias("laos", {"laos", "vientiane"})});
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(Written(*table, "region"),
            (std::vector<std::string>{"laos", "vientiane", "cambodia"}));
}

TEST(AliasTable, ErrorsNameTheValue) {
  Result<AliasTable> table = AliasTable::Build({
      Alias("a", {"@b"}),
      Alias("b", {"@a"}),
      Alias("c", {"@missing", "laos OR lao", "re*pat", "—", "\"half"}),
      Alias("d", {}),
  });
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(),
            "f.toml:2:10: alias \"b\": '@a' leads back to \"b\": aliases cannot include "
            "themselves\n"
            "f.toml:2:10: alias \"c\": unknown alias '@missing'\n"
            "f.toml:2:20: alias \"c\": \"laos OR lao\" looks like a query: a value is one word "
            "or phrase, so give each alternative as its own value\n"
            "f.toml:2:30: alias \"c\": \"re*pat\": a wildcard '*' may only end the value\n"
            "f.toml:2:40: alias \"c\": \"—\" has no letters or digits to match\n"
            "f.toml:2:50: alias \"c\": \"\"half\": a value is one word or phrase; quotes go "
            "around all of it or nowhere\n"
            "f.toml:2:1: alias \"d\": give at least one word or phrase");
}

class AliasConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "newsalert.toml",
              "[daemon]\nstate_dir = \"s\"\nfilters = [\"filters/*.toml\"]\n"
              "[[channel]]\nname = \"c\"\ntype = \"console\"\n");
  }
  Result<config::Config> Load() { return config::LoadConfig(dir_ / "newsalert.toml"); }

  TempDir dir_;
};

TEST_F(AliasConfigTest, AliasesOfEveryFilterFileServeEveryQuery) {
  WriteFile(dir_ / "filters" / "a.toml",
            "[aliases]\n"
            "laos = [\"laos\", \"lao pdr\", \"vientiane\", \"ລາວ\"]\n"
            "[[filter]]\nname = \"x\"\nquery = 'defector* NEAR/10 @south-east'\n"
            "notify = [\"c\"]\n");
  WriteFile(dir_ / "filters" / "b.toml",
            "[aliases]\nsouth-east = [\"@laos\", \"cambodia\"]\n");
  Result<config::Config> config = Load();
  ASSERT_TRUE(config.ok()) << config.status().message();
  ASSERT_EQ(config->aliases.size(), 2u);
  EXPECT_EQ(config->aliases[0].name, "laos");
  EXPECT_EQ(config->aliases[0].value_positions[1].line, 2);
  EXPECT_EQ(config->aliases[0].value_positions[1].column, 17);
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::Compile(*config);
  ASSERT_TRUE(filters.ok()) << filters.status().message();
  EXPECT_EQ(PrintQuery(*(*filters)->filters()[0].query),
            "(defector* NEAR/10 (laos OR \"lao pdr\" OR vientiane OR \"ລ າ ວ\" OR cambodia))");
}

TEST_F(AliasConfigTest, ADuplicateOrMalformedAliasIsAnError) {
  WriteFile(dir_ / "filters" / "a.toml", "[aliases]\nlaos = [\"laos\"]\n");
  WriteFile(dir_ / "filters" / "b.toml",
            "[aliases]\nlaos = [\"vientiane\"]\n\"bad name\" = [\"x\"]\nnum = [1]\nstr = \"x\"\n");
  Result<config::Config> config = Load();
  ASSERT_FALSE(config.ok());
  std::string b = (dir_ / "filters" / "b.toml").string();
  std::string a = (dir_ / "filters" / "a.toml").string();
  EXPECT_NE(config.status().message().find(
                b + ":2:1: duplicate alias \"laos\" (first defined at " + a +
                ":2:1); aliases are shared by all filter files"),
            std::string::npos)
      << config.status().message();
  EXPECT_NE(config.status().message().find(
                b + ":3:1: alias name \"bad name\" may only hold letters, digits, '-' and '_'"),
            std::string::npos)
      << config.status().message();
  EXPECT_NE(config.status().message().find(b + ":4:8: alias \"num\": expected a string, got "
                                               "an integer"),
            std::string::npos);
  EXPECT_NE(config.status().message().find(
                b + ":5:7: alias \"str\": expected an array of strings, got a string"),
            std::string::npos);
}

TEST_F(AliasConfigTest, AnUnknownAliasInAQueryNamesItsPosition) {
  WriteFile(dir_ / "filters" / "a.toml",
            "[aliases]\nlaos = [\"laos\"]\n"
            "[[filter]]\nname = \"x\"\nquery = \"defector* AND @loas\"\nnotify = [\"c\"]\n");
  Result<config::Config> config = Load();
  ASSERT_TRUE(config.ok()) << config.status().message();
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::Compile(*config);
  ASSERT_FALSE(filters.ok());
  EXPECT_EQ(filters.status().message(),
            (dir_ / "filters" / "a.toml").string() +
                ":5:24: filter \"x\": unknown alias '@loas'\n"
                "    query = \"defector* AND @loas\"\n"
                "                           ^");
}

}  // namespace
}  // namespace newsalert::match
