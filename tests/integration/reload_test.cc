// SIGHUP and SIGTERM on the real daemon: a broken reload keeps the old
// snapshot (and its alerts flowing), a new or edited filter starts from the
// present, channels come and go without losing queued alerts, and a
// shutdown never marks an alert delivered without a 2xx.
#include <gtest/gtest.h>

#include <signal.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/daemon_fixture.h"
#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::StoryItem;
using testing::LocalHttpServer;
using testing::TempDir;
using testing::WriteFile;

class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    items_ = {{"a1", "Laos detains nine refugees", "Near Vientiane."},
              {"c1", "Cambodia deports a refugee family", "From Phnom Penh."},
              {"x1", "Markets close higher", "Shares rose."}};
    feeds_.ServeText("/feed.xml", testing::RssFeed(items_));
    feeds_.ServeText("/other.xml", testing::RssFeed({{"o1", "Laos news digest", "Daily."}}));
    feeds_.Start();
    hooks_.AcceptPosts("/hook");
    hooks_.Start();
    WriteMainConfig({"hook"});
    WriteFilter("laos.toml", "laos", "laos");
  }

  // Channels named in `channels` exist ("hook" is the webhook receiver,
  // "console" prints). Filters notify "hook" when it exists.
  // With `second_feed`, a feed "Other" is configured too.
  void WriteMainConfig(const std::vector<std::string>& channels, bool second_feed = false) {
    std::string config =
        "[daemon]\n"
        "state_dir = \"state\"\n"
        "filters = [\"filters.d/*.toml\"]\n"
        "[[feed]]\n"
        "name = \"Desk\"\n"
        "url = \"" + feeds_.Url("/feed.xml") + "\"\n"
        "interval = \"1s\"\n";
    if (second_feed) {
      config += "[[feed]]\nname = \"Other\"\nurl = \"" + feeds_.Url("/other.xml") +
                "\"\ninterval = \"1s\"\n";
    }
    for (const std::string& channel : channels) {
      config += "[[channel]]\nname = \"" + channel + "\"\n";
      if (channel == "hook") {
        // Retried every 2 s for long enough that no failure is final here.
        std::string schedule = "\"0s\"";
        for (int i = 0; i < 30; ++i) schedule += ", \"2s\"";
        config += "type = \"webhook\"\nurl = \"" + hooks_.Url("/hook") +
                  "\"\nretry_schedule = [" + schedule + "]\ntimeout = \"5s\"\n";
      } else {
        config += "type = \"console\"\n";
      }
    }
    WriteFile(dir_ / "newsalert.toml", config);
  }

  void WriteFilter(const std::string& file, const std::string& name, const std::string& query,
                   const std::string& channel = "hook") {
    WriteFile(dir_ / "filters.d" / file, "[[filter]]\nname = \"" + name + "\"\nquery = \"" +
                                             query + "\"\nnotify = [\"" + channel + "\"]\n");
  }

  void AddItem(StoryItem item) {
    items_.push_back(std::move(item));
    feeds_.SetText("/feed.xml", testing::RssFeed(items_));
  }

  // (filter, title) of every request the receiver answered with 2xx.
  std::vector<std::pair<std::string, std::string>> Delivered() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const testing::RecordedRequest& request : hooks_.Requests("POST", "/hook")) {
      nlohmann::json body = nlohmann::json::parse(request.body);
      out.emplace_back(body["filter"]["name"], body["item"]["title"]);
    }
    return out;
  }

  std::filesystem::path config() const { return dir_ / "newsalert.toml"; }

  TempDir dir_;
  std::vector<StoryItem> items_;
  LocalHttpServer feeds_;
  LocalHttpServer hooks_;
};

// T46 (reload part) and the reload test.
TEST_F(ReloadTest, ABrokenFilterFileKeepsTheOldFiltersAlerting) {
  DaemonProcess daemon(config());
  ASSERT_TRUE(daemon.WaitForLog("backlog marked seen", 10s)) << daemon.Log();

  WriteFile(dir_ / "filters.d" / "laos.toml",
            "[[filter]]\nname = \"laos\"\nquery = \"laos AND (\"\nnotify = [\"hook\"]\n");
  daemon.process().Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForLog("previous configuration stays in force", 5s)) << daemon.Log();
  EXPECT_NE(daemon.Log().find((dir_ / "filters.d" / "laos.toml").string() + ":3:"),
            std::string::npos)
      << daemon.Log();

  AddItem({"a2", "Laos returns defectors to China", "At the border."});
  ASSERT_TRUE(testing::WaitFor([&] { return !Delivered().empty(); }, 10s)) << daemon.Log();
  EXPECT_EQ(Delivered(), (std::vector<std::pair<std::string, std::string>>{
                             {"laos", "Laos returns defectors to China"}}));
  EXPECT_EQ(daemon.Stop().exit_code, 0);
}

