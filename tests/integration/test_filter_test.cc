// `newsalert test-filter`: the real binary over local files and a local
// HTTP feed server.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using testing::LocalHttpServer;
using testing::ProcessResult;
using testing::RunNewsalert;
using testing::TempDir;
using testing::WriteFile;

const char* kFeed = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Desk</title><link>https://desk.example/</link>
<item><title>Laos Returns North Korean Refugees</title>
<link>https://desk.example/laos-returns</link><guid>1</guid>
<pubDate>Tue, 04 Jun 2013 08:30:00 GMT</pubDate>
<description>Nine &lt;b&gt;North Korean&lt;/b&gt; defectors were detained in Vientiane.</description></item>
<item><title>Football: Lotte Giants win</title><link>https://desk.example/football</link>
<guid>2</guid><description>A defector to a rival club scored twice in Laos.</description></item>
<item><title>탈북자들이 라오스에서 체포</title><link>https://desk.example/ko</link><guid>3</guid>
<description>라오스 당국이 탈북자 9명을 중국으로 보냈다.</description></item>
</channel></rss>
)";

class TestFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feed_ = (dir_ / "desk.xml").string();
    WriteFile(feed_, kFeed);
    WriteFile(dir_ / "newsalert.toml",
              "[daemon]\nstate_dir = \"state\"\nfilters = [\"filters.toml\"]\n"
              "[[feed]]\nname = \"Korea Desk\"\nurl = \"file:desk.xml\"\ntags = [\"korea\"]\n"
              "[[channel]]\nname = \"c\"\ntype = \"console\"\n");
    WriteFile(dir_ / "filters.toml",
              "[aliases]\nlaos = [\"laos\", \"vientiane\", \"라오스\"]\n"
              "[[filter]]\nname = \"nk-laos\"\n"
              "query = '(\"north korean*\" OR defector* OR 탈북자) NEAR/10 @laos -football'\n"
              "notify = [\"c\"]\n"
              "[[filter]]\nname = \"sport\"\nquery = 'title:football'\nnotify = [\"c\"]\n"
              "feeds = [\"korea\"]\n");
  }
  std::string Config() const { return (dir_ / "newsalert.toml").string(); }

  TempDir dir_;
  std::string feed_;
};

// Parsed keeping the order of keys, which the output promises.
std::vector<nlohmann::ordered_json> JsonLines(const std::string& out) {
  std::vector<nlohmann::ordered_json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) lines.push_back(nlohmann::ordered_json::parse(line));
  return lines;
}

TEST_F(TestFilterTest, AQueryPrintsEachMatchWithTermsAndSnippet) {
  ProcessResult result = RunNewsalert({"test-filter", "defector* NEAR/5 vientiane", feed_});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("query: Laos Returns North Korean Refugees\n"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("  matched:   defector*, vientiane\n"), std::string::npos);
  EXPECT_NE(result.out.find("  snippet:   Nine North Korean **defectors** were detained in "
                            "**Vientiane**."),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("  published: 2013-06-04T08:30:00Z"), std::string::npos);
  EXPECT_EQ(result.out.find("Football"), std::string::npos);
  EXPECT_NE(result.err.find("1 match in 3 items from 1 feed"), std::string::npos) << result.err;
}

TEST_F(TestFilterTest, JsonPrintsOneObjectPerLine) {
  ProcessResult result =
      RunNewsalert({"test-filter", "-c", Config(), "--all", "--json", "Korea Desk"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<nlohmann::ordered_json> lines = JsonLines(result.out);
  ASSERT_EQ(lines.size(), 3u) << result.out;
  std::vector<std::string> keys;
  for (auto& [key, value] : lines[0].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"filter", "title", "link", "published", "matched",
                                            "snippet"}));
  EXPECT_EQ(lines[0]["filter"], "nk-laos");
  EXPECT_EQ(lines[0]["link"], "https://desk.example/laos-returns");
  EXPECT_EQ(lines[0]["matched"],
            nlohmann::ordered_json({"\"north korean*\"", "defector*", "laos", "vientiane"}));
  EXPECT_EQ(lines[1]["filter"], "sport");
  EXPECT_TRUE(lines[1]["published"].is_null());
  EXPECT_EQ(lines[2]["filter"], "nk-laos");
  EXPECT_EQ(lines[2]["matched"], nlohmann::ordered_json({"탈북자", "라오스"}));
  // A dry run: no state, no database.
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state"));
}

