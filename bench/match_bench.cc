// match_bench: filter matching over the standard corpus of
// ../shared/bench/genfeeds.py (see bench/RESULTS.md, "Filter matching").
//
//   match_bench CORPUS_DIR [--rounds N] [--counts OUT_TSV] [--oracle-feeds N]
//
// Reads CORPUS_DIR/*.xml and CORPUS_DIR/filters-{10,100,1000,10000}.txt
// (genfeeds' "ID: QUERY" syntax, which is a subset of ours: AND/OR/NOT,
// parentheses, TERM, TERM*, "phrase"; the same precedence). Prints:
//  1. matching alone (tokenise an item once + evaluate the filter set) in
//     items/s for every K, measured round-robin in the same run, and the
//     per-item cost at the largest K over the smallest (median of per-round
//     ratios), and the time of MatchDocument::Assign alone;
//  2. the whole pipeline per feed file: parse -> items (HTML -> text) ->
//     match 1,000 filters -> dedupe decision (an in-memory set of item and
//     story keys, what the store decides), paired with pugixml's bare parse
//     of the same bytes, alternating which runs first; the median of the
//     per-pair ratios, and the share of each stage;
//  3. with --counts: per-rule match counts over the first --oracle-feeds
//     feeds (default 20) for K = 10, 100, 1000, to compare with
//     bench/match_baseline.py (an independent implementation).
#include <pugixml.hpp>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "feed/feed_parser.h"
#include "match/filter_set.h"
#include "match/match_document.h"
#include "match/matcher.h"
#include "text/item_builder.h"

