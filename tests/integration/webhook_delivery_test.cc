// Webhook delivery through the real binary (RELIABILITY.md T2-T5, T7):
// headers and signatures across retries, the retry schedule on the scaled
// clock, status-code semantics, hung receivers, per-endpoint concurrency,
// chat formats, digests, the flood breaker and send-test.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "base/strings.h"
#include "integration/delivery_harness.h"
#include "store/database.h"
#include "store/outbox.h"

namespace newsalert::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

std::vector<FeedItem> Stories(int count, const std::string& prefix = "s", int first = 0) {
  std::vector<FeedItem> items;
  for (int i = first; i < first + count; ++i) {
    std::string id = prefix + std::to_string(i);
    items.push_back(FeedItem{id, "Story " + id + ": defectors held in Laos",
                             "https://news.example/" + prefix + "/" + std::to_string(i),
                             "Refugees were stopped near Vientiane, Laos."});
  }
  return items;
}

std::string Webhook(const std::string& name, const std::string& url, const std::string& extra = "") {
  return "[[channel]]\nname = \"" + name + "\"\ntype = \"webhook\"\nurl = \"" + url + "\"\n" + extra;
}

std::string Filter(const std::vector<std::string>& channels) {
  std::string notify;
  for (const std::string& channel : channels) {
    notify += (notify.empty() ? "\"" : ", \"") + channel + "\"";
  }
  return "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [" + notify + "]\n";
}

std::map<std::string, std::vector<HookRequest>> ById(const std::vector<HookRequest>& requests) {
  std::map<std::string, std::vector<HookRequest>> by_id;
  for (const HookRequest& request : requests) by_id[request.Header("webhook-id")].push_back(request);
  for (auto& [id, attempts] : by_id) {
    std::sort(attempts.begin(), attempts.end(),
              [](const HookRequest& a, const HookRequest& b) { return a.attempt < b.attempt; });
  }
  return by_id;
}

std::int64_t Timestamp(const HookRequest& request) {
  return std::stoll(request.Header("webhook-timestamp"));
}

// T2: 200 alerts, each refused twice (503) and accepted the third time.
TEST(WebhookDelivery, HeadersStayTheSameAcrossRetriesAndVerifyWithEitherSecret) {
  std::vector<std::string> secrets = {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                      "whsec_bmV3c2FsZXJ0LXJvdGF0ZWQta2V5LTAwMDAwMDAx"};
  HookReceiver hooks(HookReceiver::Options{secrets, "", 0});
  hooks.SetScript({{"paths", {{"/t2", {{"statuses", {503, 503, 200}}}}}}});
  FeedServer feeds;
  feeds.SetItems("/feeds/a", Stories(200));
  Scenario scenario;
  WriteFile(scenario.path("hook.secret"), secrets[0] + "\n" + secrets[1] + "\n");
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       Webhook("hook", hooks.Url("/t2"),
                               "secret_file = \"hook.secret\"\nflood_threshold = 0\n"
                               "retry_schedule = [\"0s\", \"0s\", \"0s\", \"0s\"]\n"),
                       Filter({"hook"}));
  ProcessResult run = scenario.RunOnce();
  ASSERT_EQ(run.exit_code, 0) << run.err;

  std::vector<HookRequest> requests = hooks.Requests("/t2");
  EXPECT_EQ(requests.size(), 600u);
  std::map<std::string, std::vector<HookRequest>> by_id = ById(requests);
  EXPECT_EQ(by_id.size(), 200u);
  std::regex signature_header("v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=");
  int verified = 0;
  for (const auto& [id, attempts] : by_id) {
    ASSERT_EQ(attempts.size(), 3u) << id;
    EXPECT_EQ(attempts[2].status, 200);
    EXPECT_EQ(attempts[0].Json()["id"], id);
    std::int64_t previous = 0;
    for (const HookRequest& attempt : attempts) {
      EXPECT_EQ(attempt.body, attempts[0].body) << "body changed between retries of " << id;
      EXPECT_EQ(attempt.Header("content-type"), "application/json");
      std::int64_t timestamp = Timestamp(attempt);
      EXPECT_GE(timestamp, previous);
      previous = timestamp;
      EXPECT_LE(std::abs(static_cast<double>(timestamp) - attempt.real_time), 2.0);
      EXPECT_TRUE(std::regex_match(attempt.Header("webhook-signature"), signature_header))
          << attempt.Header("webhook-signature");
      ASSERT_EQ(attempt.signature_ok.size(), 2u);
      if (attempt.signature_ok[0] && attempt.signature_ok[1]) ++verified;
    }
  }
  EXPECT_EQ(verified, 600);
}

