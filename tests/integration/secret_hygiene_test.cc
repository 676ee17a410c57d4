// RELIABILITY T35: no secret ever reaches a log. One test drives every path
// that handles a secret (webhook URL token, signing key) into the logs:
// failing deliveries of every kind, trace logging, config errors in `check`
// and `run`, reload errors, `status`; another greps the saved output of
// every newsalert run of the whole integration suite (CTest runs it last,
// as the cleanup of the fixture that collects the logs).
#include <gtest/gtest.h>

#include <signal.h>

#include <cstdlib>

#include "support/daemon_fixture.h"
#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using namespace std::chrono_literals;
using testing::DaemonProcess;
using testing::LocalHttpServer;
using testing::ProcessResult;
using testing::RunNewsalert;
using testing::TempDir;
using testing::WriteFile;

void ExpectNoSecret(const std::string& what, const std::string& output) {
  for (const std::string& secret : testing::TestSecrets()) {
    EXPECT_EQ(output.find(secret), std::string::npos)
        << what << " shows the secret " << secret << ":\n" << output;
  }
}

TEST(SecretHygiene, EveryPathThatHandlesASecretKeepsItOutOfTheLogs) {
  TempDir dir;
  LocalHttpServer feeds;
  feeds.ServeText("/feed.xml", testing::RssFeed({{"a1", "Laos detains refugees", "Vientiane."},
                                                 {"a2", "Laos deports defectors", "Border."},
                                                 {"a3", "Laos refugee camp", "Aid."}}));
  feeds.Start();
  const std::string hook_path = std::string("/services/T000/") + testing::kTestUrlToken;
  LocalHttpServer hooks;
  // 500, then 404, then 410: retry, client error, channel disabled.
  std::atomic<int> calls{0};
  hooks.server().Post(hook_path, [&](const httplib::Request&, httplib::Response& response) {
    int call = ++calls;
    response.status = call == 1 ? 500 : call == 2 ? 404 : 410;
  });
  hooks.Start();
  int closed_port = testing::FreeLocalPort();  // Nobody listens: connection refused.
  WriteFile(dir / "secrets" / "hook.url", hooks.Url(hook_path) + "\n");
  WriteFile(dir / "secrets" / "hook.secret", std::string(testing::kTestWebhookSecret) + "\n");
  const std::string channels =
      "[[channel]]\nname = \"desk\"\ntype = \"webhook\"\nurl_file = \"secrets/hook.url\"\n"
      "secret_file = \"secrets/hook.secret\"\nretry_schedule = [\"0s\", \"1s\", \"1s\", \"1s\"]\n"
      "max_in_flight = 1\n"
      "[[channel]]\nname = \"down\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:" +
      std::to_string(closed_port) + "/hooks/" + testing::kTestUrlToken + "\"\n"
      "retry_schedule = [\"0s\", \"1s\"]\n";
  const std::string good =
      "[daemon]\nstate_dir = \"state\"\nalert_on_first_poll = true\n"
      "[[feed]]\nname = \"Desk\"\nurl = \"" + feeds.Url("/feed.xml") + "\"\ninterval = \"1s\"\n" +
      channels + "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"desk\", \"down\"]\n";
  WriteFile(dir / "newsalert.toml", good);

  DaemonProcess daemon(dir / "newsalert.toml", {}, {"--log-level", "trace"});
  ASSERT_TRUE(daemon.WaitForLog("channel disabled: receiver answered 410", 15s)) << daemon.Log();
  ASSERT_TRUE(daemon.WaitForLog("failed permanently channel=down", 15s)) << daemon.Log();

  // Reload errors, each with the token on the broken line.
  const std::string token_url = std::string("http://127.0.0.1:1/hooks/") + testing::kTestUrlToken;
  const std::vector<std::string> broken = {
      // Unterminated string.
      good + "[[channel]]\nname = \"x\"\ntype = \"webhook\"\nurl = \"" + token_url + "\n",
      // Not http(s).
      good + "[[channel]]\nname = \"x\"\ntype = \"webhook\"\nurl = \"ftp://" +
          testing::kTestUrlToken + "/x\"\n",
      // Wrong type, duplicate key.
      good + "[[channel]]\nname = \"x\"\ntype = \"webhook\"\nurl = \"" + token_url +
          "\"\nurl = \"" + token_url + "\"\n",
      good + "[[channel]]\nname = \"x\"\ntype = \"console\"\nurl = \"" + token_url + "\"\n",
      good + "[[channel]]\nname = \"desk\"\ntype = \"webhook\"\nurl = \"" + token_url + "\"\n",
      // A secret as the value of an unknown key, or of a key of another type.
      good + "[[channel]]\nname = \"x\"\ntype = \"webhook\"\nurl = \"" + token_url +
          "\"\nsecret = \"" + testing::kTestWebhookSecret + "\"\n",
      good + "[[channel]]\nname = \"x\"\ntype = \"webhook\"\nurl = \"" + token_url +
          "\"\nmax_in_flight = \"" + testing::kTestSmtpPassword + "\"\n",
      // A secret file that cannot be read.
      good + "[[channel]]\nname = \"x\"\ntype = \"webhook\"\nurl = \"" + token_url +
          "\"\nsecret_file = \"secrets/missing\"\n",
  };
  int reload_errors = 0;
  for (const std::string& config : broken) {
    WriteFile(dir / "newsalert.toml", config);
    for (const char* command : {"check", "run"}) {
      ProcessResult result = RunNewsalert({command, "-c", (dir / "newsalert.toml").string()});
      EXPECT_EQ(result.exit_code, 2) << config;
      ExpectNoSecret(std::string(command) + " of a broken config", result.err + result.out);
    }
    daemon.process().Signal(SIGHUP);
    ++reload_errors;
    ASSERT_TRUE(daemon.WaitForLog("previous configuration stays in force", 5s, reload_errors))
        << daemon.Log();
  }
  WriteFile(dir / "newsalert.toml", good);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"status"}, std::vector<std::string>{"status", "--json"},
        std::vector<std::string>{"check"}}) {
    std::vector<std::string> full = args;
    full.insert(full.end(), {"-c", (dir / "newsalert.toml").string()});
    ProcessResult result = RunNewsalert(full);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    ExpectNoSecret(args[0], result.out + result.err);
  }
  testing::ProcessResult stopped = daemon.Stop();
  EXPECT_EQ(stopped.exit_code, 0);
  ExpectNoSecret("the daemon's log", stopped.err + stopped.out);
  // The paths above were taken.
  for (const char* line : {"will retry channel=desk", "HTTP 404", "channel disabled",
                           "will retry channel=down", "reload failed", "feed fetch started"}) {
    EXPECT_NE(stopped.err.find(line), std::string::npos) << line;
  }
  // The receiver did get the secret path and a signature.
  ASSERT_GE(calls.load(), 3);
}

// Run by CTest after every other integration test (fixture cleanup), over
// the output of every newsalert process the suite started.
TEST(SecretHygiene, WholeSuiteLogsHoldNoSecret) {
  const char* check = std::getenv("NEWSALERT_CHECK_SUITE_LOGS");
  const char* logs = std::getenv("NEWSALERT_TEST_LOG_DIR");
  if (check == nullptr || logs == nullptr) {
    GTEST_SKIP() << "runs as the CTest test secret_hygiene_whole_suite";
  }
  std::size_t files = 0, bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(logs)) {
    std::string text = testing::ReadFile(entry.path());
    ++files;
    bytes += text.size();
    ExpectNoSecret(entry.path().string(), text);
  }
  ASSERT_GE(files, 1u) << "no newsalert output was saved in " << logs;
  std::printf("[ secrets ] %zu output files, %zu bytes, 0 secrets\n", files, bytes);
}

}  // namespace
}  // namespace newsalert
