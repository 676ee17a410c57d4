// RELIABILITY T46: broken config and filter files. Every one makes both
// `check` and `run` exit 2 with FILE:LINE:COLUMN pointing at the broken
// line (the reload part of T46 is in reload_test.cc).
#include <gtest/gtest.h>

#include <regex>

#include "support/test_support.h"

namespace newsalert {
namespace {

using testing::ProcessResult;
using testing::RunNewsalert;
using testing::TempDir;
using testing::WriteFile;

struct BrokenFile {
  const char* what;
  bool filter_file;      // Else the main config.
  std::string contents;  // Of that file (see below).
  int line;              // Where the error must point.
};

// The main config, valid; [daemon] is its first table (lines 1-3).
const std::string kDaemon = "[daemon]\nstate_dir = \"state\"\nfilters = [\"filters.d/*.toml\"]\n";
const std::string kRest =
    "[[feed]]\nname = \"Desk\"\nurl = \"http://127.0.0.1:9/feed.xml\"\ntags = [\"korea\"]\n"
    "[[channel]]\nname = \"console\"\ntype = \"console\"\n";  // Lines 4-10.
const std::string kMain = kDaemon + kRest;                       // A snippet starts at line 11.
// A [daemon] key on line 3.
std::string Daemon(const std::string& line) {
  return "[daemon]\nstate_dir = \"state\"\n" + line + "\n" + kRest;
}
// A filter file whose query is on line 3.
std::string Query(const std::string& query) {
  return "[[filter]]\nname = \"f\"\nquery = '" + query + "'\nnotify = [\"console\"]\n";
}
const std::string kGoodFilter = Query("laos");

std::vector<BrokenFile> Cases() {
  const std::string hook = "[[channel]]\nname = \"c2\"\ntype = \"webhook\"\n";  // 11-13
  return {
      // TOML syntax.
      {"missing value", false, kMain + "x = \n", 11},
      {"unterminated table header", false, kMain + "[metrics\n", 11},
      {"unterminated string", false, kMain + "[metrics]\nlisten = \"127.0.0.1:1\n", 12},
      {"unterminated literal string", false, kMain + "[metrics]\nlisten = '127.0.0.1:1\n", 12},
      {"missing key", false, kMain + "= 3\n", 11},
      {"two values", false, kMain + "[metrics]\nlisten = 1 2\n", 12},
      {"unterminated array", false, kMain + "[metrics]\nlisten = [1, 2\n", 12},
      {"unterminated inline table", false, kMain + "[metrics]\nlisten = {a = 1\n", 12},
      {"duplicate key", false, kMain + "[metrics]\nlisten = \"a:1\"\nlisten = \"a:2\"\n", 13},
      {"duplicate table", false, kMain + "[daemon]\n", 11},
      {"bad escape", false, kMain + "[metrics]\nlisten = \"\\q\"\n", 12},
      {"bad date", false, kMain + "[metrics]\nlisten = 1979-13-01\n", 12},
      {"bad hex", false, kMain + "[metrics]\nlisten = 0x\n", 12},
      {"bad boolean", false, kMain + "[metrics]\nlisten = tru\n", 12},
      {"invalid UTF-8", false, kMain + "[metrics]\nlisten = \"\xff\"\n", 12},
      {"table where an array of tables goes", false, kMain + "[feed]\nname = \"x\"\n", 11},
      // [daemon]
      {"bad duration", false, Daemon("poll_interval = \"fast\""), 3},
      {"duration without unit", false, Daemon("poll_interval = \"10\""), 3},
      {"duration as a number", false, Daemon("connect_timeout = 5"), 3},
      {"too few fetches", false, Daemon("max_concurrent_fetches = 0"), 3},
      {"too many per host", false, Daemon("max_connections_per_host = 1000"), 3},
      {"boolean as a string", false, Daemon("alert_on_first_poll = \"yes\""), 3},
      {"filters not an array", false, Daemon("filters = \"x.toml\""), 3},
      {"filters not strings", false, Daemon("filters = [1]"), 3},
      {"missing filter file", false, Daemon("filters = [\"missing.toml\"]"), 3},
      {"unknown log level", false, Daemon("log_level = \"loud\""), 3},
      {"tiny body cap", false, Daemon("max_body_bytes = 10"), 3},
      {"misspelt daemon key", false, Daemon("polll_interval = \"10m\""), 3},
      {"state_dir a number", false, Daemon("state_dir2 = 3"), 3},
      {"bad metrics listen", false, kMain + "[metrics]\nlisten = \"localhost\"\n", 12},
      {"unknown top-level table", false, kMain + "[daemons]\n", 11},
      // [[feed]]
      {"feed name a number", false, kMain + "[[feed]]\nname = 5\nurl = \"http://a/\"\n", 12},
      {"duplicate feed name", false,
       kMain + "[[feed]]\nname = \"Desk\"\nurl = \"http://127.0.0.1:9/other\"\n", 12},
      {"duplicate feed url", false,
       kMain + "[[feed]]\nname = \"Other\"\nurl = \"http://127.0.0.1:9/feed.xml\"\n", 13},
      {"feed url scheme", false, kMain + "[[feed]]\nname = \"X\"\nurl = \"gopher://x/\"\n", 13},
      {"feed url without host", false, kMain + "[[feed]]\nname = \"X\"\nurl = \"http:///x\"\n", 13},
      {"feed without url", false, kMain + "[[feed]]\nname = \"X\"\n", 11},
      {"feed interval too short", false,
       kMain + "[[feed]]\nname = \"X\"\nurl = \"http://a/\"\ninterval = \"0s\"\n", 14},
      {"misspelt feed key", false, kMain + "[[feed]]\nname = \"X\"\nurl = \"http://a/\"\ntagz = []\n", 14},
      {"feed name with spaces around", false, kMain + "[[feed]]\nname = \" X\"\nurl = \"http://a/\"\n", 12},
      // [[channel]]
      {"unknown channel type", false, kMain + "[[channel]]\nname = \"c2\"\ntype = \"pager\"\n", 13},
      {"webhook without url", false, kMain + hook, 11},
      {"webhook url scheme", false, kMain + hook + "url = \"ftp://x/\"\n", 14},
      {"url and url_file", false, kMain + hook + "url = \"http://a/\"\nurl_file = \"u\"\n", 15},
      {"missing url_file", false, kMain + hook + "url_file = \"missing.url\"\n", 14},
      {"missing secret_file", false,
       kMain + hook + "url = \"http://a/\"\nsecret_file = \"missing.secret\"\n", 15},
      {"no in-flight slots", false, kMain + hook + "url = \"http://a/\"\nmax_in_flight = 0\n", 15},
      {"in-flight as a string", false,
       kMain + hook + "url = \"http://a/\"\nmax_in_flight = \"4\"\n", 15},
      {"empty retry schedule", false, kMain + hook + "url = \"http://a/\"\nretry_schedule = []\n", 15},
      {"bad retry delay", false,
       kMain + hook + "url = \"http://a/\"\nretry_schedule = [\"0s\", \"5x\"]\n", 15},
      {"unknown webhook format", false, kMain + hook + "url = \"http://a/\"\nformat = \"xml\"\n", 15},
      {"url on a console channel", false,
       kMain + "[[channel]]\nname = \"c2\"\ntype = \"console\"\nurl = \"http://a/\"\n", 14},
      {"duplicate channel name", false,
       kMain + "[[channel]]\nname = \"console\"\ntype = \"console\"\n", 12},
      // Filter files.
      {"unclosed parenthesis", true, Query("(laos OR vientiane"), 3},
      {"dangling AND", true, Query("laos AND"), 3},
      {"unterminated phrase", true, Query("\"north korean"), 3},
      {"empty field", true, Query("title:"), 3},
      {"bad regex", true, Query("/[/"), 3},
      {"stray closing parenthesis", true, Query("laos )"), 3},
      {"NOT at the end", true, Query("laos NOT"), 3},
      {"AND OR", true, Query("laos AND OR cambodia"), 3},
      {"bare minus", true, Query("laos -"), 3},
      {"only an operator", true, Query("OR"), 3},
      {"empty query", true, Query(""), 3},
      {"query a number", true, "[[filter]]\nname = \"f\"\nquery = 5\nnotify = [\"console\"]\n", 3},
      {"unknown channel", true, "[[filter]]\nname = \"f\"\nquery = \"laos\"\nnotify = [\"nope\"]\n", 1},
      {"unknown feed tag", true,
       "[[filter]]\nname = \"f\"\nquery = \"laos\"\nnotify = [\"console\"]\nfeeds = [\"nope\"]\n", 1},
      {"filter without query", true, "[[filter]]\nname = \"f\"\nnotify = [\"console\"]\n", 1},
      {"duplicate filter name", true, kGoodFilter + kGoodFilter, 6},
      {"misspelt filter key", true, kGoodFilter + "notfy = []\n", 5},
      {"filter TOML syntax", true, "[[filter]]\nname = \"f\nquery = \"laos\"\n", 2},
      {"filter table, not array", true, "[filter]\nname = \"f\"\n", 1},
  };
}

TEST(BadConfig, EveryBrokenFileGivesExitTwoWithItsPositionFromCheckAndRun) {
  std::vector<BrokenFile> cases = Cases();
  ASSERT_GE(cases.size(), 50u);
  int passed = 0;
  for (const BrokenFile& broken : cases) {
    TempDir dir;
    std::filesystem::path file;
    if (broken.filter_file) {
      WriteFile(dir / "newsalert.toml", kMain);
      file = dir / "filters.d" / "broken.toml";
    } else {
      file = dir / "newsalert.toml";
    }
    WriteFile(file, broken.contents);
    std::regex position(std::regex_replace(file.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"),
                                           R"(\$&)") +
                        ":" + std::to_string(broken.line) + ":[1-9][0-9]*: ");
    bool ok = true;
    for (const char* command : {"check", "run"}) {
      ProcessResult result = RunNewsalert({command, "-c", (dir / "newsalert.toml").string()}, {},
                                          std::chrono::seconds(10));
      EXPECT_EQ(result.exit_code, 2) << broken.what << " (" << command << ")\n" << result.err;
      EXPECT_TRUE(std::regex_search(result.err, position))
          << broken.what << " (" << command << "): expected line " << broken.line << "\n"
          << result.err;
      ok = ok && result.exit_code == 2 && std::regex_search(result.err, position);
      EXPECT_FALSE(std::filesystem::exists(dir / "state" / "newsalert.db"))
          << broken.what << ": run went on to open the store";
    }
    passed += ok;
  }
  std::printf("[ T46 ] %d/%zu broken files: exit 2 with FILE:LINE:COLUMN from check and run\n",
              passed, cases.size());
}

}  // namespace
}  // namespace newsalert