// T3: a receiver that always answers 503 gets the default schedule.
TEST(WebhookDelivery, RetryScheduleRunsItsCourseOnTheScaledClock) {
  TestClock clock(4000);
  HookReceiver hooks(HookReceiver::Options{{}, clock.spec, 0});
  hooks.SetScript({{"paths", {{"/t3", {{"statuses", {503}}}}}}});
  FeedServer feeds;
  feeds.SetItems("/feeds/a", Stories(1));
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}}, Webhook("hook", hooks.Url("/t3")),
                       Filter({"hook"}), "poll_interval = \"48h\"\n");
  std::unique_ptr<Subprocess> daemon =
      scenario.StartDaemon({{"NEWSALERT_TEST_CLOCK", clock.spec}});
  ASSERT_TRUE(WaitFor([&] { return hooks.Requests("/t3").size() >= 8; }, 60s))
      << hooks.Requests("/t3").size() << "\n" << daemon->Err();
  // Three more virtual hours: nothing after the give-up.
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<int>(3 * 3600 * 1000 / clock.scale)));
  daemon->Signal(SIGTERM);
  ProcessResult stopped = daemon->Wait(20s);
  EXPECT_EQ(stopped.exit_code, 0);

  std::vector<HookRequest> attempts = hooks.Requests("/t3");
  ASSERT_EQ(attempts.size(), 8u);
  std::sort(attempts.begin(), attempts.end(),
            [](const HookRequest& a, const HookRequest& b) { return a.real_time < b.real_time; });
  const double nominal[] = {5, 300, 1800, 7200, 18000, 36000};
  // The daemon never tries early; late only by its own latency (scaled).
  const double slack = 0.3 * clock.scale;
  std::string measured;
  for (int i = 0; i < 6; ++i) {
    double delay = static_cast<double>(Timestamp(attempts[i + 1]) - Timestamp(attempts[i]));
    measured += std::to_string(static_cast<long>(delay)) + "s ";
    EXPECT_GE(delay, nominal[i] * 0.8 - 1) << "attempt " << i + 2;
    EXPECT_LE(delay, nominal[i] * 1.2 + 1 + slack) << "attempt " << i + 2;
  }
  double last = static_cast<double>(Timestamp(attempts[7]) - Timestamp(attempts[0]));
  EXPECT_GE(last, 86400 - 1);
  EXPECT_LE(last, 86400 + slack);
  std::printf("T3 delays (virtual, scale %g): %slast at %.0fs after the first\n", clock.scale,
              measured.c_str(), last);

  EXPECT_EQ(Sqlite(scenario.database(), "SELECT state, attempts FROM outbox"), "failed|8\n");
  EXPECT_EQ(CountLines(stopped.err, "failed permanently"), 1) << stopped.err;
  EXPECT_EQ(CountLines(stopped.err, "Z error "), 1) << stopped.err;
  std::unique_ptr<store::Database> db = std::move(*store::Database::Open(scenario.database()));
  std::vector<store::ChannelSummary> summaries = *store::Outbox(*db).Summaries(0);
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].failed, 1);
  EXPECT_EQ(summaries[0].last_failure_status, 503);
}

