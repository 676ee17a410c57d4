// `newsalert status`: read-only view of the store next to a running
// daemon; exit codes 0 / 1 (store unreadable) / 2 (usage, config).
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "support/daemon_fixture.h"
#include "support/http_fixture.h"
#include "support/test_support.h"

namespace newsalert {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::DaemonProcess;
using testing::LocalHttpServer;
using testing::ProcessResult;
using testing::RunNewsalert;
using testing::TempDir;
using testing::WriteFile;

TEST(StatusCommand, ShowsFeedHealthFiltersAndChannelsWhileTheDaemonRuns) {
  TempDir dir;
  LocalHttpServer feeds;  // /missing.xml is not served: 404.
  feeds.ServeText("/good.xml",
                  testing::RssFeed({{"a1", "Laos detains nine refugees", "Near Vientiane."}}));
  feeds.Start();
  const std::string hook_path = std::string("/services/T000/") + testing::kTestUrlToken;
  LocalHttpServer hooks;
  hooks.AcceptPosts(hook_path, 500);
  hooks.Start();
  // The webhook URL and the signing key arrive as systemd credentials.
  WriteFile(dir / "credentials" / "desk.url", hooks.Url(hook_path) + "\n");
  WriteFile(dir / "credentials" / "desk.secret", std::string(testing::kTestWebhookSecret) + "\n");
  WriteFile(dir / "newsalert.toml",
            "[daemon]\nstate_dir = \"state\"\nalert_on_first_poll = true\n"
            "[[feed]]\nname = \"Good\"\nurl = \"" + feeds.Url("/good.xml") + "\"\ninterval = \"1s\"\n"
            "[[feed]]\nname = \"Broken\"\nurl = \"" + feeds.Url("/missing.xml") + "\"\n"
            "[[channel]]\nname = \"desk\"\ntype = \"webhook\"\nurl_file = \"%d/desk.url\"\n"
            "secret_file = \"%d/desk.secret\"\nretry_schedule = [\"0s\", \"1h\"]\n"
            "[[channel]]\nname = \"console\"\ntype = \"console\"\n"
            "[[filter]]\nname = \"laos\"\nquery = \"laos\"\nnotify = [\"desk\"]\n"
            "[[filter]]\nname = \"unused\"\nquery = \"football\"\nnotify = [\"console\"]\n");
  DaemonProcess daemon(dir / "newsalert.toml",
                       {{"CREDENTIALS_DIRECTORY", (dir / "credentials").string()}});
  ASSERT_TRUE(daemon.WaitForLog("will retry", 10s)) << daemon.Log();
  ASSERT_TRUE(daemon.WaitForLog("feed poll failed feed=Broken", 10s)) << daemon.Log();

  // Run by an operator: no $CREDENTIALS_DIRECTORY, and no secret is needed.
  ProcessResult text = RunNewsalert({"status", "-c", (dir / "newsalert.toml").string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* expected :
       {"summary   2 feeds (1 failing, 0 stale, 0 never polled), 2 filters, 2 channels (0 disabled, 0 failing); "
        "1 alerts pending, 0 failed",
        "Good", "Broken", "failing since", "http: HTTP 404", "laos", "unused", "desk",
        "last error", "HTTP 500"}) {
    EXPECT_NE(text.out.find(expected), std::string::npos) << expected << "\n" << text.out;
  }

  ProcessResult as_json =
      RunNewsalert({"status", "-c", (dir / "newsalert.toml").string(), "--json"});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  json report = json::parse(as_json.out);
  EXPECT_EQ(report["version"], 1);
  EXPECT_EQ(report["summary"]["feeds_failing"], 1);
  EXPECT_EQ(report["summary"]["alerts_pending"], 1);
  ASSERT_EQ(report["feeds"].size(), 2u);
  EXPECT_EQ(report["feeds"][0]["name"], "Good");
  EXPECT_EQ(report["feeds"][0]["health"], "ok");
  EXPECT_EQ(report["feeds"][0]["stale"], false);  // The rule itself: tests/store/feed_health_test.cc.
  EXPECT_EQ(report["feeds"][0]["items_last_fetch"], 1);
  EXPECT_EQ(report["feeds"][0]["last_status"], 200);
  EXPECT_TRUE(report["feeds"][0]["last_success_at"].is_string());
  EXPECT_FALSE(report["feeds"][0].contains("etag"));
  EXPECT_EQ(report["feeds"][1]["health"], "failing");
  EXPECT_EQ(report["feeds"][1]["last_error_class"], "http");
  EXPECT_GE(report["feeds"][1]["consecutive_failures"].get<int>(), 1);
  EXPECT_EQ(report["filters"][0]["name"], "laos");
  EXPECT_EQ(report["filters"][0]["stories_alerted"], 1);
  EXPECT_EQ(report["filters"][0]["alerts"]["pending"], 1);
  EXPECT_EQ(report["filters"][1]["stories_alerted"], 0);
  json desk = report["channels"][0];
  EXPECT_EQ(desk["name"], "desk");
  EXPECT_EQ(desk["alerts"]["pending"], 1);
  EXPECT_TRUE(desk["alerts"]["oldest_pending_at"].is_string());
  EXPECT_EQ(desk["last_error"]["http_status"], 500);
  EXPECT_EQ(desk["disabled"], false);
  for (const std::string& secret : testing::TestSecrets()) {
    EXPECT_EQ(text.out.find(secret), std::string::npos);
    EXPECT_EQ(as_json.out.find(secret), std::string::npos);
  }
  EXPECT_EQ(daemon.Stop().exit_code, 0);
}

TEST(StatusCommand, ExitCodes) {
  TempDir dir;
  WriteFile(dir / "newsalert.toml",
            "[daemon]\nstate_dir = \"state\"\n"
            "[[channel]]\nname = \"console\"\ntype = \"console\"\n");
  ProcessResult missing = RunNewsalert({"status", "-c", (dir / "newsalert.toml").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no database at"), std::string::npos) << missing.err;

  WriteFile(dir / "state" / "newsalert.db", "");
  ProcessResult empty = RunNewsalert({"status", "-c", (dir / "newsalert.toml").string()});
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("not a newsalert database"), std::string::npos) << empty.err;

  WriteFile(dir / "state" / "newsalert.db", "this is not SQLite at all, not even close......");
  ProcessResult garbage = RunNewsalert({"status", "-c", (dir / "newsalert.toml").string()});
  EXPECT_EQ(garbage.exit_code, 1) << garbage.err;

  WriteFile(dir / "bad.toml", "[daemon]\nstate_dir = 5\n");
  ProcessResult bad = RunNewsalert({"status", "-c", (dir / "bad.toml").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find((dir / "bad.toml").string() + ":2:13:"), std::string::npos) << bad.err;

  EXPECT_EQ(RunNewsalert({"status", "--bogus"}).exit_code, 2);
}

// `sudo newsalert status` next to a service running as a dynamic user: the
// -wal and -shm files a read creates belong to the database's owner (SQLite
// does this when run as root), so the service can still open them.
TEST(StatusCommand, FilesCreatedByARootReadBelongToTheDatabaseOwner) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root";
  TempDir dir;
  WriteFile(dir / "newsalert.toml",
            "[daemon]\nstate_dir = \"state\"\n[[channel]]\nname = \"console\"\ntype = \"console\"\n");
  ASSERT_EQ(RunNewsalert({"run", "--once", "-c", (dir / "newsalert.toml").string()}).exit_code, 0);
  std::filesystem::path db = dir / "state" / "newsalert.db";
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  ASSERT_EQ(chown(db.c_str(), 54321, 54321), 0);
  ASSERT_EQ(chmod(db.c_str(), 0600), 0);
  ProcessResult status = RunNewsalert({"status", "-c", (dir / "newsalert.toml").string()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  for (const char* suffix : {"-wal", "-shm"}) {
    struct stat info {};
    if (stat((db.string() + suffix).c_str(), &info) != 0) continue;  // Not created: fine.
    EXPECT_EQ(info.st_uid, 54321u) << suffix;
    EXPECT_EQ(info.st_mode & 0777, 0600u) << suffix;
  }
}

}  // namespace
}  // namespace newsalert
