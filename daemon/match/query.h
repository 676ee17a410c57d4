// The filter query language's syntax tree. See README "Filter language" for
// the grammar; query_parser.h builds this tree, matcher.h evaluates it.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace newsalert::match {

// Which text of an item a term looks at.
enum class Field {
  kAny,       // title + summary + content (no field given)
  kTitle,
  kSummary,
  kContent,
  kAuthor,
  kCategory,
  kFeed,      // the feed's configured name and tags
  kLink,
};
inline constexpr int kFieldCount = 8;

// "title", "summary", ...; "" for kAny.
const char* FieldName(Field field);

struct QueryNode {
  enum class Kind {
    kTerm,    // words (one = a word, several = a phrase), last one maybe a prefix
    kAnd,
    kOr,
    kNot,     // one child
  };

  Kind kind = Kind::kTerm;
  Field field = Field::kAny;

  // kTerm: folded words, consecutive; `prefix` = the last word ends in '*'.
  std::vector<std::string> words;
  bool prefix = false;
  bool quoted = false;      // Written as "a phrase".
  std::string source_text;  // The term as written (without field), for explanations.

  std::vector<std::unique_ptr<QueryNode>> children;

  // Byte offsets of the node in the query text.
  int begin = 0;
  int end = 0;
};

using QueryPtr = std::unique_ptr<QueryNode>;

}  // namespace newsalert::match
