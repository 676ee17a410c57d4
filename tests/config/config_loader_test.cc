#include "config/config_loader.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace newsalert::config {
namespace {

using testing::TempDir;
using testing::WriteFile;
using namespace std::chrono_literals;

class ConfigLoaderTest : public ::testing::Test {
 protected:
  // Loads `main` (and filter files) and returns the error text ("" if OK).
  std::string Errors(const std::string& main) {
    WriteFile(dir_ / "newsalert.toml", main);
    Result<Config> config = LoadConfig(dir_ / "newsalert.toml");
    return config.ok() ? "" : config.status().message();
  }
  std::string Path(const std::string& name) { return (dir_ / name).string(); }

  TempDir dir_;
};

TEST_F(ConfigLoaderTest, ReadsEveryKeyAndResolvesRelativePaths) {
  WriteFile(dir_ / "secrets" / "hook.url", "https://hooks.example/abc\n");
  WriteFile(dir_ / "secrets" / "hook.secret", "  whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");
  WriteFile(dir_ / "filters.d" / "a.toml",
            "[[filter]]\nname = \"f\"\nquery = \"laos\"\nnotify = [\"hook\"]\nfeeds = [\"korea\"]\n");
  WriteFile(dir_ / "newsalert.toml",
            "[daemon]\n"
            "state_dir = \"state\"\n"
            "poll_interval = \"5m\"\n"
            "max_concurrent_fetches = 8\n"
            "alert_on_first_poll = true\n"
            "filters = [\"filters.d/*.toml\"]\n"
            "[[feed]]\nname = \"RFA\"\nurl = \"https://www.rfa.org/rss.xml\"\ntags = [\"korea\"]\n"
            "[[feed]]\nname = \"Local\"\nurl = \"file:feeds/x.xml\"\ninterval = \"90s\"\n"
            "[[channel]]\nname = \"hook\"\ntype = \"webhook\"\nurl_file = \"secrets/hook.url\"\n"
            "format = \"json\"\nsecret_file = \"secrets/hook.secret\"\n");
  Result<Config> config = LoadConfig(dir_ / "newsalert.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->daemon.state_dir, dir_ / "state");
  EXPECT_EQ(config->daemon.poll_interval, 5min);
  EXPECT_EQ(config->daemon.max_concurrent_fetches, 8);
  EXPECT_TRUE(config->daemon.alert_on_first_poll);
  ASSERT_EQ(config->feeds.size(), 2u);
  EXPECT_EQ(config->feeds[0].interval, 5min);  // The daemon default.
  EXPECT_EQ(config->feeds[1].interval, 90s);
  EXPECT_EQ(config->feeds[1].url, "file://" + Path("feeds/x.xml"));
  ASSERT_EQ(config->channels.size(), 1u);
  EXPECT_EQ(config->channels[0].url, "https://hooks.example/abc");
  ASSERT_EQ(config->channels[0].secrets.size(), 1u);
  EXPECT_EQ(config->channels[0].secrets[0], "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  EXPECT_EQ(config->channels[0].retry_schedule, DefaultRetrySchedule());
  ASSERT_EQ(config->filters.size(), 1u);
  EXPECT_EQ(config->filters[0].feeds, std::vector<std::string>{"korea"});
}

TEST_F(ConfigLoaderTest, UnknownKeyNamesItsPosition) {
  EXPECT_EQ(Errors("[daemon]\nstate_dir = \"s\"\n  pol_interval = \"1m\"\n"),
            Path("newsalert.toml") +
                ":3:3: unknown key \"pol_interval\" in [daemon] (known keys: state_dir, "
                "poll_interval, max_concurrent_fetches, max_connections_per_host, "
                "alert_on_first_poll, filters, log_level, connect_timeout, fetch_timeout, "
                "max_body_bytes, low_speed_timeout, stale_after, respect_cache_hints)");
}

TEST_F(ConfigLoaderTest, WrongTypesAndBadDurationsNameTheValue) {
  EXPECT_EQ(Errors("[daemon]\nmax_concurrent_fetches = \"many\"\n"),
            Path("newsalert.toml") +
                ":2:26: max_concurrent_fetches: expected an integer, got a string");
  EXPECT_EQ(Errors("[daemon]\npoll_interval = \"10\"\n"),
            Path("newsalert.toml") +
                ":2:17: invalid duration \"10\": missing unit (use e.g. \"90s\", \"15m\", "
                "\"1h30m\")");
}

TEST_F(ConfigLoaderTest, TomlSyntaxErrorsCarryThePosition) {
  std::string errors = Errors("[daemon\nstate_dir = 1\n");
  EXPECT_EQ(errors.rfind(Path("newsalert.toml") + ":1:", 0), 0u) << errors;
}

TEST_F(ConfigLoaderTest, DuplicateNamesAreErrors) {
  std::string errors = Errors(
      "[[feed]]\nname = \"A\"\nurl = \"https://a.example/1\"\n"
      "[[feed]]\nname = \"A\"\nurl = \"https://a.example/2\"\n");
  EXPECT_EQ(errors, Path("newsalert.toml") +
                        ":5:8: duplicate feed name \"A\" (first defined at " +
                        Path("newsalert.toml") + ":2:8)");
}

TEST_F(ConfigLoaderTest, FilterNamingUnknownChannelOrTagIsAnError) {
  WriteFile(dir_ / "f.toml",
            "[[filter]]\nname = \"x\"\nquery = \"laos\"\nnotify = [\"nowhere\"]\n"
            "feeds = [\"no-such-tag\"]\n");
  std::string errors = Errors("[daemon]\nfilters = [\"f.toml\"]\n");
  EXPECT_NE(errors.find(Path("f.toml") + ":1:1: filter \"x\" notifies unknown channel \"nowhere\""),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find(Path("f.toml") +
                        ":1:1: filter \"x\" names unknown feed or tag \"no-such-tag\""),
            std::string::npos)
      << errors;
}

TEST_F(ConfigLoaderTest, MissingFilterFileAndSecretFileAreErrors) {
  std::string errors = Errors(
      "[daemon]\nfilters = [\"missing.toml\"]\n"
      "[[channel]]\nname = \"h\"\ntype = \"webhook\"\nurl_file = \"nope.url\"\n");
  EXPECT_NE(errors.find("filter file " + Path("missing.toml") + " does not exist"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find(":6:12: cannot read secret file " + Path("nope.url")), std::string::npos)
      << errors;
}

TEST_F(ConfigLoaderTest, QueryPositionsFollowTheFileThroughEscapes) {
  WriteFile(dir_ / "f.toml",
            "[[filter]]\nname = \"x\"\nquery = \"\\\"a\\\" b\"\nnotify = [\"c\"]\n");
  WriteFile(dir_ / "newsalert.toml",
            "[daemon]\nfilters = [\"f.toml\"]\n[[channel]]\nname = \"c\"\ntype = \"console\"\n");
  Result<Config> config = LoadConfig(dir_ / "newsalert.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const FilterConfig& filter = config->filters[0];
  EXPECT_EQ(filter.query, "\"a\" b");
  ASSERT_EQ(filter.query_positions.size(), filter.query.size() + 1);
  EXPECT_EQ(filter.query_positions[0].column, 10);  // The escape \" starts at column 10.
  EXPECT_EQ(filter.query_positions[1].column, 12);  // 'a'
  EXPECT_EQ(filter.query_positions[4].column, 16);  // 'b'
  EXPECT_EQ(filter.query_positions[4].line, 3);
}

TEST_F(ConfigLoaderTest, ReadsEmailChannelsDigestsAndChatFormats) {
  WriteFile(dir_ / "smtp.password", "s3cret\n");
  WriteFile(dir_ / "hook.secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw whsec_c2Vjb25kc2Vjb25kc2Vjb25k\n");
  WriteFile(dir_ / "newsalert.toml",
            "[[channel]]\nname = \"mail\"\ntype = \"email\"\n"
            "smtp_url = \"smtp://mail.example.org:587\"\nusername = \"newsalert\"\n"
            "password_file = \"smtp.password\"\nhelo = \"alerts.example.org\"\n"
            "from = \"newsalert <newsalert@example.org>\"\nto = [\"desk@example.org\"]\n"
            "ca_file = \"ca.pem\"\nmode = \"daily\"\ndigest_at = \"07:30\"\n"
            "[[channel]]\nname = \"slack\"\ntype = \"webhook\"\nurl = \"https://hooks.slack.com/x\"\n"
            "format = \"slack\"\nflood_threshold = 5\nsecret_file = \"hook.secret\"\n"
            "[[channel]]\nname = \"discord\"\ntype = \"webhook\"\nurl = \"https://discord.com/api/webhooks/1/x\"\n"
            "format = \"discord\"\nmode = \"hourly\"\n");
  Result<Config> config = LoadConfig(dir_ / "newsalert.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const ChannelConfig& mail = config->channels[0];
  EXPECT_EQ(mail.type, ChannelType::kEmail);
  EXPECT_EQ(mail.email.smtp_url, "smtp://mail.example.org:587");
  EXPECT_TRUE(mail.email.starttls);
  EXPECT_EQ(mail.email.password, "s3cret");
  EXPECT_EQ(mail.email.helo, "alerts.example.org");
  EXPECT_EQ(mail.email.to, std::vector<std::string>{"desk@example.org"});
  EXPECT_EQ(mail.ca_file, Path("ca.pem"));
  EXPECT_EQ(mail.mode, DeliveryMode::kDaily);
  EXPECT_EQ(mail.digest_minute, 7 * 60 + 30);
  EXPECT_EQ(mail.flood_threshold, 20);
  EXPECT_EQ(config->channels[1].format, WebhookFormat::kSlack);
  EXPECT_EQ(config->channels[1].flood_threshold, 5);
  EXPECT_EQ(config->channels[1].secrets.size(), 2u);  // Space-separated for rotation.
  EXPECT_EQ(config->channels[2].format, WebhookFormat::kDiscord);
  EXPECT_EQ(config->channels[2].mode, DeliveryMode::kHourly);
}

TEST_F(ConfigLoaderTest, EmailChannelMistakesAreCaught) {
  WriteFile(dir_ / "p", "pw");
  std::string errors = Errors(
      "[[channel]]\nname = \"a\"\ntype = \"email\"\nsmtp_url = \"smtp://u:p@mail.example.org\"\n"
      "from = \"x@example.org\"\nto = [\"not an address\"]\n"
      "[[channel]]\nname = \"b\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example.org:25\"\n"
      "starttls = false\nusername = \"u\"\npassword_file = \"p\"\nfrom = \"x@example.org\"\n"
      "to = [\"d@example.org\"]\nurl = \"https://x\"\n"
      "[[channel]]\nname = \"c\"\ntype = \"webhook\"\nurl = \"https://x\"\nformat = \"teams\"\n"
      "mode = \"weekly\"\n"
      "[[channel]]\nname = \"d\"\ntype = \"console\"\ndigest_at = \"8:00\"\n");
  for (const char* expected :
       {"smtp_url must not carry credentials", "to: \"not an address\" is not an address",
        "refusing to send a password without TLS", "url does not apply to an email channel",
        "unknown webhook format \"teams\" (expected json, slack or discord)",
        "unknown mode \"weekly\"", "digest_at needs mode = \"daily\""}) {
    EXPECT_NE(errors.find(expected), std::string::npos) << expected << "\n" << errors;
  }
}

}  // namespace
}  // namespace newsalert::config
