// Feed parsing throughput against pugixml's bare parse of the same bytes.
//
//   feed_parse_bench CORPUS_DIR [ROUNDS]
//
// CORPUS_DIR: the standard corpus of shared/bench/genfeeds.py (--seed 1
// --feeds 200 --items 50). Each round times, over the whole corpus and in
// this order: bare pugixml, a plain walk (parse + copy every item child's
// text: the floor any extraction pays), bare pugixml, ParseFeed (parse +
// extraction), bare pugixml,
// ParseFeed + HTML->text of title, summary and content (hand-written),
// bare pugixml, ParseFeed + HTML->text with gumbo. Each variant's ratio is
// taken against the bare run just before it (the machine drifts; pairs
// cancel it), and the report gives medians over the rounds.
#include <pugixml.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "feed/feed_parser.h"
#include "text/html_text.h"
#include "text/html_text_gumbo.h"

namespace {

using Clock = std::chrono::steady_clock;
using newsalert::feed::Entry;
using newsalert::feed::FeedDocument;
using newsalert::feed::ParseFeed;
using newsalert::feed::ParseOptions;
using newsalert::feed::TextKind;

std::vector<std::string> LoadCorpus(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    files.push_back(std::move(content).str());
  }
  return files;
}

// Keeps the optimiser from dropping work whose result is unused.
volatile std::size_t g_sink = 0;

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double BarePugixml(const std::vector<std::string>& files) {
  auto start = Clock::now();
  for (const std::string& file : files) {
    pugi::xml_document doc;
    pugi::xml_parse_result result =
        doc.load_buffer(file.data(), file.size(), pugi::parse_default, pugi::encoding_utf8);
    g_sink = g_sink + static_cast<std::size_t>(result.status) + (doc.first_child() ? 1 : 0);
  }
  return Seconds(Clock::now() - start);
}

// The floor for extraction: parse, then copy the text of every child of
// every item/entry into strings (no namespaces, dates, cleanup, checks).
double PlainWalk(const std::vector<std::string>& files) {
  auto start = Clock::now();
  for (const std::string& file : files) {
    pugi::xml_document doc;
    doc.load_buffer(file.data(), file.size(), pugi::parse_default, pugi::encoding_utf8);
    pugi::xml_node root = doc.document_element();
    pugi::xml_node channel = root.child("channel");
    std::vector<std::vector<std::string>> entries;
    for (pugi::xml_node parent : {root, channel}) {
      for (pugi::xml_node item = parent.first_child(); item; item = item.next_sibling()) {
        std::string_view name = item.name();
        if (name != "item" && name != "entry") continue;
        std::vector<std::string>& fields = entries.emplace_back();
        for (pugi::xml_node field = item.first_child(); field; field = field.next_sibling()) {
          fields.emplace_back(field.child_value());
        }
      }
    }
    g_sink = g_sink + entries.size();
  }
  return Seconds(Clock::now() - start);
}

enum class Text { kNone, kHandWritten, kGumbo };

// Returns seconds; counts entries.
double Parse(const std::vector<std::string>& files, Text text, std::size_t& entries) {
  entries = 0;
  ParseOptions options;
  options.base_url = "https://feeds.example/";
  auto start = Clock::now();
  for (const std::string& file : files) {
    newsalert::Result<FeedDocument> document = ParseFeed(file, options);
    if (!document.ok()) continue;
    entries += document->entries.size();
    if (text == Text::kNone) continue;
    for (const Entry& entry : document->entries) {
      auto convert = [&](const std::string& field, TextKind kind) {
        bool html = kind != TextKind::kText;
        std::string plain = text == Text::kGumbo
                                ? (html ? newsalert::text::HtmlToTextGumbo(field)
                                        : newsalert::text::PlainText(field, false))
                                : newsalert::text::PlainText(field, html);
        g_sink = g_sink + plain.size();
      };
      convert(entry.title, entry.title_kind);
      convert(entry.summary, entry.summary_kind);
      convert(entry.content, entry.content_kind);
    }
  }
  return Seconds(Clock::now() - start);
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: feed_parse_bench CORPUS_DIR [ROUNDS]\n");
    return 2;
  }
  std::vector<std::string> files = LoadCorpus(argv[1]);
  int rounds = argc > 2 ? std::atoi(argv[2]) : 11;
  double megabytes = 0;
  for (const std::string& file : files) megabytes += static_cast<double>(file.size()) / 1e6;
  if (files.empty()) {
    std::fprintf(stderr, "no .xml files in %s\n", argv[1]);
    return 1;
  }
  std::printf("corpus: %zu files, %.1f MB; %d rounds\n", files.size(), megabytes, rounds);

  std::size_t entries = 0;
  // FEED_BENCH_PROFILE=extract|text: just that variant, for a profiler.
  if (const char* profile = std::getenv("FEED_BENCH_PROFILE")) {
    Text text = std::string_view(profile) == "text" ? Text::kHandWritten : Text::kNone;
    for (int round = 0; round < rounds; ++round) Parse(files, text, entries);
    return 0;
  }
  Parse(files, Text::kHandWritten, entries);  // Warm-up: page in, allocate.
  BarePugixml(files);
  std::vector<double> bare, walk, extract, text, gumbo, r_walk, r_extract, r_text, r_gumbo;
  for (int round = 0; round < rounds; ++round) {
    double b0 = BarePugixml(files);
    double w = PlainWalk(files);
    double b1 = BarePugixml(files);
    double e = Parse(files, Text::kNone, entries);
    double b2 = BarePugixml(files);
    double t = Parse(files, Text::kHandWritten, entries);
    double b3 = BarePugixml(files);
    double g = Parse(files, Text::kGumbo, entries);
    bare.insert(bare.end(), {b0, b1, b2, b3});
    walk.push_back(w);
    r_walk.push_back(w / b0);
    extract.push_back(e);
    text.push_back(t);
    gumbo.push_back(g);
    r_extract.push_back(e / b1);
    r_text.push_back(t / b2);
    r_gumbo.push_back(g / b3);
  }
  auto report = [&](const char* name, const std::vector<double>& times,
                    const std::vector<double>* ratios) {
    double seconds = Median(times);
    std::printf("%-44s %8.1f ms %8.1f MB/s %10.0f items/s", name, seconds * 1e3,
                megabytes / seconds, static_cast<double>(entries) / seconds);
    if (ratios != nullptr) std::printf("   x%.2f bare (median of pairs)", Median(*ratios));
    std::printf("\n");
  };
  std::printf("entries per pass: %zu\n", entries);
  report("bare pugixml parse (parse_default)", bare, nullptr);
  report("plain walk: parse + copy item children", walk, &r_walk);
  report("ParseFeed: parse + extraction", extract, &r_extract);
  report("ParseFeed + HTML->text (hand-written)", text, &r_text);
  report("ParseFeed + HTML->text (gumbo)", gumbo, &r_gumbo);
  return 0;
}
