// Tokens of the filter query language, with their byte offsets.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace newsalert::match {

struct QueryToken {
  enum class Kind {
    kWord,       // text as written; may end in '*'
    kPhrase,     // text between the quotes; `prefix` when followed by '*'
    kField,      // "title" in `title:` (text without the colon)
    kAnd,
    kOr,
    kNot,
    kMinus,      // '-' directly before a term
    kLeftParen,
    kRightParen,
    kEnd,
  };
  Kind kind;
  std::string text;
  bool prefix = false;
  int begin = 0;  // Byte offsets into the query.
  int end = 0;
};

// A syntax error: where (byte offset) and what.
struct QueryError {
  int offset = 0;
  std::string message;
};

// Splits `query` into tokens; an unterminated quote is an error.
bool LexQuery(std::string_view query, std::vector<QueryToken>& tokens, QueryError& error);

}  // namespace newsalert::match
