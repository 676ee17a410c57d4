#include "match/query_parser.h"

#include <gtest/gtest.h>

#include "match/query_printer.h"

namespace newsalert::match {
namespace {

AliasTable TestAliases() {
  AliasTable aliases;
  std::vector<AliasTerm> laos;
  for (const char* value : {"laos", "lao pdr", "vientiane", "ລາວ"}) {
    AliasTerm term;
    EXPECT_EQ(ParseAliasValue(value, term), "");
    laos.push_back(term);
  }
  aliases.Add("laos", laos);
  return aliases;
}

std::string Parsed(std::string_view query) {
  AliasTable aliases = TestAliases();
  QueryParseResult result = ParseQuery(query, &aliases);
  if (result.error) {
    return "error@" + std::to_string(result.error->offset) + ": " + result.error->message;
  }
  return PrintQuery(*result.query);
}

TEST(QueryParser, PrecedenceIsFieldAndNotThenNearThenAndThenOr) {
  EXPECT_EQ(Parsed("a OR b c"), "(a OR (b AND c))");
  EXPECT_EQ(Parsed("a b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(Parsed("a AND b OR c AND d"), "((a AND b) OR (c AND d))");
  EXPECT_EQ(Parsed("NOT a b"), "(NOT a AND b)");
  EXPECT_EQ(Parsed("-a b"), "(NOT a AND b)");
  EXPECT_EQ(Parsed("(a OR b) c"), "((a OR b) AND c)");
  EXPECT_EQ(Parsed("a NEAR/5 b c"), "((a NEAR/5 b) AND c)");
  EXPECT_EQ(Parsed("c a NEAR/5 b"), "(c AND (a NEAR/5 b))");
  EXPECT_EQ(Parsed("a OR b NEAR/3 c"), "(a OR (b NEAR/3 c))");
  EXPECT_EQ(Parsed("a NEAR/2 b NEAR/3 c"), "((a NEAR/2 b) NEAR/3 c)");
  EXPECT_EQ(Parsed("title:a NEAR/2 b"), "(title:a NEAR/2 b)");
  EXPECT_EQ(Parsed("(a OR \"b c\") NEAR/15 (d OR e*)"), "((a OR \"b c\") NEAR/15 (d OR e*))");
  EXPECT_EQ(Parsed("x -title:y"), "(x AND NOT title:y)");
}

TEST(QueryParser, OperatorsAreUpperCaseOnly) {
  EXPECT_EQ(Parsed("war and peace"), "(war AND and AND peace)");
  EXPECT_EQ(Parsed("not or"), "(not AND or)");
  EXPECT_EQ(Parsed("near/5"), "\"near 5\"");
  EXPECT_EQ(Parsed("NEARBY"), "nearby");
}

TEST(QueryParser, TermsArePhrasesPrefixesAndFoldedWords) {
  EXPECT_EQ(Parsed("\"North Korean\"*"), "\"north korean\"*");
  EXPECT_EQ(Parsed("\"North Korean*\""), "\"north korean\"*");
  EXPECT_EQ(Parsed("Repatriat*"), "repatriat*");
  EXPECT_EQ(Parsed("North-Korean"), "\"north korean\"");
  EXPECT_EQ(Parsed("Réfugié"), "refugie");
  EXPECT_EQ(Parsed("ＵＮＨＣＲ"), "unhcr");
  EXPECT_EQ(Parsed("Laos’s"), "laos");
  EXPECT_EQ(Parsed("title:(laos OR vientiane)"), "(title:laos OR title:vientiane)");
  EXPECT_EQ(Parsed("脱北"), "\"脱 北\"");
  EXPECT_EQ(Parsed("link:/korea\\/2024/"), "link:/korea\\/2024/");
  EXPECT_EQ(Parsed("https://example.org/laos"), "\"https example org laos\"");
}

TEST(QueryParser, KoreanWordsMatchAsPrefixes) {
  QueryParseResult result = ParseQuery("탈북자 \"북한 주민\" laos");
  ASSERT_FALSE(result.error);
  const QueryNode& root = *result.query;
  ASSERT_EQ(root.children.size(), 3u);
  EXPECT_TRUE(root.children[0]->words[0].prefix);
  EXPECT_TRUE(root.children[1]->words[0].prefix);
  EXPECT_TRUE(root.children[1]->words[1].prefix);
  EXPECT_FALSE(root.children[2]->words[0].prefix);
}

TEST(QueryParser, AliasesExpandToAnOrOfTheirValues) {
  EXPECT_EQ(Parsed("@laos"), "(laos OR \"lao pdr\" OR vientiane OR \"ລ າ ວ\")");
  EXPECT_EQ(Parsed("title:@laos defector*"),
            "((title:laos OR title:\"lao pdr\" OR title:vientiane OR title:\"ລ າ ວ\") AND "
            "defector*)");
  EXPECT_EQ(Parsed("defector* NEAR/10 @laos"),
            "(defector* NEAR/10 (laos OR \"lao pdr\" OR vientiane OR \"ລ າ ວ\"))");
  QueryParseResult result = ParseQuery("@laos");
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->message, "unknown alias '@laos'");
}

TEST(QueryParser, RegexesAreCheckedByRe2) {
  EXPECT_EQ(Parsed("/north.{0,20}korea/"), "/north.{0,20}korea/");
  EXPECT_EQ(Parsed("title:/^laos/ OR x"), "(title:/^laos/ OR x)");
}

// The exact messages: tests and users rely on them.
TEST(QueryParser, ErrorsNameTheOffsetAndWhatWasExpected) {
  EXPECT_EQ(Parsed("(laos OR vientiane"), "error@18: expected ')' to close '('");
  EXPECT_EQ(Parsed("laos)"), "error@4: unexpected ')' without a matching '('");
  EXPECT_EQ(Parsed("\"north korean"), "error@0: unterminated phrase: missing closing '\"'");
  EXPECT_EQ(Parsed("\"north *korean\""),
            "error@7: a wildcard '*' may only end the last word of a phrase");
  EXPECT_EQ(Parsed("laos OR"), "error@7: expected a term after 'OR', got the end of the query");
  EXPECT_EQ(Parsed("laos AND"), "error@8: expected a term after 'AND', got the end of the query");
  EXPECT_EQ(Parsed("laos NOT"), "error@8: expected a term after 'NOT', got the end of the query");
  EXPECT_EQ(Parsed("AND laos"), "error@0: expected a term before 'AND'");
  EXPECT_EQ(Parsed("laos OR OR x"), "error@8: expected a term after 'OR', got 'OR'");
  EXPECT_EQ(Parsed("()"), "error@0: empty parentheses: put a term inside or remove them");
  EXPECT_EQ(Parsed("a ( ) b"), "error@2: empty parentheses: put a term inside or remove them");
  EXPECT_EQ(Parsed(""), "error@0: empty query");
  EXPECT_EQ(Parsed("   "), "error@3: empty query");
  EXPECT_EQ(Parsed("re*pat"), "error@2: a wildcard '*' may only end a word");
  EXPECT_EQ(Parsed("*"), "error@0: a lone '*' would match everything");
  EXPECT_EQ(Parsed("laos —"), "error@5: '—' has no letters or digits to match");
  EXPECT_EQ(Parsed("tilte:laos"),
            "error@0: unknown field 'tilte' (fields are title, summary, content, author, "
            "category, feed, link; quote the text to search for it)");
  EXPECT_EQ(Parsed("title:"), "error@6: expected a term after 'title:', got the end of the query");
  EXPECT_EQ(Parsed("title:summary:x"),
            "error@6: expected a term after 'title:', got a field");
}

TEST(QueryParser, NearErrors) {
  EXPECT_EQ(Parsed("a NEAR b"), "error@2: expected a distance after 'NEAR', as in NEAR/10");
  EXPECT_EQ(Parsed("a NEAR/ b"), "error@7: expected a number after 'NEAR/', as in NEAR/10");
  EXPECT_EQ(Parsed("a NEAR/x b"), "error@7: expected a number after 'NEAR/', as in NEAR/10");
  EXPECT_EQ(Parsed("a NEAR/0 b"), "error@7: NEAR distance must be between 1 and 1000 words");
  EXPECT_EQ(Parsed("a NEAR/99999999999999999999 b"),
            "error@7: NEAR distance must be between 1 and 1000 words");
  EXPECT_EQ(Parsed("NEAR/5 b"), "error@0: expected a term before 'NEAR/5'");
  EXPECT_EQ(Parsed("a NEAR/5"), "error@8: expected a term after 'NEAR/5', got the end of the query");
  EXPECT_EQ(Parsed("a NEAR/5 -b"),
            "error@9: NEAR/5 takes words, phrases, aliases or OR-groups of them on each side, "
            "not a NOT");
  EXPECT_EQ(Parsed("(a b) NEAR/5 c"),
            "error@0: NEAR/5 takes words, phrases, aliases or OR-groups of them on each side, "
            "not an AND group");
  EXPECT_EQ(Parsed("a NEAR/5 (b OR /c/)"),
            "error@15: NEAR/5 takes words, phrases, aliases or OR-groups of them on each side, "
            "not a /regex/");
}

TEST(QueryParser, RegexAndAliasErrors) {
  EXPECT_EQ(Parsed("/laos"), "error@0: unterminated regex: missing closing '/'");
  EXPECT_EQ(Parsed("x //"), "error@2: empty regex '//'");
  EXPECT_EQ(Parsed("/(laos/"), "error@0: invalid regex: missing ): (laos");
  EXPECT_EQ(Parsed("/laos/i"),
            "error@6: expected a space or ')' after the regex, got 'i' (there are no regex "
            "flags: matching ignores case)");
  EXPECT_EQ(Parsed("x @laso"), "error@2: unknown alias '@laso'");
  EXPECT_EQ(Parsed("@"), "error@1: expected an alias name after '@' (letters, digits, '-', '_')");
  EXPECT_EQ(Parsed("@laos*"),
            "error@5: unexpected '*' in alias name '@laos' (letters, digits, '-', '_')");
}

TEST(QueryParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '(');
  deep += "a";
  QueryParseResult result = ParseQuery(deep);
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->message, "query nested too deep (more than 64 levels)");
  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "NOT ";
  EXPECT_TRUE(ParseQuery(nots + "a").error);
  std::string fields;
  for (int i = 0; i < 1000; ++i) fields += "title:(";
  EXPECT_TRUE(ParseQuery(fields + "a").error);
  // 64 levels are fine.
  EXPECT_FALSE(ParseQuery(std::string(64, '(') + "a" + std::string(64, ')')).error);
}

TEST(QueryParser, LongFlatQueriesAreFine) {
  std::string query = "a";
  for (int i = 0; i < 20000; ++i) query += " OR w" + std::to_string(i);
  QueryParseResult result = ParseQuery(query);
  ASSERT_FALSE(result.error);
  EXPECT_EQ(result.query->children.size(), 20001u);
}

TEST(QueryParser, ErrorOffsetsAreInsideTheQuery) {
  for (const char* query : {"(", ")", "\"", "/", "@", "a NEAR/", "NOT", "-", "title:", "a OR",
                            "((a)", "x y z (", "/a/b", "—*", "NEAR/5"}) {
    QueryParseResult result = ParseQuery(query);
    ASSERT_TRUE(result.error) << query;
    EXPECT_GE(result.error->offset, 0) << query;
    EXPECT_LE(result.error->offset, static_cast<int>(std::string_view(query).size())) << query;
  }
}

TEST(QueryParser, PrintedQueriesParseBackToTheSameTree) {
  AliasTable aliases = TestAliases();
  for (const char* query :
       {"a OR b c", "-x (y OR \"p q\"*) title:z", "NOT (a OR b) AND c*",
        "(\"north korean*\" OR defector*) NEAR/15 (laos OR vientiane) AND NOT title:football",
        "@laos NEAR/3 탈북*", "link:/a\\/b/ feed:korea", "((a NEAR/1 b) NEAR/2 c)",
        "Réfugié ＵＮＨＣＲ ລາວ 脱北者"}) {
    QueryParseResult first = ParseQuery(query, &aliases);
    ASSERT_FALSE(first.error) << query;
    std::string printed = PrintQuery(*first.query);
    QueryParseResult second = ParseQuery(printed);
    ASSERT_FALSE(second.error) << printed;
    EXPECT_TRUE(SameQuery(*first.query, *second.query)) << query << " -> " << printed;
  }
}

}  // namespace
}  // namespace newsalert::match
