// RELIABILITY T33: the sd_notify contract, without systemd. The test plays
// systemd's part: it owns the NOTIFY_SOCKET datagram socket, sets
// WATCHDOG_USEC, and reads what the real binary sends.
#include <gtest/gtest.h>

#include <signal.h>

#include <thread>

#include "support/daemon_fixture.h"
#include "support/http_fixture.h"
#include "support/notify_listener.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::LocalHttpServer;
using testing::NotifyListener;
using testing::NotifyMessage;
using testing::TempDir;
using testing::WriteFile;
using SteadyClock = std::chrono::steady_clock;

class SystemdNotifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feeds_.ServeText("/feed.xml",
                     testing::RssFeed({{"a1", "Laos detains refugees", "Near Vientiane."}}));
    feeds_.Start();
    WriteFile(dir_ / "newsalert.toml",
              "[daemon]\n"
              "state_dir = \"state\"\n"
              "filters = [\"filters.toml\"]\n"
              "[[feed]]\n"
              "name = \"Feed\"\n"
              "url = \"" + feeds_.Url("/feed.xml") + "\"\n"
              "interval = \"1s\"\n"
              "[[channel]]\n"
              "name = \"console\"\n"
              "type = \"console\"\n");
    WriteFile(dir_ / "filters.toml",
              "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"console\"]\n");
  }

  std::map<std::string, std::string> Environment(const std::string& watchdog_usec = "2000000") {
    return {{"NOTIFY_SOCKET", notify_.path()}, {"WATCHDOG_USEC", watchdog_usec}};
  }

  TempDir dir_;
  LocalHttpServer feeds_;
  NotifyListener notify_;
};

double Seconds(SteadyClock::duration duration) {
  return std::chrono::duration<double>(duration).count();
}

TEST_F(SystemdNotifyTest, ReadyWatchdogReloadStopping) {
  auto start = SteadyClock::now();
  DaemonProcess daemon(dir_ / "newsalert.toml", Environment());

  // READY=1 after the config, the filters and the store are loaded.
  ASSERT_TRUE(notify_.WaitFor("READY=1", 5s)) << daemon.Log();
  NotifyMessage ready = notify_.With("READY=1").front();
  EXPECT_LE(Seconds(ready.received - start), 5.0);
  EXPECT_TRUE(std::filesystem::exists(dir_ / "state" / "newsalert.db"));
  EXPECT_TRUE(ready.Has("STATUS=1 feed, 1 filter, 0 alerts pending")) << ready.text;
  EXPECT_EQ(notify_.Messages().front().text, ready.text) << "something was sent before READY";

  // SIGHUP in the middle of a 10 s watchdog window.
  std::this_thread::sleep_until(ready.received + 4s);
  auto hup = SteadyClock::now();
  daemon.process().Signal(SIGHUP);
  ASSERT_TRUE(notify_.WaitFor("RELOADING=1", 2s, hup)) << daemon.Log();
  auto reloading = notify_.With("RELOADING=1").back().received;
  EXPECT_TRUE(notify_.WaitFor("READY=1", 2s, reloading)) << daemon.Log();
  EXPECT_TRUE(daemon.WaitForLog("configuration reloaded", 2s));

  std::this_thread::sleep_until(ready.received + 10s);
  std::vector<SteadyClock::time_point> pings = {ready.received};
  for (const NotifyMessage& message : notify_.With("WATCHDOG=1")) {
    if (message.received <= ready.received + 10s) pings.push_back(message.received);
  }
  double max_gap = 0;
  for (std::size_t i = 1; i < pings.size(); ++i) {
    max_gap = std::max(max_gap, Seconds(pings[i] - pings[i - 1]));
  }
  max_gap = std::max(max_gap, Seconds(ready.received + 10s - pings.back()));
  EXPECT_GE(pings.size(), 15u);
  EXPECT_LE(max_gap, 1.0) << pings.size() << " pings";
  std::printf("[ notify ] READY after %.3f s; %zu watchdog pings in 10 s, max gap %.3f s\n",
              Seconds(ready.received - start), pings.size() - 1, max_gap);

  auto term = SteadyClock::now();
  daemon.process().Signal(SIGTERM);
  EXPECT_TRUE(notify_.WaitFor("STOPPING=1", 1s, term));
  testing::ProcessResult result = daemon.process().Wait(10s);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::printf("[ notify ] STOPPING after %.3f s, exit %d after %.3f s\n",
              Seconds(notify_.With("STOPPING=1").front().received - term), result.exit_code,
              Seconds(SteadyClock::now() - term));
}

TEST_F(SystemdNotifyTest, AWedgedLoopStopsThePings) {
  DaemonProcess daemon(dir_ / "newsalert.toml",
                       {{"NOTIFY_SOCKET", notify_.path()},
                        {"WATCHDOG_USEC", "2000000"},
                        {"NEWSALERT_TEST_WEDGE_LOOP_AFTER", "2s"}});
  ASSERT_TRUE(notify_.WaitFor("READY=1", 5s)) << daemon.Log();
  ASSERT_TRUE(daemon.WaitForLog("event loop is now wedged", 5s)) << daemon.Log();
  auto wedged = SteadyClock::now();
  std::this_thread::sleep_for(3s);
  std::vector<NotifyMessage> pings = notify_.With("WATCHDOG=1");
  ASSERT_GE(pings.size(), 2u) << "the loop pinged before it wedged";
  EXPECT_LE(Seconds(pings.back().received - wedged), 0.1)
      << "a ping arrived after the loop wedged";
  EXPECT_TRUE(daemon.process().Running()) << "wedged, not exited";
}

TEST_F(SystemdNotifyTest, NoReadyWithABadConfig) {
  WriteFile(dir_ / "filters.toml",
            "[[filter]]\nname = \"laos\"\nquery = \"(laos\"\nnotify = [\"console\"]\n");
  auto start = SteadyClock::now();
  testing::ProcessResult result =
      testing::RunNewsalert({"run", "-c", (dir_ / "newsalert.toml").string()}, Environment(), 2s);
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_LE(Seconds(SteadyClock::now() - start), 2.0);
  EXPECT_NE(result.err.find((dir_ / "filters.toml").string() + ":3:"), std::string::npos)
      << result.err;
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(notify_.Messages().empty()) << notify_.Messages().front().text;
}

TEST_F(SystemdNotifyTest, NoWatchdogPingsWithoutWatchdogUsec) {
  DaemonProcess daemon(dir_ / "newsalert.toml", {{"NOTIFY_SOCKET", notify_.path()}});
  ASSERT_TRUE(notify_.WaitFor("READY=1", 5s)) << daemon.Log();
  std::this_thread::sleep_for(1500ms);
  EXPECT_TRUE(notify_.With("WATCHDOG=1").empty());
  EXPECT_EQ(daemon.Stop().exit_code, 0);
}

}  // namespace
}  // namespace newsalert
