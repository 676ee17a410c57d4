// Shared by the fetch integration tests: a config of feeds pointing at the
// hostile feed server, `newsalert run` on it, and the feed states it left in
// the store.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "store/database.h"
#include "store/feed_state.h"
#include "store/schema.h"
#include "support/hostile_server.h"
#include "support/test_support.h"

namespace newsalert::testing {

struct TestFeed {
  TestFeed(std::string name_, std::string url_, std::string extra_ = "")
      : name(std::move(name_)), url(std::move(url_)), extra(std::move(extra_)) {}
  std::string name;
  std::string url;
  std::string extra;  // More TOML lines for the [[feed]] table.
};

class FetchHarness {
 public:
  // `daemon_lines` go into [daemon] (short timeouts, limits...).
  void WriteConfig(const std::vector<TestFeed>& feeds, const std::string& daemon_lines = "",
                   bool with_console_alerts = false) {
    std::string text = "[daemon]\nstate_dir = \"state\"\n" + daemon_lines + "\n";
    if (daemon_lines.find("poll_interval") == std::string::npos) {
      text += "poll_interval = \"1h\"\n";
    }
    for (const TestFeed& feed : feeds) {
      text += "[[feed]]\nname = \"" + feed.name + "\"\nurl = \"" + feed.url + "\"\n" +
              feed.extra + "\n";
    }
    if (with_console_alerts) {
      text += "[[channel]]\nname = \"console\"\ntype = \"console\"\n"
              "[[filter]]\nname = \"stories\"\nquery = 'story'\nnotify = [\"console\"]\n";
    }
    WriteFile(dir_ / "newsalert.toml", text);
  }

  std::string ConfigPath() const { return (dir_ / "newsalert.toml").string(); }

  // The environment every run gets: no proxy from the caller's shell.
  std::map<std::string, std::string> Environment(
      std::map<std::string, std::string> extra = {}) const {
    std::map<std::string, std::string> env = {{"http_proxy", ""},  {"https_proxy", ""},
                                              {"HTTPS_PROXY", ""}, {"all_proxy", ""},
                                              {"ALL_PROXY", ""},   {"no_proxy", ""},
                                              {"NO_PROXY", ""}};
    for (auto& [name, value] : extra) env[name] = value;
    return env;
  }

  ProcessResult RunOnce(std::vector<std::string> extra_args = {},
                        std::map<std::string, std::string> env = {}) {
    std::vector<std::string> args = {"run", "-c", ConfigPath(), "--once"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    return RunNewsalert(args, Environment(std::move(env)), std::chrono::seconds(120));
  }

  std::optional<store::FeedState> State(const std::string& url) {
    auto db = store::Database::Open(store::DatabasePath((dir_ / "state").string()));
    if (!db.ok()) return std::nullopt;
    store::FeedStateStore states(**db);
    auto loaded = states.Load(url);
    if (!loaded.ok()) return std::nullopt;
    return *loaded;
  }

  // Runs one SQL query returning a single integer.
  std::int64_t QueryInt(const std::string& sql) {
    auto db = store::Database::Open(store::DatabasePath((dir_ / "state").string()));
    if (!db.ok()) return -1;
    auto query = (*db)->Prepare(sql);
    if (!query.ok() || !query->Step()) return -1;
    return query->Int(0);
  }

  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
};

// Lines of `text` containing `needle`.
inline int CountLines(const std::string& text, const std::string& needle) {
  int count = 0;
  std::size_t at = 0;
  while ((at = text.find(needle, at)) != std::string::npos) {
    ++count;
    at += needle.size();
  }
  return count;
}

}  // namespace newsalert::testing