// T4: one alert per status code.
TEST(WebhookDelivery, StatusCodesDecideDeliveredRetriedDisabledOrGivenUp) {
  TestClock clock(100);
  HookReceiver hooks(HookReceiver::Options{{}, clock.spec, 0});
  std::vector<int> codes = {200, 201, 204, 299, 301, 302, 307, 308, 408, 429,
                            500, 502, 503, 504, 410, 400, 404};
  json paths;
  std::string channels;
  std::vector<std::string> names;
  for (int code : codes) {
    std::string path = "/s/" + std::to_string(code);
    paths[path] = {{"status", code}, {"headers", {{"Location", hooks.Url("/target")}}}};
    names.push_back("c" + std::to_string(code));
    channels += Webhook(names.back(), hooks.Url(path));
  }
  paths["/ra-seconds"] = {{"status", 503}, {"headers", {{"Retry-After", "120"}}}};
  paths["/ra-date"] = {{"status", 429}, {"retry_after_date", 120}};
  for (const char* path : {"/ra-seconds", "/ra-date"}) {
    names.push_back(std::string("c") + (path + 1));
    channels += Webhook(names.back(), hooks.Url(path));
  }
  hooks.SetScript({{"paths", paths}});
  FeedServer feeds;
  feeds.SetItems("/feeds/a", Stories(1));
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}}, channels, Filter(names),
                       "poll_interval = \"48h\"\n");
  std::unique_ptr<Subprocess> daemon =
      scenario.StartDaemon({{"NEWSALERT_TEST_CLOCK", clock.spec}});
  auto count = [&](const std::string& path) { return hooks.Requests(path).size(); };
  ASSERT_TRUE(WaitFor(
      [&] {
        for (int code : {301, 302, 307, 308, 400, 404}) {
          if (count("/s/" + std::to_string(code)) < 3) return false;
        }
        for (int code : {408, 429, 500, 502, 503, 504}) {
          if (count("/s/" + std::to_string(code)) < 2) return false;
        }
        return count("/ra-seconds") >= 2 && count("/ra-date") >= 2;
      },
      40s))
      << daemon->Err();
  std::this_thread::sleep_for(500ms);
  daemon->Signal(SIGTERM);
  ProcessResult stopped = daemon->Wait(20s);

  auto state = [&](const std::string& channel) {
    return Sqlite(scenario.database(),
                  "SELECT state FROM outbox WHERE channel = '" + channel + "'");
  };
  for (int code : {200, 201, 204, 299}) {
    EXPECT_EQ(count("/s/" + std::to_string(code)), 1u) << code;
    EXPECT_EQ(state("c" + std::to_string(code)), "delivered\n") << code;
  }
  for (int code : {301, 302, 307, 308, 400, 404}) {
    EXPECT_EQ(count("/s/" + std::to_string(code)), 3u) << code;  // Three tries, then given up.
    EXPECT_EQ(state("c" + std::to_string(code)), "failed\n") << code;
  }
  EXPECT_EQ(count("/target"), 0u);  // Redirects are never followed.
  for (int code : {408, 429, 500, 502, 503, 504}) {
    EXPECT_GE(count("/s/" + std::to_string(code)), 2u) << code;
    EXPECT_EQ(state("c" + std::to_string(code)), "pending\n") << code;
  }
  EXPECT_EQ(count("/s/410"), 1u);
  EXPECT_EQ(state("c410"), "pending\n");  // Kept for when the channel is re-enabled.
  EXPECT_NE(Sqlite(scenario.database(), "SELECT disabled_reason FROM channels WHERE name = 'c410'")
                .find("410"),
            std::string::npos);
  for (const char* path : {"/ra-seconds", "/ra-date"}) {
    std::vector<HookRequest> attempts = hooks.Requests(path);
    std::sort(attempts.begin(), attempts.end(),
              [](const HookRequest& a, const HookRequest& b) { return a.attempt < b.attempt; });
    std::int64_t waited = Timestamp(attempts[1]) - Timestamp(attempts[0]);
    EXPECT_GE(waited, 119) << path;  // The HTTP-date has whole seconds.
    EXPECT_LE(waited, 120 + 0.5 * clock.scale) << path;  // Latency, scaled.
  }
  EXPECT_EQ(CountLines(stopped.err, "channel disabled: receiver answered 410"), 1);
}

