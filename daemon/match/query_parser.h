// The filter query parser: text -> QueryNode tree, or a QueryError naming
// the byte offset of the problem and what was expected there.
//
// Grammar, loosest first (so tightest binding last):
//   query   := or
//   or      := and ("OR" and)*
//   and     := near (["AND"] near)*                 adjacent terms mean AND
//   near    := unary ("NEAR/" N unary)*             left to right
//   unary   := ("NOT" | "-") unary | FIELD ":" unary | primary
//   primary := WORD | WORD"*" | '"' phrase '"' ['*'] | "/" regex "/"
//            | "@" alias | "(" or ")"
// Operators are operators only in upper case; "and", "or", "not", "near"
// are words. NEAR takes words, phrases, aliases, OR-groups of them and other
// NEARs on each side (AND, NOT and regexes have no single position).
// Regexes are compiled here (RE2), so an invalid one is a parse error.
#pragma once

#include <optional>
#include <string_view>

#include "match/alias_table.h"
#include "match/query.h"
#include "match/query_lexer.h"

namespace newsalert::match {

struct QueryParseResult {
  QueryPtr query;                    // Set on success.
  std::optional<QueryError> error;   // Set on failure.
  // For "expected ')' to close '(' opened at ...": offset of that '(', or -1.
  int related_offset = -1;
};

// `aliases` may be null: then every @name is unknown.
QueryParseResult ParseQuery(std::string_view query, const AliasTable* aliases = nullptr);

// Term words from folded words: hashes, and which words match as prefixes
// (the last one when `prefix`, and Korean words).
std::vector<TermWord> MakeTermWords(const std::vector<std::string>& folded, bool prefix);

}  // namespace newsalert::match
