#include "notify/chat_formats.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace newsalert::notify {
namespace {

AlertContent Alert() {
  AlertContent alert;
  alert.id = "nla_1";
  alert.filter_name = "nk-laos";
  alert.title = "Laos <deports> defectors & more";
  alert.link = "https://news.example/a|b";
  alert.published = "2024-11-05T08:30:00Z";
  alert.feed_name = "Korea Desk";
  alert.matched = {"laos"};
  alert.snippet = "Nine **North Korean** defectors in **Laos** *now*";
  alert.detected_at = "2024-11-05T08:31:00Z";
  return alert;
}

AlertDocument Single(AlertContent alert) {
  AlertDocument document;
  document.alert = std::move(alert);
  return document;
}

TEST(ChatFormats, SlackLinksTheTitleAndTurnsEmphasisIntoMrkdwnBold) {
  nlohmann::json message = nlohmann::json::parse(SlackMessage(Single(Alert())));
  std::string section = message["blocks"][0]["text"]["text"];
  EXPECT_EQ(section,
            "*<https://news.example/a%7Cb|Laos &lt;deports&gt; defectors &amp; more>*\n"
            "Nine *North Korean* defectors in *Laos* *now*");
  EXPECT_EQ(message["blocks"][0]["text"]["type"], "mrkdwn");
  std::string context = message["blocks"][1]["elements"][0]["text"];
  EXPECT_NE(context.find("filter nk-laos"), std::string::npos);
  EXPECT_NE(context.find("feed Korea Desk"), std::string::npos);
  EXPECT_EQ(message["text"], "Laos <deports> defectors & more (nk-laos)");
  EXPECT_EQ(message["unfurl_links"], false);
}

TEST(ChatFormats, DiscordSendsOneEmbedWithoutPings) {
  AlertContent alert = Alert();
  alert.snippet = "@everyone **Laos** uses_underscores";
  nlohmann::json message = nlohmann::json::parse(DiscordMessage(Single(alert)));
  const nlohmann::json& embed = message["embeds"][0];
  EXPECT_EQ(embed["title"], "Laos <deports> defectors & more");
  EXPECT_EQ(embed["url"], "https://news.example/a|b");
  EXPECT_EQ(embed["description"], "@everyone **Laos** uses\\_underscores");
  EXPECT_EQ(embed["fields"][0]["name"], "Filter");
  EXPECT_EQ(embed["fields"][0]["value"], "nk-laos");
  EXPECT_EQ(embed["fields"][1]["value"], "Korea Desk");
  EXPECT_EQ(embed["timestamp"], "2024-11-05T08:30:00Z");
  EXPECT_TRUE(message["allowed_mentions"]["parse"].empty());
}

TEST(ChatFormats, GroupsListTheirAlertsWithinTheReceiversLimits) {
  AlertDocument document;
  document.is_group = true;
  document.group.type = "flood";
  document.group.id = "nla_f";
  document.group.feed_name = "Archive";
  document.group.count = 300;
  for (int i = 0; i < 300; ++i) {
    AlertContent alert = Alert();
    alert.title = "Story " + std::to_string(i) + " " + std::string(40, 'x');
    document.group.alerts.push_back(alert);
  }
  nlohmann::json slack = nlohmann::json::parse(SlackMessage(document));
  EXPECT_NE(slack["text"].get<std::string>().find("300 new matches from Archive"),
            std::string::npos);
  EXPECT_LE(slack["blocks"][1]["text"]["text"].get<std::string>().size(), 3000u);
  EXPECT_NE(slack["blocks"][2]["elements"][0]["text"].get<std::string>().find("more"),
            std::string::npos);
  nlohmann::json discord = nlohmann::json::parse(DiscordMessage(document));
  std::string description = discord["embeds"][0]["description"];
  EXPECT_LE(description.size(), 4096u);
  EXPECT_NE(description.find("and "), std::string::npos);
}

TEST(ChatFormats, TestAlertsSayTheyAreTests) {
  AlertContent alert = Alert();
  alert.test = true;
  EXPECT_NE(SlackMessage(Single(alert)).find("[TEST]"), std::string::npos);
  EXPECT_NE(DiscordMessage(Single(alert)).find("[TEST]"), std::string::npos);
}

}  // namespace
}  // namespace newsalert::notify
