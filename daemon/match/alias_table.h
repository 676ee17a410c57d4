// Named alias sets: `[aliases] laos = ["laos", "lao pdr", "vientiane", "ລາວ"]`
// in a filter file, used as `@laos` in any query of the config.
//
// Rules (docs/filters.md, "Aliases"):
//  - Aliases are global to a config: every filter file's [aliases] join one
//    table, so a list defined once serves every filter. A name defined
//    twice is an error (the config loader reports it).
//  - Each value is one word or phrase, with an optional trailing '*'
//    ("repatriat*", "lao pdr", "\"north korean*\"" with or without quotes),
//    or `@other` to include another alias. Cycles are errors.
//  - `@name` in a query means (value1 OR value2 OR ...); a field scope
//    applies to every value: `title:@laos`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "config/config.h"

namespace newsalert::match {

// One value of an alias, every @reference resolved.
struct AliasTerm {
  std::string written;             // As a query would write it: laos, "lao pdr", repatriat*.
  std::vector<std::string> words;  // Folded.
  bool prefix = false;             // The last word ends in '*'.
};

class AliasTable {
 public:
  // Resolves every alias of `config`. Errors read
  // "FILE:LINE:COLUMN: alias "NAME": MESSAGE", one per line.
  static Result<AliasTable> Build(const std::vector<config::AliasConfig>& aliases);

  // Adds one alias whose values are already terms (tests, fuzzing).
  void Add(std::string name, std::vector<AliasTerm> terms);

  // The values of alias `name` (without '@'), or nullptr.
  const std::vector<AliasTerm>* Find(std::string_view name) const;

  std::size_t size() const { return aliases_.size(); }

 private:
  std::map<std::string, std::vector<AliasTerm>, std::less<>> aliases_;
};

// Parses one alias value that is not an @reference: words with an optional
// trailing '*'. Returns an error message, or "" with `term` filled.
std::string ParseAliasValue(std::string_view value, AliasTerm& term);

}  // namespace newsalert::match
