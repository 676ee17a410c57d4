#include "match/matcher.h"

#include <gtest/gtest.h>

#include <random>

#include "match/snippet.h"

namespace newsalert::match {
namespace {

model::Item MakeItem(std::string title, std::string summary, std::string content = "") {
  model::Item item;
  item.feed_name = "Korea Desk";
  item.feed_tags = {"korea", "east-asia"};
  item.link = "https://news.example/korea/2024/laos-returns-defectors";
  item.title = std::move(title);
  item.summary = std::move(summary);
  item.content = std::move(content);
  item.authors = {"Jane Doe", "Kim Min-jun"};
  item.categories = {"North Korea", "Refugees"};
  return item;
}

// The hit of `query` on `item`, if it matches.
std::optional<Hit> MatchQuery(const std::string& query, const model::Item& item) {
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::FromQuery(query);
  EXPECT_TRUE(filters.ok()) << filters.status().message();
  if (!filters.ok()) return std::nullopt;
  Matcher matcher(*filters);
  MatchDocument document;
  document.Assign(item);
  std::vector<Hit> hits = matcher.Match(document);
  // The index must never lose a match that evaluating the filter finds.
  EXPECT_EQ(hits.empty(), !matcher.MatchOne(document, 0).has_value()) << query;
  if (hits.empty()) return std::nullopt;
  return hits[0];
}

// The terms a query matched `item` with; empty when it does not match.
std::vector<std::string> MatchedTerms(const std::string& query, const model::Item& item) {
  std::optional<Hit> hit = MatchQuery(query, item);
  return hit ? hit->matched_terms : std::vector<std::string>{};
}

bool Matches(const std::string& query, const model::Item& item) {
  return MatchQuery(query, item).has_value();
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
  EXPECT_TRUE(Matches("north-korean", item));
  EXPECT_FALSE(Matches("\"korean north\"", item));
  EXPECT_FALSE(Matches("\"detained vientiane\"", item));  // Not consecutive.
  EXPECT_TRUE(Matches("\"in Vientiane\"", item));
}

TEST(Matcher, BooleanOperators) {
  model::Item item = MakeItem("Laos returns refugees", "Handed to Pyongyang via China.");
  EXPECT_TRUE(Matches("laos AND pyongyang", item));
  EXPECT_TRUE(Matches("laos pyongyang", item));
  EXPECT_FALSE(Matches("laos AND thailand", item));
  EXPECT_TRUE(Matches("thailand OR laos", item));
  EXPECT_FALSE(Matches("laos NOT china", item));
  EXPECT_TRUE(Matches("laos -thailand", item));
  EXPECT_TRUE(Matches("-thailand", item));  // Only a NOT: evaluated for every item.
  EXPECT_TRUE(Matches("(cambodia OR laos) (china OR thailand)", item));
  EXPECT_TRUE(Matches("thailand OR laos china", item));  // thailand OR (laos AND china)
  EXPECT_FALSE(Matches("(thailand OR laos) cambodia", item));
  EXPECT_TRUE(Matches("and", MakeItem("War and peace", "")));  // Lower case: a word.
}

TEST(Matcher, NearMatchesWithinNWordsInEitherOrder) {
  model::Item item = MakeItem("", "North Korean defectors were detained by police in Laos.");
  // defectors = word 2, laos = word 8: six apart.
  EXPECT_TRUE(Matches("defector* NEAR/6 laos", item));
  EXPECT_FALSE(Matches("defector* NEAR/5 laos", item));
  EXPECT_TRUE(Matches("laos NEAR/6 defector*", item));
  EXPECT_TRUE(Matches("north NEAR/1 korean", item));   // Adjacent words differ by 1.
  EXPECT_TRUE(Matches("korean NEAR/1 north", item));
  // A phrase counts from its first word: "north korean" is word 0.
  EXPECT_TRUE(Matches("\"north korean\" NEAR/8 laos", item));
  EXPECT_FALSE(Matches("\"north korean\" NEAR/7 laos", item));
  EXPECT_TRUE(Matches("(thailand OR laos) NEAR/2 police", item));
  EXPECT_TRUE(Matches("(north NEAR/1 korean) NEAR/2 were", item));
  EXPECT_FALSE(Matches("(north NEAR/1 korean) NEAR/1 detained", item));
  // One word does not pair with itself.
  EXPECT_FALSE(Matches("laos NEAR/3 laos", item));
  EXPECT_TRUE(Matches("laos NEAR/3 laos", MakeItem("", "Laos, Laos again")));
}

TEST(Matcher, NearDoesNotPairWordsOfDifferentFieldsOrValues) {
  model::Item item = MakeItem("Laos", "Defectors detained.");
  EXPECT_TRUE(Matches("laos defector*", item));
  EXPECT_FALSE(Matches("laos NEAR/5 defector*", item));
  // Two categories are two values: no phrase or NEAR across them.
  EXPECT_TRUE(Matches("category:korea", item));
  EXPECT_FALSE(Matches("category:\"korea refugees\"", item));
  EXPECT_FALSE(Matches("category:korea NEAR/3 category:refugees", item));
  EXPECT_FALSE(Matches("author:\"doe kim\"", item));
  EXPECT_TRUE(Matches("author:\"kim min jun\"", item));
}

TEST(Matcher, FieldsRestrictWhereATermMayMatch) {
  model::Item item = MakeItem("Laos returns refugees", "Handed to Pyongyang.", "Full story.");
  EXPECT_TRUE(Matches("title:laos", item));
  EXPECT_FALSE(Matches("title:pyongyang", item));
  EXPECT_TRUE(Matches("summary:pyongyang", item));
  EXPECT_TRUE(Matches("content:story", item));
  EXPECT_FALSE(Matches("summary:story", item));
  EXPECT_TRUE(Matches("author:doe", item));
  EXPECT_TRUE(Matches("category:\"north korea\"", item));
  EXPECT_TRUE(Matches("feed:korea", item));        // The tag, and the name's word.
  EXPECT_TRUE(Matches("feed:desk", item));
  EXPECT_TRUE(Matches("feed:\"east asia\"", item));
  EXPECT_TRUE(Matches("link:defectors", item));
  EXPECT_FALSE(Matches("doe", item));  // Unscoped = title + summary + content.
  EXPECT_FALSE(Matches("news", item));
  EXPECT_TRUE(Matches("title:(cambodia OR laos) -title:football", item));
}

TEST(Matcher, AccentsCaseWidthAndScriptsWithoutSpaces) {
  model::Item item = MakeItem("Réfugiés nord-coréens 脱北者 ລາວ ＵＮＨＣＲ", "");
  EXPECT_TRUE(Matches("refugies", item));
  EXPECT_TRUE(Matches("RÉFUGIÉS", item));
  EXPECT_TRUE(Matches("\"nord coreens\"", item));
  EXPECT_TRUE(Matches("unhcr", item));
  EXPECT_TRUE(Matches("脱北", item));
  EXPECT_TRUE(Matches("ລາວ", item));
  EXPECT_FALSE(Matches("北脱", item));
  model::Item thai = MakeItem("ผู้ลี้ภัยชาวเกาหลีเหนือในประเทศไทย", "");
  EXPECT_TRUE(Matches("เกาหลีเหนือ", thai));
  EXPECT_FALSE(Matches("เกาหลีใต้", thai));
}

TEST(Matcher, KoreanWordsMatchWithParticlesAttached) {
  model::Item item = MakeItem("", "라오스에서 탈북자들이 체포되었다");
  EXPECT_TRUE(Matches("탈북자", item));
  EXPECT_TRUE(Matches("라오스", item));
  EXPECT_TRUE(Matches("탈북*", item));
  EXPECT_TRUE(Matches("\"라오스 탈북자\"", item));
  EXPECT_FALSE(Matches("북한", item));
}

TEST(Matcher, ApostrophesAndPossessives) {
  EXPECT_TRUE(Matches("laos", MakeItem("Laos’s border", "")));
  EXPECT_TRUE(Matches("laos", MakeItem("Laos' border", "")));
  EXPECT_TRUE(Matches("laos NEAR/1 border", MakeItem("Laos’s border", "")));
  EXPECT_TRUE(Matches("\"laos border\"", MakeItem("Laos's border", "")));
  EXPECT_TRUE(Matches("\"o brien\"", MakeItem("Conan O’Brien", "")));
  EXPECT_TRUE(Matches("unhcr’s", MakeItem("UNHCR statement", "")));
}

TEST(Matcher, RegexesSearchTheFoldedText) {
  model::Item item = MakeItem("Réfugiés in Laos", "Nine were detained on 12 March 2024.");
  EXPECT_TRUE(Matches("/refugi/", item));              // Folded: accents gone.
  EXPECT_TRUE(Matches("/REFUGI/", item));              // Case-insensitive.
  EXPECT_TRUE(Matches("/réfugi/", item));              // The pattern is folded too.
  EXPECT_TRUE(Matches("/\\d{4}/", item));              // Unanchored.
  EXPECT_FALSE(Matches("/^laos/", item));
  EXPECT_TRUE(Matches("title:/^refugies in/", item));
  EXPECT_FALSE(Matches("title:/detained/", item));
  EXPECT_TRUE(Matches("link:/\\/korea\\/20\\d\\d\\//", item));
  EXPECT_TRUE(Matches("laos /march 20\\d\\d/", item));
  EXPECT_EQ(MatchedTerms("laos /march 20\\d\\d/", item),
            (std::vector<std::string>{"laos", "/march 20\\d\\d/"}));
}

TEST(Matcher, ExplainsWhichTermsMatchedAndIgnoresNegatedOnes) {
  model::Item item = MakeItem("Laos returns refugees", "Handed to Pyongyang.");
  EXPECT_EQ(MatchedTerms("(laos OR vientiane) refugee* -football", item),
            (std::vector<std::string>{"laos", "refugee*"}));
  EXPECT_EQ(MatchedTerms("(laos OR pyongyang) NEAR/3 (refugee* OR thailand)", item),
            (std::vector<std::string>{"laos", "refugee*"}));
  EXPECT_EQ(MatchedTerms("laos -(china pyongyang)", item), (std::vector<std::string>{"laos"}));
}

config::FilterConfig Filter(std::string name, std::string query,
                            std::vector<std::string> feeds = {}) {
  config::FilterConfig filter;
  filter.name = std::move(name);
  filter.query = std::move(query);
  filter.notify = {"c"};
  filter.feeds = std::move(feeds);
  return filter;
}

TEST(Matcher, FiltersOnlyApplyToTheirFeeds) {
  config::Config config;
  config.filters = {Filter("w", "laos", {"world"}), Filter("k", "laos", {"korea"})};
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::Compile(config);
  ASSERT_TRUE(filters.ok());
  Matcher matcher(*filters);
  model::Item item = MakeItem("Laos", "");
  MatchDocument document;
  document.Assign(item);
  std::vector<Hit> hits = matcher.Match(document);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ((*filters)->filters()[hits[0].filter_index].name, "k");
  matcher.set_ignore_feed_restrictions(true);
  EXPECT_EQ(matcher.Match(document).size(), 2u);
}

TEST(Matcher, AliasesFromTheConfig) {
  config::Config config;
  config.aliases.push_back({"laos", {"laos", "lao pdr", "vientiane", "ລາວ"}, {}, {}});
  config.aliases.push_back({"region", {"@laos", "cambodia", "thai*"}, {}, {}});
  config.filters = {Filter("a", "defector* NEAR/5 @region")};
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::Compile(config);
  ASSERT_TRUE(filters.ok()) << filters.status().message();
  Matcher matcher(*filters);
  model::Item item = MakeItem("", "Defectors held in the Lao PDR capital.");
  MatchDocument document;
  document.Assign(item);
  std::vector<Hit> hits = matcher.Match(document);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].matched_terms, (std::vector<std::string>{"defector*", "\"lao pdr\""}));
}

