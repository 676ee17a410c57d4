// The filter query language's syntax tree. docs/filters.md describes the
// language; query_parser.h builds this tree, matcher.h evaluates it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace re2 {
class RE2;
}

namespace newsalert::match {

// Which text of an item a term looks at.
enum class Field {
  kAny,       // title + summary + content (no field given)
  kTitle,
  kSummary,
  kContent,
  kAuthor,    // each author name on its own
  kCategory,  // each category on its own
  kFeed,      // the feed's configured name and each of its tags
  kLink,
};
inline constexpr int kFieldCount = 8;

// "title", "summary", ...; "" for kAny.
const char* FieldName(Field field);

// One word of a term, folded like text (text/words.h).
struct TermWord {
  std::string text;
  std::uint64_t hash = 0;  // text::WordHash(text).
  bool prefix = false;     // Matches any word starting with `text`: a trailing
                           // '*', or a Korean word (particles attach to it).
};

struct QueryNode;
using QueryPtr = std::unique_ptr<QueryNode>;

struct QueryNode {
  enum class Kind {
    kTerm,   // words: one = a word, several = a phrase (consecutive words)
    kAnd,
    kOr,
    kNot,    // one child
    kNear,   // two children within `distance` words of each other
    kRegex,  // RE2 search over the folded text of the field
  };

  Kind kind = Kind::kTerm;
  Field field = Field::kAny;  // kTerm and kRegex.

  // kTerm.
  std::vector<TermWord> words;
  bool prefix = false;        // Written with a trailing '*'.
  bool quoted = false;        // Written as "a phrase".

  // kTerm and kRegex: the term as written (without field), for explanations.
  std::string source_text;

  // kNear.
  int distance = 0;

  // kRegex: the pattern as written between the slashes, and compiled
  // (case-insensitive, over folded text).
  std::string pattern;
  std::shared_ptr<const re2::RE2> regex;

  std::vector<QueryPtr> children;

  // Byte offsets of the node in the query text.
  int begin = 0;
  int end = 0;
};

// Hard limits of the language.
inline constexpr int kMaxQueryDepth = 64;       // Nested groups, NOTs and fields.
inline constexpr int kMaxNearDistance = 1000;   // NEAR/n, in words.

}  // namespace newsalert::match