TEST_F(TestFilterTest, OneFilterOrAllOfTheConfigsFeeds) {
  ProcessResult result = RunNewsalert({"test-filter", "-c", Config(), "--filter", "sport"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("sport: Football: Lotte Giants win"), std::string::npos);
  EXPECT_EQ(result.out.find("nk-laos"), std::string::npos);
  ProcessResult unknown = RunNewsalert({"test-filter", "-c", Config(), "--filter", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("no filter named \"nope\" (filters: nk-laos, sport)"),
            std::string::npos)
      << unknown.err;
}

TEST_F(TestFilterTest, AQueryMayUseTheConfigsAliases) {
  ProcessResult result = RunNewsalert({"test-filter", "-c", Config(), "title:@laos", feed_});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("query: Laos Returns"), std::string::npos);
  EXPECT_NE(result.out.find("query: 탈북자들이"), std::string::npos);
}

TEST_F(TestFilterTest, FetchesUrlsWithTheDaemonsHttpCode) {
  LocalHttpServer server;
  server.ServeText("/feed.xml", kFeed);
  server.Start();
  ProcessResult result = RunNewsalert({"test-filter", "--json", "laos", server.Url("/feed.xml")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(JsonLines(result.out).size(), 2u) << result.out;
  std::vector<testing::RecordedRequest> requests = server.Requests("GET", "/feed.xml");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Header("User-Agent").rfind("newsalert/", 0), 0u);
}

TEST_F(TestFilterTest, NoMatchIsSuccess) {
  ProcessResult result = RunNewsalert({"test-filter", "cambodia", feed_});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "");
}

TEST_F(TestFilterTest, AQueryStartingWithMinusGoesAfterDoubleDash) {
  ProcessResult result = RunNewsalert({"test-filter", "--", "-football laos", feed_});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Laos Returns"), std::string::npos);
  EXPECT_EQ(result.out.find("Football"), std::string::npos);
  ProcessResult without = RunNewsalert({"test-filter", "-football laos", feed_});
  EXPECT_EQ(without.exit_code, 2);
}

TEST_F(TestFilterTest, ABadQueryIsExitTwoWithACaret) {
  ProcessResult result = RunNewsalert({"test-filter", "(laos OR vientiane", feed_});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("query:1:19: expected ')' to close '(' opened at column 1\n"
                            "    (laos OR vientiane\n"
                            "                      ^"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(RunNewsalert({"test-filter", "laos", "-c", (dir_ / "missing.toml").string(), feed_})
                .exit_code,
            2);
  EXPECT_EQ(RunNewsalert({"test-filter"}).exit_code, 2);
}

TEST_F(TestFilterTest, AFeedThatCannotBeReadIsExitOneButOthersStillShow) {
  WriteFile(dir_ / "broken.xml", "this is not a feed");
  ProcessResult result = RunNewsalert({"test-filter", "laos", (dir_ / "missing.xml").string(),
                                       (dir_ / "broken.xml").string(), feed_,
                                       "http://127.0.0.1:1/feed.xml"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.out.find("Laos Returns"), std::string::npos);
  EXPECT_NE(result.err.find("missing.xml: cannot read file"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("broken.xml: "), std::string::npos);
  EXPECT_NE(result.err.find("http://127.0.0.1:1/feed.xml: "), std::string::npos);
}

}  // namespace
}  // namespace newsalert

namespace newsalert {
namespace {

// The example filter file validates and, over the demo feeds, alerts on the
// seed story only (not on the Laos tourism, Cambodia election, baseball or
// "defector to rival club" stories).
TEST(ExampleFilters, CatchTheSeedStoryAndNoNearMiss) {
  TempDir dir;
  std::filesystem::path source = testing::SourceDir();
  WriteFile(dir / "newsalert.toml",
            "[daemon]\nstate_dir = \"state\"\nfilters = [\"" +
                (source / "filters" / "*.toml").string() +
                "\"]\n"
                "[[feed]]\nname = \"Korea Desk\"\nurl = \"file://" +
                (source / "config" / "demo-feeds" / "korea-desk.xml").string() +
                "\"\ntags = [\"korea\"]\n"
                "[[feed]]\nname = \"World Wire\"\nurl = \"file://" +
                (source / "config" / "demo-feeds" / "world-wire.atom").string() +
                "\"\ntags = [\"unhcr\"]\n"
                "[[feed]]\nname = \"Asia Briefing\"\nurl = \"file://" +
                (source / "config" / "demo-feeds" / "asia-briefing.json").string() +
                "\"\ntags = [\"southeast-asia\"]\n"
                "[[channel]]\nname = \"desk-webhook\"\ntype = \"console\"\n");
  std::string config = (dir / "newsalert.toml").string();
  ProcessResult check = RunNewsalert({"check", "-c", config});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  ProcessResult result = RunNewsalert({"test-filter", "-c", config, "--all", "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<nlohmann::ordered_json> lines = JsonLines(result.out);
  ASSERT_GE(lines.size(), 3u) << result.out;
  for (const auto& line : lines) {
    EXPECT_EQ(line["title"], "Laos Returns North Korean Refugees to the North") << line.dump();
  }
}

}  // namespace
}  // namespace newsalert
