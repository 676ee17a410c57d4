#include "match/query_parser.h"

#include <gtest/gtest.h>

#include "match/query_printer.h"

namespace newsalert::match {
namespace {

std::string Parsed(std::string_view query) {
  QueryParseResult result = ParseQuery(query);
  if (result.error) return "error@" + std::to_string(result.error->offset) + ": " + result.error->message;
  return PrintQuery(*result.query);
}

TEST(QueryParser, PrecedenceIsNotThenAndThenOr) {
  EXPECT_EQ(Parsed("a OR b c"), "(a OR (b AND c))");
  EXPECT_EQ(Parsed("a b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(Parsed("a AND b OR c AND d"), "((a AND b) OR (c AND d))");
  EXPECT_EQ(Parsed("NOT a b"), "(NOT a AND b)");
  EXPECT_EQ(Parsed("-a b"), "(NOT a AND b)");
  EXPECT_EQ(Parsed("(a OR b) c"), "((a OR b) AND c)");
}

TEST(QueryParser, OperatorsAreUpperCaseOnly) {
  EXPECT_EQ(Parsed("war and peace"), "(war AND and AND peace)");
  EXPECT_EQ(Parsed("not or"), "(not AND or)");
}

TEST(QueryParser, TermsArePhrasesPrefixesAndFoldedWords) {
  EXPECT_EQ(Parsed("\"North Korean\"*"), "\"north korean\"*");
  EXPECT_EQ(Parsed("Repatriat*"), "repatriat*");
  EXPECT_EQ(Parsed("North-Korean"), "\"north korean\"");
  EXPECT_EQ(Parsed("Réfugié"), "refugie");
  EXPECT_EQ(Parsed("title:(laos OR vientiane)"), "(title:laos OR title:vientiane)");
  EXPECT_EQ(Parsed("脱北"), "\"脱 北\"");
}

TEST(QueryParser, ErrorsNameTheOffsetAndWhatWasExpected) {
  EXPECT_EQ(Parsed("(laos OR vientiane"), "error@18: expected ')' to close '('");
  EXPECT_EQ(Parsed("laos)"), "error@4: unexpected ')' without a matching '('");
  EXPECT_EQ(Parsed("\"north korean"), "error@0: unterminated phrase: missing closing '\"'");
  EXPECT_EQ(Parsed("laos OR"), "error@7: expected a term after 'OR', got the end of the query");
  EXPECT_EQ(Parsed("AND laos"), "error@0: expected a term before 'AND'");
  EXPECT_EQ(Parsed("()"), "error@0: empty parentheses: put a term inside or remove them");
  EXPECT_EQ(Parsed(""), "error@0: empty query");
  EXPECT_EQ(Parsed("re*pat"), "error@2: a wildcard '*' may only end a word");
  EXPECT_EQ(Parsed("*"), "error@0: a lone '*' would match everything");
  EXPECT_EQ(Parsed("laos —"), "error@5: '—' has no letters or digits to match");
}

TEST(QueryParser, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '(');
  deep += "a";
  QueryParseResult result = ParseQuery(deep);
  ASSERT_TRUE(result.error);
  EXPECT_NE(result.error->message.find("nested too deep"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "NOT ";
  EXPECT_TRUE(ParseQuery(nots + "a").error);
}

TEST(QueryParser, PrintedQueriesParseBackToTheSameTree) {
  for (const char* query : {"a OR b c", "-x (y OR \"p q\"*) title:z", "NOT (a OR b) AND c*"}) {
    QueryParseResult first = ParseQuery(query);
    ASSERT_FALSE(first.error) << query;
    QueryParseResult second = ParseQuery(PrintQuery(*first.query));
    ASSERT_FALSE(second.error) << PrintQuery(*first.query);
    EXPECT_TRUE(SameQuery(*first.query, *second.query)) << query;
  }
}

}  // namespace
}  // namespace newsalert::match
