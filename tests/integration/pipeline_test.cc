// The whole pipeline through the real binary: a local HTTP server serves a
// feed, a local webhook receiver records deliveries, `newsalert run --once`
// runs in between.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/feed_documents.h"
#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using testing::LocalHttpServer;
using testing::ProcessResult;
using testing::RecordedRequest;
using testing::RssFeed;
using testing::StoryItem;
using testing::RunNewsalert;
using testing::TempDir;
using testing::WriteFile;

std::vector<StoryItem> BaseItems() {
  return {
      {"s1", "Nine North Korean defectors detained in Laos",
       "The group was caught near Vientiane."},
      {"u1", "Stock markets close higher", "Shares rose across the region."},
      {"s2", "UNHCR urges Thailand to protect refugees", "North Korean refugees in Thailand."},
      {"u2", "Rain expected over the weekend", "Forecasters expect heavy rain."},
      {"s3", "Defector says China pressured Laos",
       "A defector who crossed from Laos said Chinese officials pushed for the return."},
      {"u3", "Football: local club wins cup", "A late goal settled the final."},
  };
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feeds_.ServeText("/feed.xml", RssFeed(BaseItems()));
    feeds_.Start();
    hooks_ = std::make_unique<LocalHttpServer>();
    hooks_->AcceptPosts("/hook");
    hooks_->Start();
    hook_port_ = hooks_->port();
    WriteConfig();
  }

  void WriteConfig() {
    WriteFile(dir_ / "newsalert.toml",
              "[daemon]\n"
              "state_dir = \"state\"\n"
              "poll_interval = \"1h\"\n"
              "alert_on_first_poll = true\n"
              "filters = [\"filters/*.toml\"]\n"
              "[[feed]]\n"
              "name = \"Test feed\"\n"
              "url = \"" + feeds_.Url("/feed.xml") + "\"\n"
              "tags = [\"korea\"]\n"
              "[[channel]]\n"
              "name = \"hook\"\n"
              "type = \"webhook\"\n"
              "url = \"http://127.0.0.1:" + std::to_string(hook_port_) + "/hook\"\n"
              "retry_schedule = [\"0s\", \"1s\"]\n"
              "timeout = \"5s\"\n");
    WriteFile(dir_ / "filters" / "nk.toml",
              "[[filter]]\n"
              "name = \"nk-laos\"\n"
              "query = '(\"north korean*\" OR defector* OR refugee*) AND (laos OR thailand)'\n"
              "notify = [\"hook\"]\n");
  }

  ProcessResult RunOnce() {
    ProcessResult result = RunNewsalert({"run", "-c", (dir_ / "newsalert.toml").string(), "--once"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result;
  }

  std::vector<RecordedRequest> Deliveries() { return hooks_->Requests("POST", "/hook"); }

  TempDir dir_;
  LocalHttpServer feeds_;
  std::unique_ptr<LocalHttpServer> hooks_;
  int hook_port_ = 0;
};

TEST_F(PipelineTest, DeliversEachMatchingStoryOnceAsVersionedJson) {
  RunOnce();
  std::vector<RecordedRequest> deliveries = Deliveries();
  ASSERT_EQ(deliveries.size(), 3u);
  std::set<std::string> titles, ids;
  for (const RecordedRequest& request : deliveries) {
    EXPECT_EQ(request.Header("Content-Type"), "application/json");
    EXPECT_EQ(request.Header("webhook-id").rfind("nla_", 0), 0u);
    nlohmann::json body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body["version"], 1);
    EXPECT_EQ(body["id"], request.Header("webhook-id"));
    EXPECT_EQ(body["filter"]["name"], "nk-laos");
    EXPECT_EQ(body["feed"]["name"], "Test feed");
    EXPECT_TRUE(body["matched"].is_array() && !body["matched"].empty());
    EXPECT_TRUE(body["snippet"].is_string());
    EXPECT_EQ(body["item"]["published"], "2024-11-05T08:30:00Z");
    titles.insert(body["item"]["title"].get<std::string>());
    ids.insert(body["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(titles, (std::set<std::string>{"Nine North Korean defectors detained in Laos",
                                           "UNHCR urges Thailand to protect refugees",
                                           "Defector says China pressured Laos"}));
}

TEST_F(PipelineTest, SecondRunSendsNothingAndANewItemSendsExactlyOne) {
  RunOnce();
  ASSERT_EQ(Deliveries().size(), 3u);
  RunOnce();
  EXPECT_EQ(Deliveries().size(), 3u);

  std::vector<StoryItem> items = BaseItems();
  items.insert(items.begin(), StoryItem{"s4", "Laos deports refugees to China",
                                        "Refugees were handed over at the border."});
  feeds_.SetText("/feed.xml", RssFeed(items));
  RunOnce();
  std::vector<RecordedRequest> deliveries = Deliveries();
  ASSERT_EQ(deliveries.size(), 4u);
  nlohmann::json body = nlohmann::json::parse(deliveries.back().body);
  EXPECT_EQ(body["item"]["title"], "Laos deports refugees to China");
}

TEST_F(PipelineTest, AlertQueuedWhileReceiverIsDownArrivesOnceWhenItIsBack) {
  RunOnce();
  ASSERT_EQ(Deliveries().size(), 3u);
  hooks_.reset();  // Receiver down: connections are refused.

  std::vector<StoryItem> items = BaseItems();
  items.push_back(StoryItem{"s5", "Refugee group stranded in Laos", "Ten people wait."});
  feeds_.SetText("/feed.xml", RssFeed(items));
  ProcessResult down = RunOnce();
  EXPECT_NE(down.err.find("will retry"), std::string::npos) << down.err;

  hooks_ = std::make_unique<LocalHttpServer>(hook_port_);
  hooks_->AcceptPosts("/hook");
  hooks_->Start();
  RunOnce();
  std::vector<RecordedRequest> deliveries = Deliveries();
  ASSERT_EQ(deliveries.size(), 1u);
  nlohmann::json body = nlohmann::json::parse(deliveries[0].body);
  EXPECT_EQ(body["item"]["title"], "Refugee group stranded in Laos");

  RunOnce();
  EXPECT_EQ(Deliveries().size(), 1u);
}

TEST_F(PipelineTest, FirstPollOfANewFeedMarksItsBacklogSeenWithoutAlerting) {
  std::string config = testing::ReadFile(dir_ / "newsalert.toml");
  config.replace(config.find("alert_on_first_poll = true"), 26, "alert_on_first_poll = false");
  WriteFile(dir_ / "newsalert.toml", config);
  ProcessResult first = RunOnce();
  EXPECT_EQ(Deliveries().size(), 0u);
  EXPECT_NE(first.err.find("backlog marked seen"), std::string::npos) << first.err;

  std::vector<StoryItem> items = BaseItems();
  items.push_back(StoryItem{"s6", "Thailand detains North Korean group", "Eight people."});
  feeds_.SetText("/feed.xml", RssFeed(items));
  RunOnce();
  std::vector<RecordedRequest> deliveries = Deliveries();
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(deliveries[0].body)["item"]["title"],
            "Thailand detains North Korean group");
}

}  // namespace
}  // namespace newsalert