// T5: a receiver that accepts and never answers blocks neither the healthy
// channel nor the polling.
TEST(WebhookDelivery, HungReceiverBlocksNoOtherChannelAndNoPolling) {
  HookReceiver hooks;
  hooks.SetScript({{"paths", {{"/hung", {{"delay", 3600}}}}}});
  FeedServer feeds;
  feeds.SetItems("/feeds/a", Stories(50));
  Scenario scenario;
  scenario.WriteConfig(
      {{"A", feeds.Url("/feeds/a")}},
      Webhook("hung", hooks.Url("/hung"),
              "timeout = \"2s\"\nflood_threshold = 0\nretry_schedule = [\"0s\", \"0s\", \"0s\", "
              "\"0s\", \"0s\", \"0s\", \"0s\", \"0s\"]\n") +
          Webhook("healthy", hooks.Url("/healthy"), "flood_threshold = 0\n"),
      Filter({"hung", "healthy"}), "poll_interval = \"1s\"\n");
  double started = UnixNow();
  std::unique_ptr<Subprocess> daemon = scenario.StartDaemon();
  ASSERT_TRUE(WaitFor([&] { return hooks.Requests("/healthy").size() >= 50; }, 20s));
  std::this_thread::sleep_for(std::chrono::milliseconds(
      static_cast<int>(std::max(0.0, 9.0 - (UnixNow() - started)) * 1000)));
  int polls = feeds.Requests("/feeds/a");
  double ran = UnixNow() - started;
  daemon->Signal(SIGTERM);
  ProcessResult stopped = daemon->Wait(15s);
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;

  std::vector<HookRequest> healthy = hooks.Requests("/healthy");
  ASSERT_EQ(healthy.size(), 50u);
  double first = healthy.front().real_time, last = healthy.front().real_time;
  for (const HookRequest& request : healthy) {
    first = std::min(first, request.real_time);
    last = std::max(last, request.real_time);
  }
  EXPECT_LE(last - first, 1.0);
  EXPECT_LE(first - started, 3.0);
  // The hung endpoint: attempts end at the 2 s timeout, one after another.
  std::vector<double> arrivals;
  for (const HookRequest& request : hooks.Requests("/hung")) arrivals.push_back(request.real_time);
  // Requests still hanging are not logged yet: ask the daemon's log instead.
  EXPECT_GE(CountLines(stopped.err, "channel=hung") , 4) << stopped.err;
  std::regex timeout_line(R"(T(\d+:\d+:\d+\.\d+)Z warning alert delivery failed.*channel=hung)");
  std::vector<double> failures;
  for (std::string_view line : Split(stopped.err, '\n')) {
    std::smatch match;
    std::string text(line);
    if (std::regex_search(text, match, timeout_line)) {
      int h = 0, m = 0;
      double s = 0;
      std::sscanf(match[1].str().c_str(), "%d:%d:%lf", &h, &m, &s);
      failures.push_back(h * 3600 + m * 60 + s);
    }
  }
  ASSERT_GE(failures.size(), 6u) << stopped.err;
  // After the first four time out together, one at a time: 2 s apart.
  for (std::size_t i = 4; i + 1 < failures.size(); ++i) {
    EXPECT_NEAR(failures[i + 1] - failures[i], 2.0, 0.5) << i;
  }
  EXPECT_GE(polls, static_cast<int>(ran) - 3) << "polling stalled";
}

// T7: never more than max_in_flight requests at once to one endpoint.
TEST(WebhookDelivery, PerEndpointConcurrencyStaysWithinMaxInFlight) {
  HookReceiver hooks;
  hooks.SetScript({{"paths", {{"/slow", {{"delay", 0.15}}}}}});
  FeedServer feeds;
  feeds.SetItems("/feeds/a", Stories(60));
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       Webhook("slow", hooks.Url("/slow"), "flood_threshold = 0\n") +
                           Webhook("fast", hooks.Url("/fast"), "flood_threshold = 0\n"),
                       Filter({"slow", "fast"}));
  ProcessResult run = scenario.RunOnce();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::vector<HookRequest> slow = hooks.Requests("/slow");
  std::vector<HookRequest> fast = hooks.Requests("/fast");
  ASSERT_EQ(slow.size(), 60u);
  ASSERT_EQ(fast.size(), 60u);
  int max_concurrent = 0;
  double slow_last = 0, fast_last = 0, fast_first = 1e18;
  for (const HookRequest& request : slow) {
    max_concurrent = std::max(max_concurrent, request.concurrent);
    slow_last = std::max(slow_last, request.real_time);
  }
  for (const HookRequest& request : fast) {
    fast_last = std::max(fast_last, request.real_time);
    fast_first = std::min(fast_first, request.real_time);
  }
  EXPECT_EQ(max_concurrent, 4);
  EXPECT_LE(fast_last - fast_first, 1.0);  // Not held back by the slow endpoint.
  EXPECT_GT(slow_last, fast_last);
}

