// The command line of the real binary: help, version, check, exit codes,
// and the bundled demo.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace newsalert {
namespace {

using testing::ProcessResult;
using testing::RunNewsalert;
using testing::TempDir;
using testing::WriteFile;

TEST(Cli, HelpAndVersionExitZero) {
  ProcessResult help = RunNewsalert({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("newsalert run"), std::string::npos);
  ProcessResult version = RunNewsalert({"--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("newsalert ", 0), 0u);
}

TEST(Cli, UnknownCommandOrOptionIsAUsageError) {
  EXPECT_EQ(RunNewsalert({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(RunNewsalert({"run", "--bogus"}).exit_code, 2);
  EXPECT_EQ(RunNewsalert({}).exit_code, 2);
}

TEST(Cli, CheckSummarisesAValidConfig) {
  ProcessResult result =
      RunNewsalert({"check", "-c", (testing::SourceDir() / "config" / "demo.toml").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("OK: 3 feeds, 2 filters"), std::string::npos) << result.out;
}

TEST(Cli, CheckAndRunReportConfigErrorsWithPositionAndExitTwo) {
  TempDir dir;
  WriteFile(dir / "bad.toml",
            "[daemon]\n"
            "state_dir = \"state\"\n"
            "poll_intervall = \"10m\"\n");
  for (const char* command : {"check", "run"}) {
    ProcessResult result = RunNewsalert({command, "-c", (dir / "bad.toml").string()});
    EXPECT_EQ(result.exit_code, 2) << command;
    EXPECT_NE(result.err.find((dir / "bad.toml").string() + ":3:1: unknown key \"poll_intervall\""),
              std::string::npos)
        << result.err;
  }
}

TEST(Cli, CheckReportsAQuerySyntaxErrorWithCaret) {
  TempDir dir;
  WriteFile(dir / "newsalert.toml",
            "[daemon]\nstate_dir = \"s\"\nfilters = [\"f.toml\"]\n"
            "[[channel]]\nname = \"c\"\ntype = \"console\"\n");
  WriteFile(dir / "f.toml",
            "[[filter]]\nname = \"x\"\nquery = \"(laos OR vientiane\"\nnotify = [\"c\"]\n");
  ProcessResult result = RunNewsalert({"check", "-c", (dir / "newsalert.toml").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find((dir / "f.toml").string() +
                            ":3:28: filter \"x\": expected ')' to close '(' opened at column 10"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("\n    query = \"(laos OR vientiane\"\n    " + std::string(27, ' ') + "^"),
            std::string::npos)
      << result.err;
}

TEST(Cli, MissingConfigFileIsAConfigurationError) {
  ProcessResult result = RunNewsalert({"check", "-c", "/nonexistent/newsalert.toml"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("/nonexistent/newsalert.toml"), std::string::npos);
}

// The demo of the README's Quick start, on a fresh state folder.
TEST(Demo, OnceShowsTheSeedStoryAlertOnTheConsole) {
  TempDir dir;
  std::filesystem::copy(testing::SourceDir() / "config", dir / "config",
                        std::filesystem::copy_options::recursive);
  ProcessResult result =
      RunNewsalert({"run", "-c", (dir / "config" / "demo.toml").string(), "--once"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("filter \"nk-refugees-southeast-asia\""), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("Laos Returns North Korean Refugees to the North"), std::string::npos);
  // Unrelated stories produce nothing.
  EXPECT_EQ(result.out.find("Lotte Giants"), std::string::npos);
  EXPECT_EQ(result.out.find("Luang Prabang"), std::string::npos);
  EXPECT_EQ(result.out.find("defector to rival club"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(dir / "demo-state" / "newsalert.db"));
}

TEST(Demo, SigintStopsTheDaemonCleanly) {
  TempDir dir;
  std::filesystem::copy(testing::SourceDir() / "config", dir / "config",
                        std::filesystem::copy_options::recursive);
  testing::Subprocess daemon(
      {testing::NewsalertBinary().string(), "run", "-c", (dir / "config" / "demo.toml").string()});
  ASSERT_TRUE(testing::WaitFor(
      [&] { return daemon.Out().find("Laos Returns North Korean") != std::string::npos; },
      std::chrono::seconds(20)))
      << daemon.Err();
  daemon.Signal(SIGINT);
  ProcessResult result = daemon.Wait(std::chrono::seconds(10));
  EXPECT_FALSE(result.timed_out);
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace
}  // namespace newsalert