// A filter added or edited by a reload starts from the present: items
// already seen never alert, the next new one does.
TEST_F(ReloadTest, NewAndEditedFiltersDoNotAlertOnItemsAlreadySeen) {
  DaemonProcess daemon(config());
  ASSERT_TRUE(daemon.WaitForLog("backlog marked seen", 10s)) << daemon.Log();

  WriteFilter("laos.toml", "laos", "laos OR cambodia OR markets");  // edited
  WriteFilter("cambodia.toml", "cambodia", "cambodia OR markets");  // new
  daemon.process().Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForLog("configuration reloaded feeds=1 filters=2", 5s)) << daemon.Log();
  // Several more polls of the unchanged feed.
  int polls = daemon.CountInLog("feed polled");
  ASSERT_TRUE(daemon.WaitForLog("feed polled", 10s, polls + 3)) << daemon.Log();
  EXPECT_TRUE(Delivered().empty());

  AddItem({"c2", "Cambodia detains North Korean escapees", "In Phnom Penh."});
  ASSERT_TRUE(testing::WaitFor([&] { return Delivered().size() >= 2; }, 10s)) << daemon.Log();
  std::this_thread::sleep_for(1500ms);  // Nothing else follows.
  auto delivered = Delivered();
  std::sort(delivered.begin(), delivered.end());
  EXPECT_EQ(delivered, (std::vector<std::pair<std::string, std::string>>{
                           {"cambodia", "Cambodia detains North Korean escapees"},
                           {"laos", "Cambodia detains North Korean escapees"}}));
  EXPECT_EQ(daemon.Stop().exit_code, 0);
}

// Alerts queued for a channel survive its removal by a reload and go out
// once it is back; feeds come and go too.
TEST_F(ReloadTest, ChannelsAndFeedsChangeWithoutLosingQueuedAlerts) {
  hooks_.SetPostStatus(503);
  DaemonProcess daemon(config());
  ASSERT_TRUE(daemon.WaitForLog("backlog marked seen", 10s)) << daemon.Log();
  AddItem({"a2", "Laos returns defectors to China", "At the border."});
  ASSERT_TRUE(daemon.WaitForLog("will retry", 10s)) << daemon.Log();

  // The channel goes away (the filter now prints), and a second feed comes.
  WriteMainConfig({"console"}, /*second_feed=*/true);
  WriteFilter("laos.toml", "laos", "laos", "console");
  daemon.process().Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForLog("configuration reloaded feeds=2 filters=1 channels=1", 5s))
      << daemon.Log();
  ASSERT_TRUE(daemon.WaitForLog("feed polled feed=Other items=1 new=1 changed=0 alerts=0 (first poll", 10s))
      << daemon.Log();
  testing::ProcessResult status =
      testing::RunNewsalert({"status", "-c", config().string(), "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  nlohmann::json report = nlohmann::json::parse(status.out);
  bool found = false;
  for (const nlohmann::json& channel : report["channels"]) {
    if (channel["name"] != "hook") continue;
    found = true;
    EXPECT_FALSE(channel["configured"].get<bool>());
    EXPECT_EQ(channel["alerts"]["pending"], 1);
  }
  EXPECT_TRUE(found) << status.out;

  // Back, with the receiver healthy: the queued alert goes out, once.
  hooks_.SetPostStatus(200);
  std::size_t attempts = hooks_.Requests("POST", "/hook").size();
  WriteMainConfig({"hook"});
  WriteFilter("laos.toml", "laos", "laos");
  daemon.process().Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForLog("alert delivered channel=hook", 10s)) << daemon.Log();
  std::this_thread::sleep_for(1500ms);
  std::vector<testing::RecordedRequest> requests = hooks_.Requests("POST", "/hook");
  EXPECT_EQ(requests.size(), attempts + 1);
  EXPECT_EQ(nlohmann::json::parse(requests.back().body)["item"]["title"],
            "Laos returns defectors to China");
  EXPECT_EQ(daemon.Stop().exit_code, 0);
}

// SIGTERM while a delivery hangs: stop within the grace period, exit 0,
// and the alert stays pending (no 2xx came).
TEST(ShutdownTest, ADeliveryCutOffByShutdownStaysPending) {
  TempDir dir;
  LocalHttpServer feeds;
  feeds.ServeText("/feed.xml",
                  testing::RssFeed({{"a1", "Laos detains nine refugees", "Near Vientiane."}}));
  feeds.Start();
  std::atomic<bool> release{false};
  std::atomic<int> received{0};
  LocalHttpServer hooks;
  hooks.server().Post("/hook", [&](const httplib::Request&, httplib::Response& response) {
    ++received;
    testing::WaitFor([&] { return release.load(); }, 20s);
    response.status = 200;
  });
  hooks.Start();
  WriteFile(dir / "newsalert.toml",
            "[daemon]\nstate_dir = \"state\"\nalert_on_first_poll = true\n"
            "[[feed]]\nname = \"Desk\"\nurl = \"" + feeds.Url("/feed.xml") + "\"\n"
            "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"" + hooks.Url("/hook") +
            "\"\ntimeout = \"60s\"\n"
            "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"hook\"]\n");
  DaemonProcess daemon(dir / "newsalert.toml");
  ASSERT_TRUE(testing::WaitFor([&] { return received.load() == 1; }, 10s)) << daemon.Log();

  auto term = std::chrono::steady_clock::now();
  testing::ProcessResult result = daemon.Stop(10s);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - term).count();
  release = true;
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_GE(seconds, 4.5) << "the delivery in flight got its grace period";
  EXPECT_LE(seconds, 7.0);

  testing::ProcessResult status = testing::RunNewsalert({"status", "-c", (dir / "newsalert.toml").string(), "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  nlohmann::json hook = nlohmann::json::parse(status.out)["channels"][0];
  EXPECT_EQ(hook["alerts"]["pending"], 1);
  EXPECT_EQ(hook["alerts"]["delivered"], 0);
  // The feed's poll was not counted as a failure by the shutdown.
  nlohmann::json feed = nlohmann::json::parse(status.out)["feeds"][0];
  EXPECT_EQ(feed["consecutive_failures"], 0);
}

}  // namespace
}  // namespace newsalert