namespace {

using namespace newsalert;
using SteadyClock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double Seconds(SteadyClock::time_point a, SteadyClock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// CPU time of this thread: the machine is shared, and time spent
// descheduled says nothing about the code.
double CpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

struct Rule {
  std::string id;
  std::string query;
};

// genfeeds' syntax is ours already; reject anything outside it so that a
// change in the generator cannot slip through as a different query.
std::vector<Rule> ReadRules(const fs::path& path) {
  std::vector<Rule> rules;
  std::istringstream in(ReadAll(path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t colon = line.find(": ");
    if (colon == std::string::npos) continue;
    Rule rule{line.substr(0, colon), line.substr(colon + 2)};
    for (char c : rule.query) {
      bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '(' ||
                     c == ')' || c == '"' || c == '*';
      if (!allowed) {
        std::fprintf(stderr, "rule %s: unexpected '%c' in %s\n", rule.id.c_str(), c,
                     rule.query.c_str());
        std::exit(2);
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::shared_ptr<const match::FilterSet> Compile(const std::vector<Rule>& rules) {
  config::Config config;
  for (const Rule& rule : rules) {
    config::FilterConfig filter;
    filter.name = rule.id;
    filter.query = rule.query;
    filter.notify = {"bench"};
    config.filters.push_back(std::move(filter));
  }
  Result<std::shared_ptr<const match::FilterSet>> set = match::FilterSet::Compile(config);
  if (!set.ok()) {
    std::fprintf(stderr, "%s\n", set.status().message().c_str());
    std::exit(2);
  }
  return *set;
}

struct Corpus {
  std::vector<std::string> names;
  std::vector<std::string> bytes;
  std::vector<std::vector<model::Item>> items;  // Per file.
  std::size_t item_count = 0;
};

text::FeedIdentity IdentityOf(const std::string& name) {
  return text::FeedIdentity{name, "file:///corpus/" + name, {}};
}

Corpus LoadCorpus(const fs::path& dir) {
  Corpus corpus;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    corpus.names.push_back(file.filename().string());
    corpus.bytes.push_back(ReadAll(file));
    Result<feed::FeedDocument> document = feed::ParseFeed(corpus.bytes.back(), {});
    if (!document.ok()) {
      std::fprintf(stderr, "%s: %s\n", file.c_str(), document.status().message().c_str());
      std::exit(1);
    }
    corpus.items.push_back(text::BuildItems(*document, IdentityOf(corpus.names.back())));
    corpus.item_count += corpus.items.back().size();
  }
  return corpus;
}

// Matching alone over the items of one file; returns CPU seconds, adds hits.
double MatchFile(const std::vector<model::Item>& items, match::Matcher& matcher,
                 match::MatchDocument& document, std::size_t& hits) {
  double start = CpuSeconds();
  for (const model::Item& item : items) {
    document.Assign(item, matcher.filters().fields());
    hits += matcher.Match(document).size();
  }
  return CpuSeconds() - start;
}

double PugixmlAll(const Corpus& corpus) {
  std::size_t nodes = 0;
  double start = CpuSeconds();
  for (const std::string& bytes : corpus.bytes) {
    pugi::xml_document document;
    document.load_buffer(bytes.data(), bytes.size());
    nodes += document.first_child() ? 1 : 0;
  }
  double seconds = CpuSeconds() - start;
  if (nodes != corpus.bytes.size()) std::fprintf(stderr, "pugixml failed on a file\n");
  return seconds;
}

struct PipelineTimes {
  double parse = 0, text = 0, match = 0, dedupe = 0;
  double total() const { return parse + text + match + dedupe; }
};

// The daemon's per-feed path, minus I/O and SQLite: parse, items, match,
// and the dedupe decision (is this item new or changed, is its story new).
PipelineTimes PipelineAll(const Corpus& corpus, match::Matcher& matcher, std::size_t& alerts) {
  PipelineTimes times;
  std::unordered_set<std::string> seen_items;
  std::unordered_set<std::string> seen_stories;
  match::MatchDocument document;
  for (std::size_t f = 0; f < corpus.bytes.size(); ++f) {
    double t0 = CpuSeconds();
    Result<feed::FeedDocument> parsed = feed::ParseFeed(corpus.bytes[f], {});
    double t1 = CpuSeconds();
    std::vector<model::Item> items = text::BuildItems(*parsed, IdentityOf(corpus.names[f]));
    double t2 = CpuSeconds();
    std::vector<std::size_t> hit_counts(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      document.Assign(items[i], matcher.filters().fields());
      hit_counts[i] = matcher.Match(document).size();
    }
    double t3 = CpuSeconds();
    for (std::size_t i = 0; i < items.size(); ++i) {
      bool new_item =
          seen_items.insert(corpus.names[f] + "\n" + items[i].item_key + "\n" + items[i].content_hash)
              .second;
      bool new_story = true;
      for (const std::string& key : items[i].story_keys) {
        new_story = seen_stories.insert(key).second && new_story;
      }
      if (new_item && new_story) alerts += hit_counts[i];
    }
    double t4 = CpuSeconds();
    times.parse += t1 - t0;
    times.text += t2 - t1;
    times.match += t3 - t2;
    times.dedupe += t4 - t3;
  }
  return times;
}

void WriteCounts(const Corpus& corpus, const std::map<int, std::vector<Rule>>& rule_sets,
                 std::size_t feeds, const std::string& path) {
  std::ofstream out(path);
  out << "k\trule\tcount\n";
  for (const auto& [k, rules] : rule_sets) {
    if (k > 1000) continue;
    auto set = Compile(rules);
    match::Matcher matcher(set);
    std::vector<int> counts(rules.size());
    match::MatchDocument document;
    for (std::size_t f = 0; f < std::min(feeds, corpus.items.size()); ++f) {
      for (const model::Item& item : corpus.items[f]) {
        document.Assign(item);
        for (const match::Hit& hit : matcher.Match(document)) ++counts[hit.filter_index];
      }
    }
    for (std::size_t r = 0; r < rules.size(); ++r) {
      out << k << '\t' << rules[r].id << '\t' << counts[r] << '\n';
    }
  }
  std::printf("per-rule counts over the first %zu feeds written to %s\n", feeds, path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: match_bench CORPUS_DIR [--rounds N] [--counts OUT_TSV] "
                         "[--oracle-feeds N]\n");
    return 2;
  }
  fs::path dir = argv[1];
  int rounds = 7;
  std::string counts_path;
  std::size_t oracle_feeds = 20;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--rounds") rounds = std::atoi(argv[i + 1]);
    if (flag == "--counts") counts_path = argv[i + 1];
    if (flag == "--oracle-feeds") oracle_feeds = static_cast<std::size_t>(std::atoi(argv[i + 1]));
  }

  Corpus corpus = LoadCorpus(dir);
  std::size_t total_bytes = 0;
  for (const std::string& bytes : corpus.bytes) total_bytes += bytes.size();
  std::printf("corpus: %zu files, %zu items, %.1f MB\n", corpus.bytes.size(), corpus.item_count,
              static_cast<double>(total_bytes) / 1e6);

  std::map<int, std::vector<Rule>> rule_sets;
  std::map<int, std::shared_ptr<const match::FilterSet>> sets;
  for (int k : {10, 100, 1000, 10000}) {
    fs::path path = dir / ("filters-" + std::to_string(k) + ".txt");
    if (!fs::exists(path)) continue;
    rule_sets[k] = ReadRules(path);
    auto start = SteadyClock::now();
    sets[k] = Compile(rule_sets[k]);
    std::printf("K=%-5d compiled in %.1f ms; %zu filters evaluated for every item\n", k,
                Seconds(start, SteadyClock::now()) * 1e3, sets[k]->index().always_evaluated());
  }
  if (sets.empty()) {
    std::fprintf(stderr, "no filters-K.txt in %s\n", dir.c_str());
    return 2;
  }
  if (!counts_path.empty()) WriteCounts(corpus, rule_sets, oracle_feeds, counts_path);

  // 1. Matching alone. Every K runs on each slice of 20 feed files (1,000
  // items) in turn, order rotated, so that load on the machine falls on all
  // of them alike while each still runs warm, as a daemon's one filter set
  // does.
  std::map<int, std::vector<double>> seconds;
  std::map<int, std::size_t> hits;
  std::vector<double> scale_ratios;
  std::vector<int> ks;
  for (const auto& entry : sets) ks.push_back(entry.first);
  std::map<int, match::Matcher> matchers;
  for (int k : ks) matchers.emplace(k, match::Matcher(sets[k]));
  match::MatchDocument document;
  for (int round = 0; round < rounds; ++round) {
    std::map<int, double> this_round;
    std::map<int, std::size_t> round_hits;
    constexpr std::size_t kSlice = 20;
    for (std::size_t slice = 0; slice * kSlice < corpus.items.size(); ++slice) {
      for (std::size_t j = 0; j < ks.size(); ++j) {
        int k = ks[(j + slice + static_cast<std::size_t>(round)) % ks.size()];
        std::size_t end = std::min(corpus.items.size(), (slice + 1) * kSlice);
        for (std::size_t f = slice * kSlice; f < end; ++f) {
          this_round[k] += MatchFile(corpus.items[f], matchers.at(k), document, round_hits[k]);
        }
      }
    }
    for (int k : ks) {
      seconds[k].push_back(this_round[k]);
      hits[k] = round_hits[k];
    }
    scale_ratios.push_back(this_round[ks.back()] / this_round[ks.front()]);
  }
  auto items = static_cast<double>(corpus.item_count);
  std::printf("\nmatching alone (tokenise once + match), CPU time, median of %d rounds:\n",
              rounds);
  for (int k : ks) {
    double median = Median(seconds[k]);
    std::printf("  K=%-5d %9.0f items/s  %6.2f us/item  %.2f hits/item\n", k, items / median,
                median / items * 1e6, static_cast<double>(hits[k]) / items);
  }
  std::printf("  per-item cost K=%d / K=%d: %.2f (median of per-round ratios)\n", ks.back(),
              ks.front(), Median(scale_ratios));
  // The share of the above that does not depend on K: splitting and folding
  // the words and indexing them (MatchDocument::Assign), alone.
  std::vector<double> assign_seconds;
  for (int round = 0; round < rounds; ++round) {
    double start = CpuSeconds();
    for (const std::vector<model::Item>& file : corpus.items) {
      for (const model::Item& item : file) document.Assign(item, sets[ks.front()]->fields());
    }
    assign_seconds.push_back(CpuSeconds() - start);
  }
  std::printf("  of which MatchDocument::Assign (words + word index): %.2f us/item\n",
              Median(assign_seconds) / items * 1e6);

  // 2. Whole pipeline at 1,000 filters vs bare pugixml, paired, alternating.
  int pipeline_k = sets.count(1000) ? 1000 : ks.back();
  match::Matcher matcher(sets[pipeline_k]);
  std::vector<double> ratios, pugi_runs, pipe_runs;
  PipelineTimes stage_sum;
  std::size_t alerts = 0;
  for (int round = 0; round < 2 * rounds; ++round) {
    double pugi, pipe;
    PipelineTimes times;
    if (round % 2 == 0) {
      pugi = PugixmlAll(corpus);
      times = PipelineAll(corpus, matcher, alerts);
    } else {
      times = PipelineAll(corpus, matcher, alerts);
      pugi = PugixmlAll(corpus);
    }
    pipe = times.total();
    stage_sum.parse += times.parse;
    stage_sum.text += times.text;
    stage_sum.match += times.match;
    stage_sum.dedupe += times.dedupe;
    ratios.push_back(pipe / pugi);
    pugi_runs.push_back(pugi);
    pipe_runs.push_back(pipe);
  }
  double pugi = Median(pugi_runs);
  double pipe = Median(pipe_runs);
  double mb = static_cast<double>(total_bytes) / 1e6;
  std::printf("\nwhole pipeline, K=%d, CPU time, %d alternating pairs:\n", pipeline_k,
              2 * rounds);
  std::printf("  bare pugixml  %8.1f MB/s %9.0f items/s\n", mb / pugi, items / pugi);
  std::printf("  pipeline      %8.1f MB/s %9.0f items/s\n", mb / pipe, items / pipe);
  std::printf("  pipeline / pugixml: %.2f (median of per-pair ratios)\n", Median(ratios));
  double total = stage_sum.total();
  std::printf("  stages: parse %.0f%%, text %.0f%%, match %.0f%%, dedupe %.0f%%"
              " (match+dedupe = %.2fx pugixml)\n",
              100 * stage_sum.parse / total, 100 * stage_sum.text / total,
              100 * stage_sum.match / total, 100 * stage_sum.dedupe / total,
              (stage_sum.match + stage_sum.dedupe) / total * Median(ratios));
  return 0;
}
