#include "notify/email_message.h"

#include <gtest/gtest.h>

#include "notify/alert_payload.h"
#include "notify/mime.h"

namespace newsalert::notify {
namespace {

config::EmailSettings Settings() {
  config::EmailSettings settings;
  settings.smtp_url = "smtp://127.0.0.1:2525";
  settings.helo = "alerts.example.org";
  settings.from = "newsalert <newsalert@example.org>";
  settings.to = {"desk@example.org", "editor@example.org"};
  return settings;
}

std::string Payload() {
  AlertContent alert;
  alert.id = "nla_01TESTTESTTESTTESTTESTTEST";
  alert.filter_name = "nk-laos";
  alert.title = "탈북민 9명 라오스서 강제북송 — Laos deports defectors";
  alert.link = "https://news.example/a?x=1&y=2";
  alert.published = "2024-11-05T08:30:00Z";
  alert.feed_name = "Korea Desk";
  alert.matched = {"laos", "defector*"};
  alert.snippet = "Nine **North Korean** **defectors** were <deported> from **Laos**";
  alert.summary = ".dot first\nFrom here " + std::string(3000, 'z');
  alert.detected_at = "2024-11-05T08:31:00Z";
  return SerializeAlert(alert);
}

TEST(EmailMessage, HasTheRequiredHeadersAndAStableMessageId) {
  TimePoint now = std::chrono::sys_days{std::chrono::November / 5 / 2024} + std::chrono::hours(9);
  Result<std::string> first = BuildEmail(Settings(), "nla_01TESTTESTTESTTESTTESTTEST", Payload(), now);
  ASSERT_TRUE(first.ok());
  const std::string& message = *first;
  EXPECT_EQ(message.rfind("Date: Tue, 05 Nov 2024 09:00:00 +0000\r\n", 0), 0u);
  EXPECT_NE(message.find("\r\nFrom: newsalert <newsalert@example.org>\r\n"), std::string::npos);
  EXPECT_NE(message.find("\r\nTo: desk@example.org, editor@example.org\r\n"), std::string::npos);
  EXPECT_NE(message.find("\r\nMessage-ID: <nla_01TESTTESTTESTTESTTESTTEST@alerts.example.org>\r\n"),
            std::string::npos);
  EXPECT_NE(message.find("\r\nMIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(message.find("multipart/alternative"), std::string::npos);
  EXPECT_NE(message.find("Content-Type: text/plain; charset=utf-8"), std::string::npos);
  EXPECT_NE(message.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  // CRLF only, short lines.
  for (std::size_t i = 0; i < message.size(); ++i) {
    if (message[i] == '\n') {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(message[i - 1], '\r');
    }
  }
  std::size_t start = 0;
  while (start < message.size()) {
    std::size_t end = message.find("\r\n", start);
    EXPECT_LE(end - start, 76u);
    start = end + 2;
  }
  // A retry an hour later differs only in its Date.
  Result<std::string> retry = BuildEmail(Settings(), "nla_01TESTTESTTESTTESTTESTTEST", Payload(),
                                         now + std::chrono::hours(1));
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(message.substr(message.find("\r\n")), retry->substr(retry->find("\r\n")));
}

TEST(EmailMessage, HtmlLinksTheTitleAndEmphasisesMatchedWords) {
  Result<std::string> message =
      BuildEmail(Settings(), "nla_x", Payload(), std::chrono::system_clock::now());
  ASSERT_TRUE(message.ok());
  std::string decoded = DecodeQuotedPrintable(*message);
  EXPECT_NE(decoded.find("<a href=\"https://news.example/a?x=1&amp;y=2\">"), std::string::npos);
  EXPECT_NE(decoded.find("<strong>North Korean</strong>"), std::string::npos);
  EXPECT_NE(decoded.find("&lt;deported&gt;"), std::string::npos);
  EXPECT_NE(decoded.find("Filter:    nk-laos"), std::string::npos);
  EXPECT_NE(decoded.find("Published: 2024-11-05 08:30 UTC"), std::string::npos);
}

TEST(EmailMessage, EnvelopeAddressesAreBare) {
  EXPECT_EQ(EnvelopeAddress("newsalert <a@example.org>"), "a@example.org");
  EXPECT_EQ(EnvelopeAddress(" a@example.org "), "a@example.org");
  config::EmailSettings settings = Settings();
  settings.helo.clear();
  EXPECT_EQ(MessageIdFor(settings, "nla_1"), "<nla_1@example.org>");
}

}  // namespace
}  // namespace newsalert::notify