// The index may only skip filters that cannot match: over generated
// queries and items, Match() finds exactly what evaluating every filter
// finds.
TEST(Matcher, TheIndexNeverLosesAMatch) {
  const std::vector<std::string> words = {"laos",  "vientiane", "defector", "defectors",
                                          "north", "korean",    "refugee",  "china",
                                          "the",   "police",    "탈북자",   "ລາວ"};
  std::mt19937 random(42);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  auto word_term = [&]() -> std::string {
    std::string word = words[pick(words.size())];
    switch (pick(5)) {
      case 0:  // Cut ASCII words anywhere; others stay whole.
        return (static_cast<unsigned char>(word[0]) < 0x80 ? word.substr(0, 1 + pick(word.size()))
                                                           : word) + "*";
      case 1: return "\"" + word + " " + words[pick(words.size())] + "\"";
      case 2: return "title:" + word;
      default: return word;
    }
  };
  auto term = [&]() -> std::string {
    return pick(6) == 0 ? "/" + words[pick(words.size())].substr(0, 3) + "/" : word_term();
  };
  std::function<std::string(int)> query = [&](int depth) -> std::string {
    if (depth == 0) return term();
    switch (pick(5)) {
      case 0: return query(depth - 1) + " OR " + query(depth - 1);
      case 1: return "(" + query(depth - 1) + ") -" + term();
      case 2: return "(" + word_term() + " OR " + word_term() + ") NEAR/" +
                     std::to_string(1 + pick(4)) + " " + word_term();
      default: return "(" + query(depth - 1) + ") " + query(depth - 1);
    }
  };
  config::Config config;
  for (int i = 0; i < 300; ++i) config.filters.push_back(Filter("f" + std::to_string(i), query(2)));
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::Compile(config);
  ASSERT_TRUE(filters.ok()) << filters.status().message();
  Matcher matcher(*filters);
  MatchDocument document;
  int total = 0;
  for (int n = 0; n < 200; ++n) {
    std::string title, summary;
    for (int i = 0; i < 6; ++i) title += words[pick(words.size())] + " ";
    for (int i = 0; i < 30; ++i) summary += words[pick(words.size())] + (pick(4) ? " " : ". ");
    model::Item item = MakeItem(title, summary);
    document.Assign(item, (*filters)->fields());
    std::vector<std::size_t> indexed;
    for (const Hit& hit : matcher.Match(document)) indexed.push_back(hit.filter_index);
    std::vector<std::size_t> all;
    for (std::size_t f = 0; f < config.filters.size(); ++f) {
      if (matcher.MatchOne(document, f)) all.push_back(f);
    }
    ASSERT_EQ(indexed, all) << title << "| " << summary;
    total += static_cast<int>(all.size());
  }
  EXPECT_GT(total, 200);  // The generator does produce matches.
}

