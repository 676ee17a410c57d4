// The filter query parser: text -> QueryNode tree, or a QueryError naming
// the byte offset of the problem and what was expected there.
//
// Grammar (tightest first: field scope and NOT/-, then implicit AND / AND,
// then OR):
//   query   := or
//   or      := and ("OR" and)*
//   and     := unary (["AND"] unary)*
//   unary   := ("NOT" | "-") unary | FIELD ":" unary | primary
//   primary := WORD | WORD"*" | '"' phrase '"' ['*'] | "(" or ")"
// Operators are operators only in upper case; "and", "or", "not" are words.
#pragma once

#include <optional>
#include <string_view>

#include "match/query.h"
#include "match/query_lexer.h"

namespace newsalert::match {

// Parentheses and NOTs nested deeper than this are an error, never a stack
// overflow.
inline constexpr int kMaxQueryDepth = 64;

struct QueryParseResult {
  QueryPtr query;                    // Set on success.
  std::optional<QueryError> error;   // Set on failure.
  // For "expected ')' to close '(' opened at ...": offset of that '(', or -1.
  int related_offset = -1;
};

QueryParseResult ParseQuery(std::string_view query);

}  // namespace newsalert::match
