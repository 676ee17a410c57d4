// FilterSet: the compiled filters of one config snapshot. Immutable once
// built; shared by the matcher and the store.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/config.h"
#include "match/query.h"
#include "match/query_parser.h"

namespace newsalert::match {

struct CompiledFilter {
  std::string name;
  std::string query_text;                 // As the user wrote it.
  QueryPtr query;
  std::vector<std::string> notify;        // Channel names.
  std::set<std::string> feed_selectors;   // Feed names or tags; empty = all.

  bool AppliesTo(const std::string& feed_name, const std::vector<std::string>& tags) const;
};

class FilterSet {
 public:
  // Parses every filter's query. Errors read
  //   FILE:LINE:COLUMN: filter "NAME": MESSAGE
  //     <the line of the file>
  //     <caret under the column>
  // one per failing filter, in a single Status.
  static Result<std::shared_ptr<const FilterSet>> Compile(const config::Config& config);

  // Compiles one ad-hoc query (test-filter). Errors name the column in it.
  static Result<std::shared_ptr<const FilterSet>> FromQuery(std::string_view query);

  const std::vector<CompiledFilter>& filters() const { return filters_; }

 private:
  std::vector<CompiledFilter> filters_;
};

// "file:line:col: message" plus the source line and a caret, for a query
// error at byte `offset` of a query whose code points sit at `positions`.
std::string FormatQueryError(const QueryParseResult& result, std::string_view query,
                             const std::vector<config::SourcePosition>& positions,
                             std::string_view prefix);

}  // namespace newsalert::match
