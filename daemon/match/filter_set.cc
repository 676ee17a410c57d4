#include "match/filter_set.h"

#include <fstream>

#include "base/strings.h"

namespace newsalert::match {
namespace {

// Index of the code point that contains byte `offset` of `text`.
std::size_t CodePointIndex(std::string_view text, int offset) {
  std::size_t index = 0;
  for (std::size_t i = 0; i < text.size() && static_cast<int>(i) < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++index;
  }
  // `index` counted lead bytes before offset; the code point at offset is
  // the next one unless offset points inside a sequence.
  return index;
}

std::string ReadLine(const std::string& file, int line_number) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  for (int i = 0; i < line_number && std::getline(in, line); ++i) {
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Spaces (tabs kept as tabs) up to code point `column` of `line`.
std::string CaretLine(std::string_view line, int column) {
  std::string out;
  int current = 1;
  for (std::size_t i = 0; i < line.size() && current < column; ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    out += line[i] == '\t' ? '\t' : ' ';
    ++current;
  }
  for (; current < column; ++current) out += ' ';
  return out + "^";
}

}  // namespace

bool CompiledFilter::AppliesTo(const std::string& feed_name,
                               const std::vector<std::string>& tags) const {
  if (feed_selectors.empty() || feed_selectors.count(feed_name) > 0) return true;
  for (const std::string& tag : tags) {
    if (feed_selectors.count(tag) > 0) return true;
  }
  return false;
}

std::string FormatQueryError(const QueryParseResult& result, std::string_view query,
                             const std::vector<config::SourcePosition>& positions,
                             std::string_view prefix) {
  const QueryError& error = *result.error;
  std::size_t index = CodePointIndex(query, error.offset);
  config::SourcePosition where;
  std::string line;
  if (!positions.empty()) {
    where = positions[std::min(index, positions.size() - 1)];
    line = ReadLine(where.file, where.line);
  } else {
    where = config::SourcePosition{"query", 1, static_cast<int>(index) + 1};
    line = std::string(query);
  }
  std::string message = error.message;
  if (result.related_offset >= 0) {
    std::size_t related = CodePointIndex(query, result.related_offset);
    if (!positions.empty()) {
      const config::SourcePosition& open = positions[std::min(related, positions.size() - 1)];
      message += open.line == where.line
                     ? " opened at column " + std::to_string(open.column)
                     : " opened at line " + std::to_string(open.line) + ", column " +
                           std::to_string(open.column);
    } else {
      message += " opened at column " + std::to_string(related + 1);
    }
  }
  return where.ToString() + ": " + std::string(prefix) + message + "\n    " + line + "\n    " +
         CaretLine(line, where.column);
}

Result<std::shared_ptr<const FilterSet>> FilterSet::Compile(const config::Config& config) {
  auto set = std::make_shared<FilterSet>();
  Result<AliasTable> aliases = AliasTable::Build(config.aliases);
  if (!aliases.ok()) return aliases.status();
  set->aliases_ = std::move(*aliases);
  std::vector<std::string> errors;
  for (const config::FilterConfig& filter : config.filters) {
    QueryParseResult parsed = ParseQuery(filter.query, &set->aliases_);
    if (parsed.error) {
      errors.push_back(FormatQueryError(parsed, filter.query, filter.query_positions,
                                        "filter \"" + filter.name + "\": "));
      continue;
    }
    CompiledFilter compiled;
    compiled.name = filter.name;
    compiled.query_text = filter.query;
    compiled.query = std::move(parsed.query);
    compiled.notify = filter.notify;
    compiled.feed_selectors.insert(filter.feeds.begin(), filter.feeds.end());
    set->filters_.push_back(std::move(compiled));
  }
  if (!errors.empty()) return Status::InvalidArgument(Join(errors, "\n"));
  set->BuildIndex();
  return std::shared_ptr<const FilterSet>(std::move(set));
}

Result<std::shared_ptr<const FilterSet>> FilterSet::FromQuery(std::string_view query,
                                                              const config::Config* config) {
  auto set = std::make_shared<FilterSet>();
  if (config != nullptr) {
    Result<AliasTable> aliases = AliasTable::Build(config->aliases);
    if (!aliases.ok()) return aliases.status();
    set->aliases_ = std::move(*aliases);
  }
  QueryParseResult parsed = ParseQuery(query, &set->aliases_);
  if (parsed.error) {
    return Status::InvalidArgument(FormatQueryError(parsed, query, {}, ""));
  }
  CompiledFilter compiled;
  compiled.name = "query";
  compiled.query_text = std::string(query);
  compiled.query = std::move(parsed.query);
  set->filters_.push_back(std::move(compiled));
  set->BuildIndex();
  return std::shared_ptr<const FilterSet>(std::move(set));
}

namespace {

FieldMask FieldsOf(const QueryNode& node) {
  FieldMask mask = 0;
  if (node.kind == QueryNode::Kind::kTerm || node.kind == QueryNode::Kind::kRegex) {
    mask |= node.field == Field::kAny ? FieldBit(Field::kTitle) | FieldBit(Field::kSummary) |
                                            FieldBit(Field::kContent)
                                      : FieldBit(node.field);
  }
  for (const auto& child : node.children) mask |= FieldsOf(*child);
  return mask;
}

}  // namespace

void FilterSet::BuildIndex() {
  std::vector<const QueryNode*> queries;
  queries.reserve(filters_.size());
  for (const CompiledFilter& filter : filters_) {
    queries.push_back(filter.query.get());
    roots_.push_back(flat_.Add(*filter.query));
    restricted_.push_back(!filter.feed_selectors.empty());
    fields_ |= FieldsOf(*filter.query);
  }
  index_.Build(queries);
}

}  // namespace newsalert::match