TEST(Snippet, MarksMatchedWordsAroundTheFirstHit) {
  std::string summary = "Start. " + std::string(250, 'a') +
                        " Nine defectors were detained in Laos. " + std::string(200, 'b');
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

TEST(Snippet, CountsCharactersNotBytesAndMarksRegexes) {
  std::string summary;
  for (int i = 0; i < 100; ++i) summary += "북한 ";
  summary += "라오스에서 탈북자들이 체포되었다 ";
  for (int i = 0; i < 100; ++i) summary += "남한 ";
  model::Item item = MakeItem("", summary);
  Result<std::shared_ptr<const FilterSet>> filters = FilterSet::FromQuery("탈북자 /체포/");
  Matcher matcher(*filters);
  MatchDocument document;
  document.Assign(item);
  std::vector<Hit> hits = matcher.Match(document);
  ASSERT_EQ(hits.size(), 1u);
  std::string snippet = BuildSnippet(document, hits[0]);
  EXPECT_NE(snippet.find("**탈북자들이** **체포되었다**"), std::string::npos) << snippet;
  std::size_t code_points = 0;
  for (char c : snippet) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  EXPECT_GT(code_points, 150u);
  EXPECT_LE(code_points, 220u);
}

}  // namespace
}  // namespace newsalert::match
