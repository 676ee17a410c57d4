#include "match/matcher.h"

#include <gtest/gtest.h>

#include "match/snippet.h"

namespace newsalert::match {
namespace {

model::Item MakeItem(std::string title, std::string summary, std::string content = "") {
  model::Item item;
  item.feed_name = "Korea Desk";
  item.feed_tags = {"korea"};
  item.title = std::move(title);
  item.summary = std::move(summary);
  item.content = std::move(content);
  item.authors = {"Jane Doe"};
  item.categories = {"North Korea"};
  return item;
}

// Whether `query` matches `item`, and with which terms.
std::vector<std::string> MatchedTerms(const std::string& query, const model::Item& item) {
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::FromQuery(query);
  EXPECT_TRUE(filters.ok()) << filters.status().message();
  if (!filters.ok()) return {"<bad query>"};
  Matcher matcher(*filters);
  MatchDocument document;
  document.Assign(item);
  std::vector<Hit> hits = matcher.Match(document);
  if (hits.empty()) return {};
  return hits[0].matched_terms;
}

bool Matches(const std::string& query, const model::Item& item) {
  return !MatchedTerms(query, item).empty();
}

TEST(Matcher, WordsPrefixesAndPhrases) {
  model::Item item = MakeItem("Laos Returns North-Korean Refugees",
                              "Nine defectors were detained in Vientiane.");
  EXPECT_TRUE(Matches("laos", item));
  EXPECT_TRUE(Matches("LAOS", item));
  EXPECT_TRUE(Matches("refugee*", item));
  EXPECT_FALSE(Matches("refugee", item));  // No stemming.
  EXPECT_TRUE(Matches("\"north korean\"", item));
  EXPECT_TRUE(Matches("\"north korean*\"", item));
  EXPECT_FALSE(Matches("\"korean north\"", item));
  EXPECT_FALSE(Matches("\"detained vientiane\"", item));  // Not consecutive.
}

TEST(Matcher, BooleanOperators) {
  model::Item item = MakeItem("Laos returns refugees", "Handed to Pyongyang via China.");
  EXPECT_TRUE(Matches("laos AND pyongyang", item));
  EXPECT_TRUE(Matches("laos pyongyang", item));
  EXPECT_FALSE(Matches("laos AND thailand", item));
  EXPECT_TRUE(Matches("thailand OR laos", item));
  EXPECT_FALSE(Matches("laos NOT china", item));
  EXPECT_TRUE(Matches("laos -thailand", item));
  EXPECT_TRUE(Matches("(cambodia OR laos) (china OR thailand)", item));
}

TEST(Matcher, FieldsRestrictWhereATermMayMatch) {
  model::Item item = MakeItem("Laos returns refugees", "Handed to Pyongyang.");
  EXPECT_TRUE(Matches("title:laos", item));
  EXPECT_FALSE(Matches("title:pyongyang", item));
  EXPECT_TRUE(Matches("summary:pyongyang", item));
  EXPECT_TRUE(Matches("author:doe", item));
  EXPECT_TRUE(Matches("category:\"north korea\"", item));
  EXPECT_TRUE(Matches("feed:korea", item));
  EXPECT_FALSE(Matches("doe", item));  // Unscoped = title + summary + content.
}

TEST(Matcher, AccentsCaseAndScriptsWithoutSpaces) {
  model::Item item = MakeItem("Réfugiés nord-coréens 脱北者 ລາວ", "");
  EXPECT_TRUE(Matches("refugies", item));
  EXPECT_TRUE(Matches("\"nord coreens\"", item));
  EXPECT_TRUE(Matches("脱北", item));
  EXPECT_TRUE(Matches("ລາວ", item));
  EXPECT_FALSE(Matches("北脱", item));
}

TEST(Matcher, ExplainsWhichTermsMatchedAndIgnoresNegatedOnes) {
  model::Item item = MakeItem("Laos returns refugees", "Handed to Pyongyang.");
  EXPECT_EQ(MatchedTerms("(laos OR vientiane) refugee* -football", item),
            (std::vector<std::string>{"laos", "refugee*"}));
}

TEST(Matcher, FiltersOnlyApplyToTheirFeeds) {
  config::Config config;
  config::ChannelConfig channel;
  channel.name = "c";
  config.channels.push_back(channel);
  config::FilterConfig only_world{"w", "laos", {"c"}, {"world"}, {}, {}};
  config::FilterConfig only_korea{"k", "laos", {"c"}, {"korea"}, {}, {}};
  config.filters = {only_world, only_korea};
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::Compile(config);
  ASSERT_TRUE(filters.ok());
  Matcher matcher(*filters);
  model::Item item = MakeItem("Laos", "");
  MatchDocument document;
  document.Assign(item);
  std::vector<Hit> hits = matcher.Match(document);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ((*filters)->filters()[hits[0].filter_index].name, "k");
}

TEST(Snippet, MarksMatchedWordsAroundTheFirstHit) {
  std::string summary(300, 'x');
  summary = "Start. " + std::string(250, 'a') + " Nine defectors were detained in Laos. " +
            std::string(200, 'b');
  model::Item item = MakeItem("Title", summary);
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::FromQuery("defector* laos");
  Matcher matcher(*filters);
  MatchDocument document;
  document.Assign(item);
  std::vector<Hit> hits = matcher.Match(document);
  ASSERT_EQ(hits.size(), 1u);
  std::string snippet = BuildSnippet(document, hits[0]);
  EXPECT_NE(snippet.find("Nine **defectors** were detained in **Laos**."), std::string::npos)
      << snippet;
  EXPECT_LE(snippet.size(), 200u + 20u);
}

}  // namespace
}  // namespace newsalert::match
