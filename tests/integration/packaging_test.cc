// Installation: `cmake --install` into a DESTDIR, the .deb built by CPack,
// and the shipped example config.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include "support/test_support.h"

namespace newsalert {
namespace {

using namespace std::chrono_literals;
using testing::ProcessResult;
using testing::TempDir;
namespace fs = std::filesystem;

const fs::path kBuildDir = NEWSALERT_BUILD_DIR;

ProcessResult Install(const fs::path& destdir, const std::string& prefix) {
  return testing::Run({CMAKE_COMMAND, "--install", kBuildDir.string(), "--prefix", prefix},
                      {{"DESTDIR", destdir.string()}}, 120s);
}

bool Executable(const fs::path& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0 && (info.st_mode & S_IXUSR) != 0;
}

TEST(Install, UsrLocalPrefixPlacesEverythingAndKeepsAnEditedConfig) {
  TempDir root;
  ProcessResult result = Install(root.path(), "/usr/local");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  fs::path usr_local = root / "usr/local";
  EXPECT_TRUE(Executable(usr_local / "bin/newsalert"));
  EXPECT_TRUE(fs::exists(usr_local / "etc/newsalert/newsalert.toml"));
  EXPECT_TRUE(fs::exists(usr_local / "etc/newsalert/filters.d/north-korea-refugees.toml"));
  EXPECT_TRUE(fs::exists(usr_local / "share/doc/newsalert/README.md"));
  EXPECT_TRUE(fs::exists(usr_local / "share/doc/newsalert/examples/newsalert.toml"));
  std::string unit = testing::ReadFile(usr_local / "lib/systemd/system/newsalert.service");
  EXPECT_NE(unit.find("\nExecStart=/usr/local/bin/newsalert run -c "
                      "/usr/local/etc/newsalert/newsalert.toml\n"),
            std::string::npos)
      << unit;
  EXPECT_FALSE(fs::exists(root / "etc")) << "nothing outside the prefix";

  // The installed binary runs and its config checks once secrets exist.
  // (The example names them as systemd credentials.)
  testing::WriteFile(root / "creds" / "desk-webhook.url", "https://hooks.example.org/T/B/x\n");
  testing::WriteFile(root / "creds" / "desk-webhook.secret", std::string(testing::kTestWebhookSecret));
  ProcessResult check = testing::Run(
      {(usr_local / "bin/newsalert").string(), "check", "-c",
       (usr_local / "etc/newsalert/newsalert.toml").string()},
      {{"CREDENTIALS_DIRECTORY", (root / "creds").string()}});
  EXPECT_EQ(check.exit_code, 0) << check.err;

  // An edited config survives a reinstall.
  testing::WriteFile(usr_local / "etc/newsalert/newsalert.toml", "# mine\n");
  testing::WriteFile(usr_local / "etc/newsalert/filters.d/north-korea-refugees.toml", "# mine\n");
  result = Install(root.path(), "/usr/local");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(testing::ReadFile(usr_local / "etc/newsalert/newsalert.toml"), "# mine\n");
  EXPECT_EQ(testing::ReadFile(usr_local / "etc/newsalert/filters.d/north-korea-refugees.toml"),
            "# mine\n");
  EXPECT_NE(result.out.find("Keeping existing"), std::string::npos) << result.out;
}

TEST(Install, UsrPrefixPutsTheConfigInEtc) {
  TempDir root;
  ProcessResult result = Install(root.path(), "/usr");
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_TRUE(Executable(root / "usr/bin/newsalert"));
  EXPECT_TRUE(fs::exists(root / "etc/newsalert/newsalert.toml"));
  EXPECT_TRUE(fs::exists(root / "etc/newsalert/filters.d/north-korea-refugees.toml"));
  EXPECT_FALSE(fs::exists(root / "usr/etc"));
  // The unit as shipped in the source tree.
  EXPECT_EQ(testing::ReadFile(root / "usr/lib/systemd/system/newsalert.service"),
            testing::ReadFile(testing::SourceDir() / "systemd/newsalert.service"));
}

TEST(DebPackage, HoldsTheBinaryUnitConfigAndMaintainerScripts) {
  if (!fs::exists("/usr/bin/dpkg-deb") || !fs::exists("/usr/bin/dpkg-shlibdeps")) {
    GTEST_SKIP() << "dpkg-deb / dpkg-shlibdeps missing (Debian package dpkg-dev)";
  }
  TempDir out;
  ProcessResult built =
      testing::Run({CPACK_COMMAND, "--config", (kBuildDir / "CPackConfig.cmake").string(), "-G",
                    "DEB", "-B", out.path().string()},
                   {}, 600s);
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  fs::path deb;
  for (const auto& entry : fs::directory_iterator(out.path())) {
    if (entry.path().extension() == ".deb") deb = entry.path();
  }
  ASSERT_FALSE(deb.empty()) << built.out;
  EXPECT_EQ(deb.filename().string().rfind("newsalert_" NEWSALERT_VERSION "-1_", 0), 0u) << deb;

  ProcessResult contents = testing::Run({"/usr/bin/dpkg-deb", "-c", deb.string()});
  ASSERT_EQ(contents.exit_code, 0) << contents.err;
  for (const char* path :
       {" ./usr/bin/newsalert\n", " ./usr/lib/systemd/system/newsalert.service\n",
        " ./etc/newsalert/newsalert.toml\n", " ./etc/newsalert/filters.d/north-korea-refugees.toml\n",
        " ./usr/share/doc/newsalert/README.md\n"}) {
    EXPECT_NE(contents.out.find(path), std::string::npos) << path << "\n" << contents.out;
  }
  EXPECT_NE(contents.out.find("-rwxr-xr-x root/root"), std::string::npos) << contents.out;
  EXPECT_EQ(contents.out.find("/usr/local"), std::string::npos) << contents.out;

  ProcessResult fields = testing::Run({"/usr/bin/dpkg-deb", "-f", deb.string()});
  ASSERT_EQ(fields.exit_code, 0) << fields.err;
  EXPECT_NE(fields.out.find("Package: newsalert\n"), std::string::npos) << fields.out;
  EXPECT_NE(fields.out.find("Version: " NEWSALERT_VERSION "-1\n"), std::string::npos);
  EXPECT_NE(fields.out.find("Section: net\n"), std::string::npos);
  for (const char* library : {"libcurl4", "libsqlite3-0", "libsystemd0", "libcpp-httplib0.11",
                              "libspdlog1.10"}) {
    EXPECT_NE(fields.out.find(library), std::string::npos) << library << "\n" << fields.out;
  }

  ProcessResult control =
      testing::Run({"/usr/bin/dpkg-deb", "-e", deb.string(), (out / "control").string()});
  ASSERT_EQ(control.exit_code, 0) << control.err;
  EXPECT_EQ(testing::ReadFile(out / "control" / "conffiles"),
            "/etc/newsalert/newsalert.toml\n/etc/newsalert/filters.d/north-korea-refugees.toml\n");
  for (const char* script : {"postinst", "prerm", "postrm"}) {
    EXPECT_TRUE(Executable(out / "control" / script)) << script;
  }
  std::string postinst = testing::ReadFile(out / "control" / "postinst");
  EXPECT_NE(postinst.find("[ -d /run/systemd/system ]"), std::string::npos);
  EXPECT_NE(postinst.find("systemctl daemon-reload"), std::string::npos);

  // Without systemd running (as here, PID 1 is not systemd), the scripts
  // call no systemctl and succeed.
  if (fs::exists("/run/systemd/system")) return;
  testing::WriteFile(out / "bin" / "systemctl", "#!/bin/sh\necho \"$@\" >> " +
                                                    (out / "systemctl.calls").string() + "\n");
  fs::permissions(out / "bin" / "systemctl", fs::perms::owner_all);
  std::string path = (out / "bin").string() + ":/usr/bin:/bin";
  for (const auto& [script, argument] :
       std::vector<std::pair<std::string, std::string>>{{"postinst", "configure"},
                                                        {"prerm", "remove"},
                                                        {"postrm", "remove"}}) {
    ProcessResult ran = testing::Run({"/bin/sh", (out / "control" / script).string(), argument},
                                     {{"PATH", path}});
    EXPECT_EQ(ran.exit_code, 0) << script << ran.err;
  }
  EXPECT_FALSE(fs::exists(out / "systemctl.calls"));
}

// The production example checks once its secrets exist.
TEST(ExampleConfig, PassesCheckWithItsSecretFiles) {
  TempDir dir;
  fs::copy_file(testing::SourceDir() / "config" / "newsalert.toml", dir / "newsalert.toml");
  fs::create_directories(dir / "filters.d");
  for (const auto& entry : fs::directory_iterator(testing::SourceDir() / "filters")) {
    fs::copy_file(entry.path(), dir / "filters.d" / entry.path().filename());
  }
  testing::WriteFile(dir / "creds" / "desk-webhook.url", "https://hooks.example.org/T/B/x\n");
  testing::WriteFile(dir / "creds" / "desk-webhook.secret", std::string(testing::kTestWebhookSecret));
  ProcessResult check =
      testing::RunNewsalert({"check", "-c", (dir / "newsalert.toml").string()},
                            {{"CREDENTIALS_DIRECTORY", (dir / "creds").string()}});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("OK: 8 feeds, 5 filters (1 filter files), 2 channels"), std::string::npos)
      << check.out;
  // Without the credentials the error says what is missing, and where.
  ProcessResult missing = testing::RunNewsalert({"check", "-c", (dir / "newsalert.toml").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("%d needs $CREDENTIALS_DIRECTORY"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace newsalert
