#include "match/alias_table.h"

#include <set>

#include "base/strings.h"
#include "text/words.h"

namespace newsalert::match {
namespace {

bool IsOperatorWord(std::string_view word) {
  return word == "AND" || word == "OR" || word == "NOT" || word == "NEAR" ||
         word.substr(0, 5) == "NEAR/";
}

class Resolver {
 public:
  explicit Resolver(const std::vector<config::AliasConfig>& aliases) : aliases_(aliases) {
    for (std::size_t i = 0; i < aliases.size(); ++i) index_.emplace(aliases[i].name, i);
    state_.assign(aliases.size(), State::kNew);
    resolved_.resize(aliases.size());
  }

  Result<AliasTable> Run() {
    for (std::size_t i = 0; i < aliases_.size(); ++i) Resolve(i);
    if (!errors_.empty()) return Status::InvalidArgument(Join(errors_, "\n"));
    AliasTable table;
    for (std::size_t i = 0; i < aliases_.size(); ++i) {
      table.Add(aliases_[i].name, std::move(resolved_[i]));
    }
    return table;
  }

 private:
  enum class State { kNew, kResolving, kDone };

  void Error(const config::AliasConfig& alias, std::size_t value, const std::string& message) {
    const config::SourcePosition& where =
        value < alias.value_positions.size() ? alias.value_positions[value] : alias.position;
    errors_.push_back(where.ToString() + ": alias \"" + alias.name + "\": " + message);
  }

  // Resolves alias `i` into resolved_[i], following @references.
  void Resolve(std::size_t i) {
    if (state_[i] != State::kNew) return;
    state_[i] = State::kResolving;
    const config::AliasConfig& alias = aliases_[i];
    if (alias.values.empty()) {
      errors_.push_back(alias.position.ToString() + ": alias \"" + alias.name +
                        "\": give at least one word or phrase");
    }
    std::set<std::pair<std::vector<std::string>, bool>> seen;
    auto add = [&](const AliasTerm& term) {
      if (seen.emplace(term.words, term.prefix).second) resolved_[i].push_back(term);
    };
    for (std::size_t v = 0; v < alias.values.size(); ++v) {
      std::string_view value = Trim(alias.values[v]);
      if (!value.empty() && value[0] == '@') {
        std::string_view name = value.substr(1);
        auto found = index_.find(name);
        if (found == index_.end()) {
          Error(alias, v, "unknown alias '@" + std::string(name) + "'");
          continue;
        }
        if (state_[found->second] == State::kResolving) {
          Error(alias, v, "'@" + std::string(name) + "' leads back to \"" + alias.name +
                              "\": aliases cannot include themselves");
          continue;
        }
        Resolve(found->second);
        for (const AliasTerm& term : resolved_[found->second]) add(term);
        continue;
      }
      AliasTerm term;
      std::string message = ParseAliasValue(value, term);
      if (!message.empty()) {
        Error(alias, v, message);
        continue;
      }
      add(term);
    }
    state_[i] = State::kDone;
  }

  const std::vector<config::AliasConfig>& aliases_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::vector<State> state_;
  std::vector<std::vector<AliasTerm>> resolved_;
  std::vector<std::string> errors_;
};

}  // namespace

std::string ParseAliasValue(std::string_view value, AliasTerm& term) {
  value = Trim(value);
  std::string_view inner = value;
  bool prefix = false;
  if (!inner.empty() && inner.back() == '*') {
    prefix = true;
    inner.remove_suffix(1);
  }
  bool quoted = inner.size() >= 2 && inner.front() == '"' && inner.back() == '"';
  if (quoted) inner = inner.substr(1, inner.size() - 2);
  if (quoted && !inner.empty() && inner.back() == '*') {  // "north korean*"
    prefix = true;
    inner.remove_suffix(1);
  }
  if (inner.find('*') != std::string_view::npos) {
    return "\"" + std::string(value) + "\": a wildcard '*' may only end the value";
  }
  if (inner.find('"') != std::string_view::npos) {
    return "\"" + std::string(value) + "\": a value is one word or phrase; quotes go around "
                                       "all of it or nowhere";
  }
  for (std::string_view word : Split(inner, ' ')) {
    if (IsOperatorWord(word)) {
      return "\"" + std::string(value) + "\" looks like a query: a value is one word or phrase, "
                                         "so give each alternative as its own value";
    }
  }
  term.words = text::FoldedWords(inner);
  if (term.words.empty()) {
    return "\"" + std::string(value) + "\" has no letters or digits to match";
  }
  term.prefix = prefix;
  std::string written(inner);
  if (quoted || inner.find_first_of(" \t") != std::string_view::npos) {
    written = "\"" + written + "\"";
  }
  if (prefix) written += '*';
  term.written = std::move(written);
  return "";
}

Result<AliasTable> AliasTable::Build(const std::vector<config::AliasConfig>& aliases) {
  return Resolver(aliases).Run();
}

void AliasTable::Add(std::string name, std::vector<AliasTerm> terms) {
  aliases_[std::move(name)] = std::move(terms);
}

const std::vector<AliasTerm>* AliasTable::Find(std::string_view name) const {
  auto found = aliases_.find(name);
  return found == aliases_.end() ? nullptr : &found->second;
}

}  // namespace newsalert::match