TEST(WebhookDelivery, SlackAndDiscordGetTheirNativeMessagesSigned) {
  std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  HookReceiver hooks(HookReceiver::Options{{secret}, "", 0});
  FeedServer feeds;
  feeds.SetItems("/feeds/a", Stories(1));
  Scenario scenario;
  WriteFile(scenario.path("s"), secret);
  std::string signed_key = "secret_file = \"s\"\n";
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       Webhook("json", hooks.Url("/json"), signed_key) +
                           Webhook("slack", hooks.Url("/slack"), signed_key + "format = \"slack\"\n") +
                           Webhook("discord", hooks.Url("/discord"),
                                   signed_key + "format = \"discord\"\n"),
                       Filter({"json", "slack", "discord"}));
  ASSERT_EQ(scenario.RunOnce().exit_code, 0);
  std::vector<HookRequest> json_requests = hooks.Requests("/json");
  std::vector<HookRequest> slack = hooks.Requests("/slack");
  std::vector<HookRequest> discord = hooks.Requests("/discord");
  ASSERT_EQ(json_requests.size(), 1u);
  ASSERT_EQ(slack.size(), 1u);
  ASSERT_EQ(discord.size(), 1u);
  json alert = json_requests[0].Json();
  EXPECT_EQ(alert["version"], 1);
  EXPECT_EQ(alert["type"], "alert");
  std::string section = slack[0].Json()["blocks"][0]["text"]["text"];
  EXPECT_EQ(section.rfind("*<https://news.example/s/0|Story s0: defectors held in Laos>*\n", 0), 0u)
      << section;
  EXPECT_NE(section.find("*Laos*"), std::string::npos) << section;
  json embed = discord[0].Json()["embeds"][0];
  EXPECT_EQ(embed["title"], "Story s0: defectors held in Laos");
  EXPECT_EQ(embed["url"], "https://news.example/s/0");
  for (const auto* requests : {&json_requests, &slack, &discord}) {
    EXPECT_TRUE((*requests)[0].signature_ok.at(0)) << (*requests)[0].path;
  }
}

// Digests: one message per window, every alert in exactly one, across a
// kill -9 in the middle of a window.
TEST(WebhookDelivery, HourlyDigestListsEveryAlertOfTheWindowOnceAcrossARestart) {
  TestClock clock(600);  // A virtual hour is 6 real seconds.
  HookReceiver hooks(HookReceiver::Options{{}, clock.spec, 0});
  FeedServer feeds;
  feeds.SetItems("/feeds/a", Stories(3));
  Scenario scenario;
  scenario.WriteConfig({{"A", feeds.Url("/feeds/a")}},
                       Webhook("digest", hooks.Url("/digest"), "mode = \"hourly\"\n") +
                           Webhook("now", hooks.Url("/now")),
                       Filter({"digest", "now"}), "poll_interval = \"10m\"\n");
  std::map<std::string, std::string> env = {{"NEWSALERT_TEST_CLOCK", clock.spec}, {"TZ", "UTC"}};
  auto real_until_window_end = [&] {
    double end = std::ceil(clock.VirtualNow() / 3600) * 3600;
    return (end - clock.VirtualNow()) / clock.scale;
  };
  if (real_until_window_end() < 2.5) {  // Start early in a window: the kill must come first.
    std::this_thread::sleep_for(std::chrono::milliseconds(
        static_cast<int>(real_until_window_end() * 1000) + 100));
  }
  std::unique_ptr<Subprocess> daemon = scenario.StartDaemon(env);
  ASSERT_TRUE(WaitFor([&] { return hooks.Requests("/now").size() >= 3; }, 20s)) << daemon->Err();
  daemon->Signal(SIGKILL);  // The three wait, held, in the store.
  daemon->Wait(5s);
  EXPECT_TRUE(hooks.Requests("/digest").empty());
  EXPECT_EQ(Sqlite(scenario.database(), "SELECT COUNT(*) FROM outbox WHERE state = 'held'"), "3\n");
  // Come back after the window ended, with two more stories on the way.
  std::this_thread::sleep_for(
      std::chrono::milliseconds(static_cast<int>(real_until_window_end() * 1000) + 300));
  feeds.SetItems("/feeds/a", Stories(5));
  daemon = scenario.StartDaemon(env);
  ASSERT_TRUE(WaitFor([&] { return hooks.Requests("/digest").size() >= 2; }, 30s))
      << daemon->Err();
  std::this_thread::sleep_for(1s);
  daemon->Signal(SIGTERM);
  daemon->Wait(15s);

  std::vector<HookRequest> digests = hooks.Requests("/digest");
  ASSERT_EQ(digests.size(), 2u);
  std::sort(digests.begin(), digests.end(),
            [](const HookRequest& a, const HookRequest& b) { return a.real_time < b.real_time; });
  std::set<std::string> alert_ids;
  std::vector<std::size_t> counts;
  for (const HookRequest& request : digests) {
    json digest = request.Json();
    EXPECT_EQ(digest["type"], "digest");
    EXPECT_EQ(digest["id"], request.Header("webhook-id"));
    std::string end = digest["window"]["end"];
    EXPECT_EQ(end.substr(13), ":00:00Z") << end;  // Windows end on full hours.
    counts.push_back(digest["count"].get<std::size_t>());
    for (const json& alert : digest["alerts"]) {
      EXPECT_TRUE(alert_ids.insert(alert["id"].get<std::string>()).second) << "alert in two digests";
    }
  }
  EXPECT_EQ(counts, (std::vector<std::size_t>{3, 2}));
  // The kill may repeat an immediate alert that was in flight; never a story.
  EXPECT_EQ(ById(hooks.Requests("/now")).size(), 5u);
  EXPECT_EQ(Sqlite(scenario.database(),
                   "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'held')"),
            "0\n");
}

