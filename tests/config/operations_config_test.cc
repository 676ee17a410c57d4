// Config keys and load options of the operations side: [metrics] and
// loading without secrets (for `newsalert status`).
#include <gtest/gtest.h>

#include "config/config_loader.h"
#include "support/test_support.h"

namespace newsalert::config {
namespace {

using testing::TempDir;
using testing::WriteFile;

TEST(OperationsConfig, MetricsListenIsHostAndPort) {
  TempDir dir;
  WriteFile(dir / "a.toml", "[metrics]\nlisten = \"127.0.0.1:9464\"\n");
  Result<Config> config = LoadConfig(dir / "a.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->metrics.listen_host, "127.0.0.1");
  EXPECT_EQ(config->metrics.listen_port, 9464);

  WriteFile(dir / "b.toml", "[metrics]\nlisten = \"[::1]:9100\"\n");
  config = LoadConfig(dir / "b.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->metrics.listen_host, "::1");
  EXPECT_EQ(config->metrics.listen_port, 9100);

  WriteFile(dir / "c.toml", "[daemon]\nstate_dir = \"s\"\n");
  config = LoadConfig(dir / "c.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->metrics.listen_host.empty()) << "off by default";
}

TEST(OperationsConfig, WithoutSecretsMissingSecretFilesAreNoError) {
  TempDir dir;
  WriteFile(dir / "a.toml",
            "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl_file = \"%d/hook.url\"\n"
            "secret_file = \"missing.secret\"\n");
  EXPECT_FALSE(LoadConfig(dir / "a.toml").ok());
  Result<Config> config = LoadConfig(dir / "a.toml", {.read_secrets = false});
  ASSERT_TRUE(config.ok()) << config.status().message();
  ASSERT_EQ(config->channels.size(), 1u);
  EXPECT_EQ(config->channels[0].url, "");
  EXPECT_TRUE(config->channels[0].secrets.empty());
}

}  // namespace
}  // namespace newsalert::config
