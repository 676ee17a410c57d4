#include "match/query_lexer.h"

namespace newsalert::match {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Characters that end a bare word.
bool EndsWord(char c) { return IsSpace(c) || c == '(' || c == ')' || c == '"'; }

bool IsFieldName(std::string_view name) {
  return name == "title" || name == "summary" || name == "content" || name == "author" ||
         name == "category" || name == "feed" || name == "link";
}

}  // namespace

bool LexQuery(std::string_view query, std::vector<QueryToken>& tokens, QueryError& error) {
  tokens.clear();
  std::size_t pos = 0;
  auto add = [&](QueryToken::Kind kind, std::size_t begin, std::size_t end, std::string text) {
    QueryToken token{kind, std::move(text), false, static_cast<int>(begin),
                     static_cast<int>(end)};
    tokens.push_back(std::move(token));
  };
  while (pos < query.size()) {
    char c = query[pos];
    if (IsSpace(c)) {
      ++pos;
      continue;
    }
    if (c == '(') {
      add(QueryToken::Kind::kLeftParen, pos, pos + 1, "(");
      ++pos;
      continue;
    }
    if (c == ')') {
      add(QueryToken::Kind::kRightParen, pos, pos + 1, ")");
      ++pos;
      continue;
    }
    if (c == '"') {
      std::size_t close = query.find('"', pos + 1);
      if (close == std::string_view::npos) {
        error = {static_cast<int>(pos), "unterminated phrase: missing closing '\"'"};
        return false;
      }
      std::size_t end = close + 1;
      bool prefix = end < query.size() && query[end] == '*';
      if (prefix) ++end;
      add(QueryToken::Kind::kPhrase, pos, end, std::string(query.substr(pos + 1, close - pos - 1)));
      tokens.back().prefix = prefix;
      pos = end;
      continue;
    }
    if (c == '-' && pos + 1 < query.size() && !IsSpace(query[pos + 1]) &&
        query[pos + 1] != ')' && (tokens.empty() || pos == 0 || EndsWord(query[pos - 1]))) {
      add(QueryToken::Kind::kMinus, pos, pos + 1, "-");
      ++pos;
      continue;
    }
    // A bare word, an operator, or a field name followed by ':'.
    std::size_t start = pos;
    while (pos < query.size() && !EndsWord(query[pos])) {
      if (query[pos] == ':' && IsFieldName(query.substr(start, pos - start))) break;
      ++pos;
    }
    std::string_view word = query.substr(start, pos - start);
    if (pos < query.size() && query[pos] == ':' && IsFieldName(word)) {
      add(QueryToken::Kind::kField, start, pos + 1, std::string(word));
      ++pos;
      continue;
    }
    if (word == "AND") {
      add(QueryToken::Kind::kAnd, start, pos, "AND");
    } else if (word == "OR") {
      add(QueryToken::Kind::kOr, start, pos, "OR");
    } else if (word == "NOT") {
      add(QueryToken::Kind::kNot, start, pos, "NOT");
    } else {
      add(QueryToken::Kind::kWord, start, pos, std::string(word));
    }
  }
  add(QueryToken::Kind::kEnd, query.size(), query.size(), "");
  return true;
}

}  // namespace newsalert::match
