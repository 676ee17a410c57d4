// RELIABILITY T31/T32: the shipped unit verifies cleanly and keeps its
// sandbox. PID 1 is not systemd on CI machines, so the unit is analysed,
// not run; the live sandbox test (T34) needs a systemd host.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "support/test_support.h"

namespace newsalert {
namespace {

using testing::ProcessResult;
using testing::TempDir;

constexpr const char* kAnalyze = "/usr/bin/systemd-analyze";

std::filesystem::path UnitSource() { return testing::SourceDir() / "systemd" / "newsalert.service"; }

// The unit with ExecStart pointing at the built binary (verify checks that
// the program exists).
std::filesystem::path WriteTestableUnit(const TempDir& dir, const std::string& extra = "") {
  std::string unit = testing::ReadFile(UnitSource());
  const std::string shipped = "ExecStart=/usr/bin/newsalert ";
  auto at = unit.find(shipped);
  EXPECT_NE(at, std::string::npos);
  if (at != std::string::npos) {
    unit.replace(at, shipped.size(), "ExecStart=" + testing::NewsalertBinary().string() + " ");
  }
  unit.replace(unit.find("\n[Service]\n"), 11, "\n[Service]\n" + extra);
  testing::WriteFile(dir / "newsalert.service", unit);
  return dir / "newsalert.service";
}

class SystemdUnitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kAnalyze)) {
      GTEST_SKIP() << kAnalyze << " is missing (Debian package systemd)";
    }
  }
};

// T31. verify exits 0 even on unknown keys and bad values, only printing
// warnings (RELIABILITY finding 8): any output on stderr is a failure.
TEST_F(SystemdUnitTest, VerifiesWithEmptyStderr) {
  TempDir dir;
  ProcessResult result = testing::Run({kAnalyze, "verify", "--man=no", WriteTestableUnit(dir).string()});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.err, "");
}

// The check above would see a mistake: a misspelt key exits 0 but warns.
TEST_F(SystemdUnitTest, VerifyWarnsOnAMisspeltKey) {
  TempDir dir;
  ProcessResult result = testing::Run(
      {kAnalyze, "verify", "--man=no", WriteTestableUnit(dir, "WatchdogSecs=30s\n").string()});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.err.find("WatchdogSecs"), std::string::npos) << result.err;
}

// T32, with the budget of the issue: exposure <= 1.5 (--threshold is in
// tenths).
TEST_F(SystemdUnitTest, ExposureIsAtMostOnePointFive) {
  ProcessResult result = testing::Run(
      {kAnalyze, "security", "--offline=true", "--threshold=15", UnitSource().string()});
  std::smatch match;
  std::regex overall(R"(Overall exposure level for newsalert\.service: ([0-9.]+) (\w+))");
  ASSERT_TRUE(std::regex_search(result.out, match, overall)) << result.out << result.err;
  std::printf("[ unit ] systemd-analyze security --offline=true: exposure %s %s\n",
              match[1].str().c_str(), match[2].str().c_str());
  EXPECT_LE(std::stod(match[1].str()), 1.5);
  EXPECT_EQ(result.exit_code, 0) << result.out;
}

TEST_F(SystemdUnitTest, ThresholdFailsAboveTheScore) {
  ProcessResult result = testing::Run(
      {kAnalyze, "security", "--offline=true", "--threshold=5", UnitSource().string()});
  EXPECT_NE(result.exit_code, 0) << "0.5 should be below the unit's exposure";
}

// T34 is HOST tier: the unit must run under a live systemd for an hour
// against loopback fixtures (0 "Operation not permitted"/SIGSYS/EAFNOSUPPORT
// in the journal, NRestarts=0, a hang killed and restarted within
// WatchdogSec + RestartSec). Not automated here.
TEST(SystemdUnitLive, SandboxUnderSystemdIsHostTier) {
  GTEST_SKIP() << "RELIABILITY T34 (live sandbox) is HOST tier: it needs systemd as PID 1"
               << (std::filesystem::exists("/run/systemd/system") ? ""
                                                                  : " (not the case here)")
               << " and a VM to install the unit in; scripts/test.sh only analyses the unit";
}

// Every directive says why it is there, on the line above it.
TEST(SystemdUnitText, EveryDirectiveHasAComment) {
  std::istringstream unit(testing::ReadFile(UnitSource()));
  std::string line, previous;
  int directives = 0;
  while (std::getline(unit, line)) {
    bool directive = !line.empty() && line[0] != '#' && line[0] != '[' &&
                     line.find('=') != std::string::npos;
    if (directive) {
      ++directives;
      EXPECT_EQ(previous.rfind("# ", 0), 0u) << "no comment above: " << line;
    }
    previous = line;
  }
  EXPECT_GE(directives, 40);
}

TEST(SystemdUnitText, HasTheOperationsContract) {
  std::string unit = testing::ReadFile(UnitSource());
  for (const char* directive :
       {"\nType=notify\n", "\nWatchdogSec=", "\nExecReload=/bin/kill -HUP $MAINPID\n",
        "\nDynamicUser=yes\n", "\nStateDirectory=newsalert\n",
        "\nConfigurationDirectory=newsalert\n",
        "\nExecStart=/usr/bin/newsalert run -c /etc/newsalert/newsalert.toml\n"}) {
    EXPECT_NE(unit.find(directive), std::string::npos) << directive;
  }
}

}  // namespace
}  // namespace newsalert