TEST(WebhookDelivery, FloodBreakerTurnsAnArchiveDumpIntoOneSummary) {
  HookReceiver hooks;
  FeedServer feeds;
  feeds.SetItems("/feeds/a", Stories(30));
  Scenario scenario;
  scenario.WriteConfig({{"Archive", feeds.Url("/feeds/a")}},
                       Webhook("desk", hooks.Url("/desk")) +
                           Webhook("machine", hooks.Url("/machine"), "flood_threshold = 0\n"),
                       Filter({"desk", "machine"}));
  ProcessResult first = scenario.RunOnce();
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::vector<HookRequest> desk = hooks.Requests("/desk");
  ASSERT_EQ(desk.size(), 1u);
  json summary = desk[0].Json();
  EXPECT_EQ(summary["type"], "flood");
  EXPECT_EQ(summary["count"], 30);
  EXPECT_EQ(summary["feed"]["name"], "Archive");
  std::set<std::string> ids;
  for (const json& alert : summary["alerts"]) ids.insert(alert["id"].get<std::string>());
  EXPECT_EQ(ids.size(), 30u);
  EXPECT_EQ(hooks.Requests("/machine").size(), 30u);
  EXPECT_EQ(CountLines(first.err, "flood breaker"), 1);
  // A normal poll afterwards alerts one by one.
  feeds.SetItems("/feeds/a", Stories(33));
  ASSERT_EQ(scenario.RunOnce().exit_code, 0);
  EXPECT_EQ(hooks.Requests("/desk").size(), 4u);
}

TEST(SendTest, PrintsTheReceiversAnswerAndExitsNonZeroWhenRefused) {
  std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  HookReceiver hooks(HookReceiver::Options{{secret}, "", 0});
  hooks.SetScript({{"paths", {{"/fail", {{"status", 500}, {"body", "database down"}}}}}});
  Scenario scenario;
  WriteFile(scenario.path("s"), secret);
  scenario.WriteConfig({}, Webhook("ok", hooks.Url("/ok"), "secret_file = \"s\"\n") +
                               Webhook("fail", hooks.Url("/fail")) +
                               Webhook("slack", hooks.Url("/slack"), "format = \"slack\"\n"),
                       Filter({"ok"}));
  ProcessResult ok = RunNewsalert({"send-test", "ok", "-c", scenario.config().string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("delivered: HTTP 200: ok"), std::string::npos) << ok.out;
  ASSERT_EQ(hooks.Requests("/ok").size(), 1u);
  HookRequest test = hooks.Requests("/ok")[0];
  EXPECT_EQ(test.Json()["test"], true);
  EXPECT_TRUE(test.signature_ok.at(0));

  ProcessResult fail = RunNewsalert({"send-test", "fail", "-c", scenario.config().string()});
  EXPECT_EQ(fail.exit_code, 1);
  EXPECT_NE(fail.out.find("HTTP 500: database down"), std::string::npos) << fail.out;

  ProcessResult slack = RunNewsalert({"send-test", "slack", "-c", scenario.config().string()});
  EXPECT_EQ(slack.exit_code, 0);
  EXPECT_NE(hooks.Requests("/slack").at(0).body.find("[TEST]"), std::string::npos);

  ProcessResult unknown = RunNewsalert({"send-test", "nope", "-c", scenario.config().string()});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("channels: ok, fail, slack"), std::string::npos) << unknown.err;
  // Nothing went through the outbox.
  EXPECT_FALSE(std::filesystem::exists(scenario.database()));
}

}  // namespace
}  // namespace newsalert::testing
