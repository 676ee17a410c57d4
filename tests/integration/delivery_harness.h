// Shared scaffolding of the delivery tests: a feed server with ETags, a
// config written from parts, and the real `newsalert` run once or as a
// daemon against it.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/feed_documents.h"
#include "support/fixtures.h"
#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert::testing {

// Serves RSS feeds that can change while the daemon runs; answers 304 to a
// matching If-None-Match (an ETag per version of each feed).
class FeedServer {
 public:
  FeedServer();
  ~FeedServer();
  void SetItems(const std::string& path, const std::vector<FeedItem>& items);
  std::string Url(const std::string& path) const;
  int Requests(const std::string& path) const;

 private:
  struct Feed {
    std::string body;
    std::string etag;
    int requests = 0;
  };
  LocalHttpServer server_;
  mutable std::mutex mutex_;
  std::map<std::string, Feed> feeds_;
  int version_ = 0;
};

// A state folder and config file for one test.
class Scenario {
 public:
  Scenario();

  // Writes newsalert.toml: [daemon] with `daemon_extra` lines, the feeds
  // (name -> url), the channels (TOML text) and one filter file.
  void WriteConfig(const std::map<std::string, std::string>& feeds, const std::string& channels,
                   const std::string& filters, const std::string& daemon_extra = "");
  std::filesystem::path config() const { return dir_ / "newsalert.toml"; }
  std::filesystem::path database() const { return dir_ / "state" / "newsalert.db"; }
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }

  ProcessResult RunOnce(const std::map<std::string, std::string>& env = {},
                        std::chrono::milliseconds timeout = std::chrono::seconds(90));
  std::unique_ptr<Subprocess> StartDaemon(const std::map<std::string, std::string>& env = {});

 private:
  TempDir dir_;
};

// NEWSALERT_TEST_CLOCK for a clock running `scale` times faster from now.
struct TestClock {
  explicit TestClock(double scale);
  std::string spec;  // "anchor=...,scale=..."
  double anchor = 0;
  double scale = 1;
  // The virtual time (Unix seconds) at a real Unix time.
  double Virtual(double real) const { return anchor + (real - anchor) * scale; }
  double VirtualNow() const;
};

double UnixNow();

// Lines of `text` that contain `needle`.
int CountLines(const std::string& text, const std::string& needle);

}  // namespace newsalert::testing
