// Log lines: syslog priorities for journald, levels from the command line
// and the config, and the feed=/filter=/channel=/delivery= context of every
// line about a feed or an alert.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using testing::LocalHttpServer;
using testing::ProcessResult;
using testing::TempDir;
using testing::WriteFile;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    feeds_.ServeText("/feed.xml",
                     "<rss version=\"2.0\"><channel><title>t</title>"
                     "<item><title>Laos detains refugees</title><guid>a1</guid></item>"
                     "<item><title>Laos deports defectors</title><guid>a2</guid></item>"
                     "</channel></rss>");
    feeds_.Start();
    hooks_.server().Post("/gone", [](const httplib::Request&, httplib::Response& response) {
      response.status = 410;  // error: channel disabled
    });
    hooks_.AcceptPosts("/ok", 200);
    hooks_.Start();
  }

  // info (polled, queued, delivered), warn (a 404 feed), error (a 410 receiver).
  void WriteConfig(const std::string& daemon_extra = "") {
    WriteFile(dir_ / "newsalert.toml",
              "[daemon]\nstate_dir = \"state\"\nalert_on_first_poll = true\n" + daemon_extra +
                  "[[feed]]\nname = \"Desk feed\"\nurl = \"" + feeds_.Url("/feed.xml") + "\"\n"
                  "[[feed]]\nname = \"Broken\"\nurl = \"" + feeds_.Url("/missing.xml") + "\"\n"
                  "[[channel]]\nname = \"gone\"\ntype = \"webhook\"\nurl = \"" +
                  hooks_.Url("/gone") + "\"\n"
                  "[[channel]]\nname = \"ok\"\ntype = \"webhook\"\nurl = \"" + hooks_.Url("/ok") +
                  "\"\n[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"gone\", \"ok\"]\n");
  }

  ProcessResult RunOnce(const std::vector<std::string>& extra = {},
                        const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> args = {"run", "-c", (dir_ / "newsalert.toml").string(), "--once",
                                     "--force"};
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult result = testing::RunNewsalert(args, env);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result;
  }

  TempDir dir_;
  LocalHttpServer feeds_;
  LocalHttpServer hooks_;
};

TEST_F(LoggingTest, UnderJournaldEveryLineCarriesItsSyslogPriority) {
  WriteConfig();
  ProcessResult result = RunOnce({"--log-level", "debug"}, {{"JOURNAL_STREAM", "8:12345"}});
  std::map<char, int> by_priority;
  for (const std::string& line : Lines(result.err)) {
    ASSERT_TRUE(std::regex_search(line, std::regex("^<[0-7]>[a-z]"))) << line;
    ++by_priority[line[1]];
  }
  EXPECT_GT(by_priority['7'], 0);  // debug
  EXPECT_GT(by_priority['6'], 0);  // info
  EXPECT_GT(by_priority['4'], 0);  // warning
  EXPECT_GT(by_priority['3'], 0);  // error
  EXPECT_NE(result.err.find("<6>feed polled feed=\"Desk feed\""), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("<4>feed poll failed feed=Broken"), std::string::npos);
  EXPECT_NE(result.err.find("<3>channel disabled: receiver answered 410 Gone channel=gone"),
            std::string::npos);
  EXPECT_NE(result.err.find("<7>feed fetch started"), std::string::npos);
}

TEST_F(LoggingTest, ElsewhereLinesStartWithATimestampAndLevel) {
  WriteConfig();
  ProcessResult result = RunOnce();
  for (const std::string& line : Lines(result.err)) {
    EXPECT_TRUE(std::regex_search(
        line, std::regex(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (info|warning|error) )")))
        << line;
  }
  EXPECT_EQ(result.err.find("feed fetch started"), std::string::npos) << "debug is off";
}

TEST_F(LoggingTest, LevelComesFromTheConfigAndTheCommandLineWins) {
  WriteConfig("log_level = \"error\"\n");
  ProcessResult from_config = RunOnce();
  EXPECT_EQ(from_config.err.find(" info "), std::string::npos) << from_config.err;
  EXPECT_EQ(from_config.err.find(" warning "), std::string::npos) << from_config.err;
  EXPECT_NE(from_config.err.find(" error channel disabled"), std::string::npos) << from_config.err;

  // A fresh state, so that the broken feed's failure is a first one: repeats
  // within 12 h are logged at debug level (RELIABILITY T16).
  std::filesystem::remove_all(dir_ / "state");
  ProcessResult from_flag = RunOnce({"--log-level", "warn"});
  EXPECT_EQ(from_flag.err.find(" info "), std::string::npos) << from_flag.err;
  EXPECT_NE(from_flag.err.find(" warning feed poll failed"), std::string::npos) << from_flag.err;

  ProcessResult off = RunOnce({"--log-level=off"});
  EXPECT_EQ(off.err, "");
}

// Every line about a feed names it; every line about an alert names its
// channel and delivery (and filter where one is known).
TEST_F(LoggingTest, LinesAboutFeedsAndAlertsCarryTheirContext) {
  WriteConfig();
  ProcessResult result = RunOnce({"--log-level", "trace"});
  int feed_lines = 0, alert_lines = 0;
  for (const std::string& line : Lines(result.err)) {
    std::string message = line.substr(line.find(' ', line.find(' ') + 1) + 1);
    if (message.rfind("feed ", 0) == 0) {
      ++feed_lines;
      EXPECT_NE(message.find(" feed="), std::string::npos) << line;
    }
    if (message.rfind("alert ", 0) == 0 || message.rfind("channel ", 0) == 0) {
      ++alert_lines;
      EXPECT_NE(message.find(" channel="), std::string::npos) << line;
      EXPECT_NE(message.find(" delivery="), std::string::npos) << line;
      EXPECT_NE(message.find(" filter="), std::string::npos) << line;
    }
    if (message.rfind("alert queued", 0) == 0) {
      EXPECT_NE(message.find(" feed=\"Desk feed\""), std::string::npos) << line;
    }
  }
  EXPECT_GE(feed_lines, 3);
  EXPECT_GE(alert_lines, 5);  // 4 queued, >= 1 delivered, 1 disabled
}

}  // namespace
}  // namespace newsalert
