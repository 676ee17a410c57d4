// Prints a query tree back as query text, fully parenthesised, from the
// folded words (aliases appear expanded): parsing the output gives the same
// tree (the query fuzzer checks this).
#pragma once

#include <string>

#include "match/query.h"

namespace newsalert::match {

std::string PrintQuery(const QueryNode& node);

// Structural equality of two trees (kinds, fields, words, prefix flags,
// distances, regex patterns); ignores offsets and the source spelling.
bool SameQuery(const QueryNode& a, const QueryNode& b);

}  // namespace newsalert::match
