// kill -9 at random instants and at exact fault points, with the real binary
// (RELIABILITY.md T6, T14, T25, T26, T44), and a receiver down for a
// simulated day. Each test prints its figures (kills, lost, duplicates).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <random>
#include <regex>
#include <set>
#include <thread>

#include "base/strings.h"
#include "integration/delivery_harness.h"

namespace newsalert::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::string IntegrityCheck(const std::filesystem::path& database) {
  return Sqlite(database, "PRAGMA integrity_check; PRAGMA foreign_key_check;");
}

int StoryNumber(const std::string& title) {
  std::smatch match;
  static const std::regex kNumber(R"(Story (\d+))");
  return std::regex_search(title, match, kNumber) ? std::stoi(match[1]) : -1;
}

// The same stories from three outlets: A publishes everything; B carries
// every third story under its own GUID with a tracking parameter on A's
// link; C syndicates every fourth without a GUID, under its own link and
// with its name after the title; A shuffles its items on every change. Two filters; a story matches "laos" when
// its title names Laos, "refugee" when its text says refugees.
struct Newsroom {
  static constexpr int kStories = 480;
  std::vector<FeedItem> a, b, c;
  std::set<std::pair<int, std::string>> expected;  // (story, filter)
  std::mt19937 random{7};

  void Publish(int story) {
    bool laos = story % 3 != 0;
    bool refugees = story % 2 == 0;
    std::string n = std::to_string(story);
    std::string title = "Story " + n + ": " + (laos ? "nine defectors held in Laos" : "talks resume in Seoul") +
                        " case " + n;
    std::string text = refugees ? "Refugees wait at the border." : "Officials met again.";
    std::string link = "https://news-a.example/2024/11/story-" + n;
    a.push_back({"a-" + n, title, link, text});
    if (story % 3 == 0) b.push_back({"b-" + n, title, link + "?utm_source=b&fbclid=x", text});
    if (story % 4 == 0) c.push_back({"", title + " - Outlet C", "https://outlet-c.example/" + n, text});
    if (laos) expected.insert({story, "laos"});
    if (refugees) expected.insert({story, "refugee"});
  }
  void Serve(FeedServer& feeds) {
    // A reorders its items on every version: order never names an item.
    std::vector<FeedItem> shuffled = a;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    feeds.SetItems("/feeds/a", shuffled);
    feeds.SetItems("/feeds/b", b);
    feeds.SetItems("/feeds/c", c);
  }
};

const char* kTwoFilters =
    "[[filter]]\nname = \"laos\"\nquery = \"title:laos\"\nnotify = [\"hook\"]\n"
    "[[filter]]\nname = \"refugee\"\nquery = \"refugee*\"\nnotify = [\"hook\"]\n";

