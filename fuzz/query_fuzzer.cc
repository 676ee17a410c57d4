// libFuzzer target for the filter query language (RELIABILITY T37).
//
// For any input: no crash (ASan/UBSan watch memory and undefined behaviour);
// a rejected query has an error offset within the input and a printable
// error; an accepted query printed and parsed again gives the same tree;
// and matching it through the filter index finds exactly what evaluating
// it directly finds, on a fixed item.
//
// Built with clang (-DNEWSALERT_BUILD_FUZZERS=ON, see scripts/fuzz.sh); the
// test suite replays fuzz/corpus/query through fuzz/replay_main.cc.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "config/config.h"
#include "match/filter_set.h"
#include "match/matcher.h"
#include "match/query_parser.h"
#include "match/query_printer.h"
#include "match/snippet.h"

namespace {

using namespace newsalert;

[[noreturn]] void Fail(const char* what, std::string_view query, const std::string& detail) {
  std::fprintf(stderr, "query fuzzer: %s\n  query: %.*s\n  %s\n", what,
               static_cast<int>(query.size()), query.data(), detail.c_str());
  std::abort();
}

const config::Config& FuzzConfig() {
  static const config::Config config = [] {
    config::Config c;
    c.aliases.push_back({"laos", {"laos", "lao pdr", "vientiane", "ລາວ"}, {}, {}});
    c.aliases.push_back({"nk", {"\"north korean*\"", "defector*", "탈북자", "@laos"}, {}, {}});
    return c;
  }();
  return config;
}

const model::Item& FuzzItem() {
  static const model::Item item = [] {
    model::Item i;
    i.feed_name = "Korea Desk";
    i.feed_tags = {"korea", "east-asia"};
    i.link = "https://desk.example/2024/laos-returns-defectors?id=9";
    i.title = "Laos Returns North-Korean Refugees 탈북자들이 라오스에서";
    i.summary = "Nine defectors, most of them orphans, were detained in Vientiane (Lao PDR) "
                "and handed back via China. Réfugiés ＵＮＨＣＲ 脱北者 ລາວ it's Laos’s border.";
    i.content = i.summary + " The UN refugee agency said it was \"deeply concerned\".";
    i.authors = {"Jane Doe", "Kim Min-jun"};
    i.categories = {"North Korea", "Refugees"};
    return i;
  }();
  return item;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view query(reinterpret_cast<const char*>(data), size);
  const config::Config& config = FuzzConfig();
  static const match::AliasTable aliases = *match::AliasTable::Build(config.aliases);

  match::QueryParseResult parsed = match::ParseQuery(query, &aliases);
  if (parsed.error) {
    if (parsed.error->offset < 0 || static_cast<std::size_t>(parsed.error->offset) > size) {
      Fail("error offset outside the input", query,
           std::to_string(parsed.error->offset) + ": " + parsed.error->message);
    }
    if (parsed.error->message.empty()) Fail("empty error message", query, "");
    std::string formatted = match::FormatQueryError(parsed, query, {}, "");
    if (formatted.find('^') == std::string::npos) Fail("no caret", query, formatted);
    return 0;
  }

  std::string printed = match::PrintQuery(*parsed.query);
  match::QueryParseResult again = match::ParseQuery(printed, &aliases);
  if (again.error) {
    Fail("printed query does not parse", query, printed + " -> " + again.error->message);
  }
  if (!match::SameQuery(*parsed.query, *again.query)) {
    Fail("printed query parses to another tree", query,
         printed + " -> " + match::PrintQuery(*again.query));
  }

  Result<std::shared_ptr<const match::FilterSet>> filters =
      match::FilterSet::FromQuery(query, &config);
  if (!filters.ok()) Fail("FromQuery rejects a parsed query", query, filters.status().message());
  match::Matcher matcher(*filters);
  match::MatchDocument document;
  document.Assign(FuzzItem(), (*filters)->fields());
  std::vector<match::Hit> hits = matcher.Match(document);
  std::optional<match::Hit> direct = matcher.MatchOne(document, 0);
  if (hits.empty() != !direct.has_value()) {
    Fail("the filter index disagrees with direct evaluation", query,
         hits.empty() ? "index: no match" : "index: match");
  }
  if (!hits.empty()) {
    std::string snippet = match::BuildSnippet(document, hits[0]);
    if (snippet.size() > 4096) Fail("snippet too long", query, snippet);
  }
  return 0;
}
