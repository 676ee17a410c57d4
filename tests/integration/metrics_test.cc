// [metrics] listen: Prometheus text from a running daemon.
#include <gtest/gtest.h>

#include <httplib.h>
#include <signal.h>

#include <regex>

#include "support/daemon_fixture.h"
#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::LocalHttpServer;
using testing::TempDir;
using testing::WriteFile;

// The value of the sample `series` (name plus labels, as exposed), or -1.
double Sample(const std::string& text, const std::string& series) {
  std::size_t at = 0;
  while ((at = text.find(series + " ", at)) != std::string::npos) {
    if (at == 0 || text[at - 1] == '\n') {
      return std::stod(text.substr(at + series.size() + 1));
    }
    ++at;
  }
  return -1;
}

std::string Scrape(int port, const std::string& path = "/metrics", int* status = nullptr) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  httplib::Result result = client.Get(path);
  if (status != nullptr) *status = result ? result->status : 0;
  return result ? result->body : "";
}

std::string Config(const LocalHttpServer& feeds, const LocalHttpServer& hooks, int port) {
  return "[daemon]\nstate_dir = \"state\"\nalert_on_first_poll = true\n"
         "[metrics]\nlisten = \"127.0.0.1:" + std::to_string(port) + "\"\n"
         "[[feed]]\nname = \"Good\"\nurl = \"" + feeds.Url("/good.xml") + "\"\ninterval = \"1s\"\n"
         "[[feed]]\nname = \"Broken\"\nurl = \"" + feeds.Url("/missing.xml") + "\"\n"
         "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"" + hooks.Url("/hook") +
         "\"\nretry_schedule = [\"0s\", \"2s\", \"2s\", \"2s\", \"2s\", \"2s\", \"2s\"]\n"
         "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"hook\"]\n";
}

TEST(Metrics, ServesPrometheusTextWhileRunning) {
  TempDir dir;
  LocalHttpServer feeds;
  feeds.ServeText("/good.xml",
                  testing::RssFeed({{"a1", "Laos detains nine refugees", "Near Vientiane."},
                                    {"x1", "Markets close higher", "Shares rose."}}));
  feeds.Start();
  LocalHttpServer hooks;
  hooks.AcceptPosts("/hook", 503);
  hooks.Start();
  int port = testing::FreeLocalPort();
  WriteFile(dir / "newsalert.toml", Config(feeds, hooks, port));
  DaemonProcess daemon(dir / "newsalert.toml");
  ASSERT_TRUE(daemon.WaitForLog("will retry", 10s)) << daemon.Log();

  // Gauges come from the store, refreshed every few seconds by the loop
  // and at once on a reload.
  daemon.process().Signal(SIGHUP);
  std::string text;
  ASSERT_TRUE(testing::WaitFor(
      [&] {
        text = Scrape(port);
        return Sample(text, R"(newsalert_outbox_alerts{channel="hook",state="pending"})") == 1;
      },
      10s))
      << text;
  hooks.SetPostStatus(200);
  ASSERT_TRUE(daemon.WaitForLog("alert delivered", 10s)) << daemon.Log();
  text = Scrape(port);

  EXPECT_NE(text.find("# TYPE newsalert_feed_polls_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE newsalert_delivery_latency_seconds histogram\n"), std::string::npos);
  EXPECT_GE(Sample(text, R"(newsalert_feed_polls_total{outcome="ok"})"), 1);
  EXPECT_GE(Sample(text, R"(newsalert_feed_polls_total{outcome="error"})"), 1);
  EXPECT_GE(Sample(text, R"(newsalert_feed_poll_errors_total{class="http"})"), 1);
  EXPECT_EQ(Sample(text, "newsalert_items_new_total"), 2);
  EXPECT_GE(Sample(text, "newsalert_items_fetched_total"), 2);
  EXPECT_EQ(Sample(text, "newsalert_filter_matches_total"), 1);
  EXPECT_EQ(Sample(text, "newsalert_alerts_queued_total"), 1);
  EXPECT_GE(Sample(text, R"(newsalert_deliveries_total{channel="hook",outcome="retry"})"), 1);
  EXPECT_EQ(Sample(text, R"(newsalert_deliveries_total{channel="hook",outcome="delivered"})"), 1);
  EXPECT_EQ(Sample(text, R"(newsalert_delivery_latency_seconds_count{channel="hook"})"), 1);
  EXPECT_EQ(Sample(text, R"(newsalert_delivery_latency_seconds_bucket{channel="hook",le="+Inf"})"),
            1);
  EXPECT_EQ(Sample(text, R"(newsalert_delivery_latency_seconds_bucket{channel="hook",le="86400"})"),
            1);
  EXPECT_EQ(Sample(text, "newsalert_filters"), 1);
  EXPECT_EQ(Sample(text, R"(newsalert_feeds{state="failing"})"), 1);
  EXPECT_GE(Sample(text, R"(newsalert_build_info{version=")" + std::string(NEWSALERT_VERSION) + "\"}"), 1);
  EXPECT_GT(Sample(text, "newsalert_start_time_seconds"), 1.7e9);

  // Every sample line is NAME{LABELS} VALUE.
  std::regex sample(R"(^newsalert_[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+]+$)");
  std::size_t start = 0, lines = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    ++lines;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
  }
  EXPECT_GE(lines, 20u);

  int status = 0;
  Scrape(port, "/elsewhere", &status);
  EXPECT_EQ(status, 404);
  EXPECT_EQ(daemon.Stop().exit_code, 0);
}

TEST(Metrics, AnAddressInUseIsARuntimeFailureBeforeReady) {
  TempDir dir;
  LocalHttpServer feeds;
  feeds.ServeText("/good.xml", testing::RssFeed({}));
  feeds.Start();
  LocalHttpServer busy;  // Holds the port.
  busy.Start();
  WriteFile(dir / "newsalert.toml", Config(feeds, feeds, busy.port()));
  testing::ProcessResult result =
      testing::RunNewsalert({"run", "-c", (dir / "newsalert.toml").string()}, {}, 10s);
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("metrics: cannot listen on 127.0.0.1:" + std::to_string(busy.port())),
            std::string::npos)
      << result.err;
}

TEST(Metrics, ListenMustBeHostAndPort) {
  TempDir dir;
  for (const char* listen : {"9464", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:99999", ":9464",
                             "127.0.0.1:94x"}) {
    WriteFile(dir / "newsalert.toml", std::string("[metrics]\nlisten = \"") + listen + "\"\n");
    testing::ProcessResult result =
        testing::RunNewsalert({"check", "-c", (dir / "newsalert.toml").string()});
    EXPECT_EQ(result.exit_code, 2) << listen;
    EXPECT_NE(result.err.find(":2:10: listen: expected \"HOST:PORT\""), std::string::npos)
        << listen << ": " << result.err;
  }
  WriteFile(dir / "newsalert.toml", "[metrics]\nlisten = \"[::1]:9464\"\n");
  EXPECT_EQ(testing::RunNewsalert({"check", "-c", (dir / "newsalert.toml").string()}).exit_code, 0);
  WriteFile(dir / "newsalert.toml", "[metrics]\nport = 9464\n");
  EXPECT_EQ(testing::RunNewsalert({"check", "-c", (dir / "newsalert.toml").string()}).exit_code, 2);
}

}  // namespace
}  // namespace newsalert