// T6 + T25 + T26: ingest and dispatch under ≥ 20 SIGKILLs.
TEST(Crash, KillsDuringIngestAndDispatchLoseNothingAndDuplicateOnlyWhatWasInFlight) {
  HookReceiver hooks;
  hooks.SetScript({{"default", {{"delay", 0.03}}}});
  FeedServer feeds;
  Newsroom newsroom;
  std::mutex newsroom_mutex;
  for (int i = 0; i < 24; ++i) newsroom.Publish(i);
  newsroom.Serve(feeds);
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}, {"B", feeds.Url("/feeds/b")},
                        {"C", feeds.Url("/feeds/c")}},
                       "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"" +
                           hooks.Url("/hook") +
                           "\"\nflood_threshold = 0\nmax_in_flight = 4\n"
                           "retry_schedule = [\"0s\", \"1s\", \"1s\", \"1s\", \"1s\"]\n",
                       kTwoFilters, "poll_interval = \"1s\"\n");
  // Stories keep arriving while the daemon is killed again and again.
  std::atomic<bool> publishing = true;
  std::thread publisher([&] {
    for (int next = 24; next < Newsroom::kStories && publishing; next += 12) {
      std::this_thread::sleep_for(200ms);
      std::lock_guard<std::mutex> lock(newsroom_mutex);
      for (int i = next; i < next + 12; ++i) newsroom.Publish(i);
      newsroom.Serve(feeds);
    }
  });
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> pause_ms(150, 900);
  const int kKills = 24;
  int integrity_ok = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    std::unique_ptr<Subprocess> daemon = scenario.StartDaemon();
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    daemon->Signal(SIGKILL);
    ProcessResult killed = daemon->Wait(10s);
    EXPECT_EQ(killed.signal, SIGKILL) << killed.err;
    std::string check = IntegrityCheck(scenario.database());
    if (check == "ok\n") {
      ++integrity_ok;
    } else {
      ADD_FAILURE() << "after kill " << kill << ": " << check;
    }
  }
  publishing = false;
  publisher.join();
  {
    std::lock_guard<std::mutex> lock(newsroom_mutex);
    while (static_cast<int>(newsroom.a.size()) < Newsroom::kStories) {
      newsroom.Publish(static_cast<int>(newsroom.a.size()));
    }
    newsroom.Serve(feeds);
  }
  // The last run, undisturbed, until everything is out.
  std::unique_ptr<Subprocess> daemon = scenario.StartDaemon();
  auto pending = [&] {
    return Sqlite(scenario.database(),
                  "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'held')");
  };
  auto received_pairs = [&] {
    std::set<std::pair<int, std::string>> pairs;
    for (const HookRequest& request : hooks.Requests("/hook")) {
      json alert = request.Json();
      pairs.insert({StoryNumber(alert["item"]["title"]), alert["filter"]["name"]});
    }
    return pairs;
  };
  bool drained = WaitFor(
      [&] { return received_pairs().size() >= newsroom.expected.size() && pending() == "0\n"; },
      60s);
  daemon->Signal(SIGTERM);
  ProcessResult last = daemon->Wait(15s);
  EXPECT_EQ(last.exit_code, 0);
  EXPECT_TRUE(drained) << "pending: " << pending();

  std::vector<HookRequest> requests = hooks.Requests("/hook");
  std::map<std::string, std::vector<const HookRequest*>> by_id;
  std::map<std::pair<int, std::string>, std::set<std::string>> ids_by_pair;
  for (const HookRequest& request : requests) {
    by_id[request.Header("webhook-id")].push_back(&request);
    json alert = request.Json();
    EXPECT_EQ(alert["id"], request.Header("webhook-id"));
    ids_by_pair[{StoryNumber(alert["item"]["title"]), alert["filter"]["name"]}].insert(
        alert["id"].get<std::string>());
  }
  int lost = 0, double_alerted = 0, unexpected = 0;
  for (const auto& pair : newsroom.expected) {
    auto it = ids_by_pair.find(pair);
    if (it == ids_by_pair.end()) {
      ++lost;
      ADD_FAILURE() << "lost: story " << pair.first << " filter " << pair.second;
    } else if (it->second.size() > 1) {
      ++double_alerted;  // The same story alerted twice under two ids: a dedupe failure.
      ADD_FAILURE() << "alerted twice: story " << pair.first << " filter " << pair.second;
    }
  }
  for (const auto& [pair, ids] : ids_by_pair) {
    if (newsroom.expected.count(pair) == 0) {
      ++unexpected;
      ADD_FAILURE() << "unexpected alert: story " << pair.first << " filter " << pair.second;
    }
  }
  int duplicates = 0;
  for (const auto& [id, copies] : by_id) {
    duplicates += static_cast<int>(copies.size()) - 1;
    for (const HookRequest* copy : copies) {
      EXPECT_EQ(copy->body, copies[0]->body) << "a duplicate of " << id << " differs";
    }
  }
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(double_alerted, 0);
  EXPECT_EQ(unexpected, 0);
  EXPECT_LE(duplicates, kKills * 4);  // ≤ max_in_flight per kill.
  EXPECT_EQ(integrity_ok, kKills);
  EXPECT_EQ(IntegrityCheck(scenario.database()), "ok\n");
  // Every item of every feed is stored; every (story, filter) has one row.
  std::size_t items = newsroom.a.size() + newsroom.b.size() + newsroom.c.size();
  EXPECT_EQ(Sqlite(scenario.database(), "SELECT COUNT(*) FROM items"), std::to_string(items) + "\n");
  EXPECT_EQ(Sqlite(scenario.database(),
                   "SELECT COUNT(*) FROM (SELECT 1 FROM outbox GROUP BY story_id, filter, channel "
                   "HAVING COUNT(*) > 1)"),
            "0\n");
  EXPECT_EQ(Sqlite(scenario.database(), "SELECT COUNT(*) FROM outbox WHERE state = 'delivered'"),
            std::to_string(newsroom.expected.size()) + "\n");
  std::printf("T6/T25/T26: %d kills, %zu stories in 3 feeds (%zu items), %zu alerts expected, "
              "%zu received distinct, %d lost, %d alerted twice, %d duplicate deliveries "
              "(bound %d), integrity ok %d/%d\n",
              kKills, newsroom.a.size(), items, newsroom.expected.size(), by_id.size(), lost,
              double_alerted, duplicates, kKills * 4, integrity_ok, kKills);
}

