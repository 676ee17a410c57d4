// FilterSet: the compiled filters of one config snapshot. Immutable once
// built; shared by the matcher and the store.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "config/config.h"
#include "match/alias_table.h"
#include "match/filter_index.h"
#include "match/flat_query.h"
#include "match/match_document.h"
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
  // Resolves the config's aliases and parses every filter's query. Errors
  // read
  //   FILE:LINE:COLUMN: filter "NAME": MESSAGE
  //     <the line of the file>
  //     <caret under the column>
  // one per failing filter (alias errors on one line each), in a single
  // Status.
  static Result<std::shared_ptr<const FilterSet>> Compile(const config::Config& config);

  // Compiles one ad-hoc query (test-filter), named "query", with the
  // aliases of `config` when given. Errors name the column in the query.
  static Result<std::shared_ptr<const FilterSet>> FromQuery(
      std::string_view query, const config::Config* config = nullptr);

  const std::vector<CompiledFilter>& filters() const { return filters_; }
  const FilterIndex& index() const { return index_; }
  const AliasTable& aliases() const { return aliases_; }
  // Every query laid out for evaluation; root(i) is filter i's.
  const FlatQueries& flat() const { return flat_; }
  std::uint32_t root(std::size_t filter) const { return roots_[filter]; }
  // The fields some filter looks at (MatchDocument::Assign can skip the
  // others).
  FieldMask fields() const { return fields_; }
  // Whether filter i names feeds (`feeds = [...]`).
  bool restricted(std::size_t filter) const { return restricted_[filter]; }

 private:
  void BuildIndex();

  std::vector<CompiledFilter> filters_;
  AliasTable aliases_;
  FilterIndex index_;
  FlatQueries flat_;
  std::vector<std::uint32_t> roots_;
  std::vector<bool> restricted_;
  FieldMask fields_ = 0;
};

// "file:line:col: message" plus the source line and a caret, for a query
// error at byte `offset` of a query whose code points sit at `positions`.
std::string FormatQueryError(const QueryParseResult& result, std::string_view query,
                             const std::vector<config::SourcePosition>& positions,
                             std::string_view prefix);

}  // namespace newsalert::match
