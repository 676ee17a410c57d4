// Tokens of the filter query language, with their byte offsets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsalert::match {

struct QueryToken {
  enum class Kind {
    kWord,       // text as written; may end in '*'
    kPhrase,     // text between the quotes; `prefix` when followed by '*'
    kRegex,      // text between the slashes, escapes kept
    kAlias,      // the name after '@'
    kField,      // "title" in `title:` (text without the colon)
    kAnd,
    kOr,
    kNot,
    kNear,       // NEAR/n; `distance` = n
    kMinus,      // '-' directly before a term
    kLeftParen,
    kRightParen,
    kEnd,
  };
  Kind kind;
  std::string text;
  bool prefix = false;
  int distance = 0;
  int begin = 0;  // Byte offsets into the query.
  int end = 0;
};

// A syntax error: where (byte offset, at most the query's length) and what.
struct QueryError {
  int offset = 0;
  std::string message;
};

// Splits `query` into tokens. Unterminated quotes and regexes, NEAR without
// a valid distance, bad alias names and unknown field names are errors.
bool LexQuery(std::string_view query, std::vector<QueryToken>& tokens, QueryError& error);

}  // namespace newsalert::match