// T14: a kill between the feed's response and the commit of its items.
TEST(Crash, KillBeforeTheItemsAreCommittedNeverLosesThemToA304) {
  HookReceiver hooks;
  FeedServer feeds;
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"" +
                           hooks.Url("/hook") + "\"\n",
                       "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"hook\"]\n");
  std::vector<FeedItem> items;
  int complete = 0;
  for (int run = 0; run < 20; ++run) {
    for (int i = 0; i < 5; ++i) {
      std::string n = std::to_string(run * 5 + i);
      items.push_back({"g" + n, "Story " + n + ": defectors held in Laos", "https://a.example/" + n, "x"});
    }
    feeds.SetItems("/feeds/a", items);  // A new ETag with five new items.
    std::size_t before = hooks.Requests("/hook").size();
    ProcessResult killed =
        scenario.RunOnce({{"NEWSALERT_TEST_FAULT", "record-before-commit"}});
    EXPECT_EQ(killed.signal, SIGKILL) << killed.err;
    EXPECT_EQ(hooks.Requests("/hook").size(), before);
    EXPECT_EQ(IntegrityCheck(scenario.database()), "ok\n");
    ProcessResult again = scenario.RunOnce();
    EXPECT_EQ(again.exit_code, 0) << again.err;
    if (hooks.Requests("/hook").size() == before + 5) ++complete;
  }
  EXPECT_EQ(complete, 20);
  std::printf("T14: %d/20 runs alerted all 5 items after a kill before the commit\n", complete);
}

// T6, exactly: a kill after the receiver took an alert and before the
// outbox recorded it repeats that alert, same id, same bytes.
TEST(Crash, KillAfterTheReceiverAcceptedRepeatsTheSameDelivery) {
  HookReceiver hooks;
  FeedServer feeds;
  feeds.SetItems("/feeds/a", {{"g1", "Defectors held in Laos", "https://a.example/1", "x"}});
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"" +
                           hooks.Url("/hook") + "\"\n",
                       "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"hook\"]\n");
  ProcessResult killed = scenario.RunOnce({{"NEWSALERT_TEST_FAULT", "delivered-before-commit"}});
  EXPECT_EQ(killed.signal, SIGKILL);
  ASSERT_EQ(hooks.Requests("/hook").size(), 1u);
  ProcessResult again = scenario.RunOnce();
  EXPECT_EQ(again.exit_code, 0);
  std::vector<HookRequest> requests = hooks.Requests("/hook");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("webhook-id"), requests[1].Header("webhook-id"));
  EXPECT_EQ(requests[0].body, requests[1].body);
  ASSERT_EQ(scenario.RunOnce().exit_code, 0);
  EXPECT_EQ(hooks.Requests("/hook").size(), 2u);
}

// T44: kills while the SMTP server holds the DATA phase open.
TEST(Crash, KillsDuringSmtpDataNeverLoseAMailAndDuplicatesShareTheirMessageId) {
  SmtpServer server(SmtpServer::Options{nullptr, nullptr, 0, "", "", "", 0.25});
  FeedServer feeds;
  std::vector<FeedItem> items;
  for (int i = 0; i < 30; ++i) {
    std::string n = std::to_string(i);
    items.push_back({"g" + n, "Story " + n + ": defectors held in Laos", "https://a.example/" + n, "x"});
  }
  feeds.SetItems("/feeds/a", items);
  Scenario scenario;
  scenario.WriteConfig(
      {{"A", feeds.Url("/feeds/a")}},
      "[[channel]]\nname = \"mail\"\ntype = \"email\"\nsmtp_url = \"smtp://127.0.0.1:" +
          std::to_string(server.port()) +
          "\"\nstarttls = false\nhelo = \"alerts.example.org\"\nfrom = \"newsalert@example.org\"\n"
          "to = [\"desk@example.org\"]\nmax_in_flight = 1\nflood_threshold = 0\n"
          "retry_schedule = [\"0s\", \"1s\", \"1s\", \"1s\", \"1s\"]\n",
      "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"mail\"]\n", "poll_interval = \"1h\"\n");
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> pause_ms(100, 600);
  const int kKills = 20;
  int integrity_ok = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    std::unique_ptr<Subprocess> daemon = scenario.StartDaemon();
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(random)));
    daemon->Signal(SIGKILL);
    daemon->Wait(10s);
    integrity_ok += IntegrityCheck(scenario.database()) == "ok\n";
  }
  std::unique_ptr<Subprocess> daemon = scenario.StartDaemon();
  bool drained = WaitFor(
      [&] {
        return Sqlite(scenario.database(),
                      "SELECT COUNT(*) FROM outbox WHERE state != 'delivered'") == "0\n";
      },
      60s);
  std::this_thread::sleep_for(500ms);  // A mail the server stores after a last kill.
  daemon->Signal(SIGTERM);
  daemon->Wait(15s);
  EXPECT_TRUE(drained);

  std::map<std::string, std::vector<std::string>> by_message_id;
  std::regex message_id(R"(\r\nMessage-ID: (<[^>]+>)\r\n)");
  std::regex delivery(R"(\r\nX-Newsalert-Delivery: (\S+)\r\n)");
  for (const std::string& raw : server.Messages()) {
    std::smatch id_match, delivery_match;
    ASSERT_TRUE(std::regex_search(raw, id_match, message_id));
    ASSERT_TRUE(std::regex_search(raw, delivery_match, delivery));
    EXPECT_EQ(id_match[1].str(), "<" + delivery_match[1].str() + "@alerts.example.org>");
    // Apart from the Date line, a duplicate is the same message.
    by_message_id[id_match[1]].push_back(raw.substr(raw.find("\r\n")));
  }
  int duplicates = 0;
  for (const auto& [id, copies] : by_message_id) {
    duplicates += static_cast<int>(copies.size()) - 1;
    for (const std::string& copy : copies) EXPECT_EQ(copy, copies[0]) << id;
  }
  EXPECT_EQ(by_message_id.size(), 30u);  // 0 lost.
  EXPECT_LE(duplicates, kKills);         // max_in_flight = 1.
  EXPECT_EQ(integrity_ok, kKills);
  std::printf("T44: %d kills during DATA, %zu/30 mails arrived, %d duplicates (bound %d), "
              "integrity ok %d/%d\n",
              kKills, by_message_id.size(), duplicates, kKills, integrity_ok, kKills);
}

// A receiver down for most of a simulated day gets every alert afterwards,
// oldest first.
TEST(Crash, ReceiverDownForADayGetsEveryAlertAfterwardsInOrderOfDetection) {
  TestClock clock(6000);  // A virtual day is 14.4 real seconds.
  HookReceiver hooks(HookReceiver::Options{{}, clock.spec, 0});
  hooks.Stop();
  FeedServer feeds;
  std::vector<FeedItem> items;
  auto publish = [&](int n) {
    std::string id = std::to_string(n);
    items.push_back({"g" + id, "Story " + id + ": defectors held in Laos", "https://a.example/" + id, "x"});
    feeds.SetItems("/feeds/a", items);
  };
  publish(0);
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"" +
                           hooks.Url("/hook") + "\"\nmax_in_flight = 1\n",
                       "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"hook\"]\n",
                       "poll_interval = \"30m\"\n");
  double started = clock.VirtualNow();
  std::unique_ptr<Subprocess> daemon = scenario.StartDaemon({{"NEWSALERT_TEST_CLOCK", clock.spec}});
  // A new story every ~2.5 virtual hours for most of the day.
  for (int n = 1; n < 8; ++n) {
    std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(2.5 * 3600 / clock.scale * 1000)));
    publish(n);
  }
  // Back after 20 virtual hours.
  while (clock.VirtualNow() - started < 20 * 3600) std::this_thread::sleep_for(20ms);
  hooks.Restart();
  bool all = WaitFor([&] { return hooks.Requests("/hook").size() >= 8; }, 30s);
  std::this_thread::sleep_for(300ms);
  daemon->Signal(SIGTERM);
  ProcessResult stopped = daemon->Wait(15s);
  ASSERT_TRUE(all) << stopped.err;
  std::vector<HookRequest> requests = hooks.Requests("/hook");
  std::sort(requests.begin(), requests.end(),
            [](const HookRequest& a, const HookRequest& b) { return a.real_time < b.real_time; });
  ASSERT_EQ(requests.size(), 8u);
  std::vector<int> order;
  for (const HookRequest& request : requests) {
    order.push_back(StoryNumber(request.Json()["item"]["title"]));
    EXPECT_GE(request.virtual_time - started, 20 * 3600);
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Sqlite(scenario.database(), "SELECT COUNT(*) FROM outbox WHERE state = 'delivered'"),
            "8\n");
  // While down, only the oldest alert knocked: one request per retry step.
  EXPECT_EQ(Sqlite(scenario.database(), "SELECT MAX(attempts) FROM outbox WHERE delivery_id != "
                                        "(SELECT delivery_id FROM outbox ORDER BY id LIMIT 1)"),
            "1\n");
  EXPECT_EQ(CountLines(stopped.err, "channel failing"), 1);
  EXPECT_EQ(CountLines(stopped.err, "channel recovered"), 1);
  std::printf("receiver down %.1f virtual hours: %zu/8 alerts arrived afterwards, in order\n",
              (requests.front().virtual_time - started) / 3600, requests.size());
}

}  // namespace
}  // namespace newsalert::testing
