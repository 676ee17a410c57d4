#include "app/send_test_command.h"

#include <cstdio>
#include <optional>

#include "app/snapshot.h"
#include "base/clock.h"
#include "base/ids.h"
#include "base/strings.h"
#include "base/time_format.h"
#include "base/version.h"
#include "net/transfer_loop.h"
#include "notify/alert_payload.h"
#include "notify/console_channel.h"
#include "notify/email_channel.h"
#include "notify/webhook_channel.h"

namespace newsalert::app {
namespace {

notify::AlertContent TestAlert(TimePoint now) {
  notify::AlertContent alert;
  alert.id = NewDeliveryId(now);
  alert.test = true;
  alert.filter_name = "send-test";
  alert.filter_query = "(test alert, no filter matched)";
  alert.title = "newsalert test alert: this channel works";
  alert.link = kProjectUrl;
  alert.published = FormatRfc3339(now);
  alert.categories = {"test"};
  alert.summary = "A test alert sent by `newsalert send-test`. No story matched; nothing to do.";
  alert.feed_name = "newsalert send-test";
  alert.feed_url = kProjectUrl;
  alert.matched = {"test"};
  alert.snippet = "A **test** alert sent by newsalert send-test. No story matched.";
  alert.detected_at = FormatRfc3339(now);
  return alert;
}

std::string Describe(const config::ChannelConfig& channel) {
  switch (channel.type) {
    case config::ChannelType::kConsole:
      return "console";
    case config::ChannelType::kWebhook: {
      const char* format = channel.format == config::WebhookFormat::kSlack     ? "slack"
                           : channel.format == config::WebhookFormat::kDiscord ? "discord"
                                                                                : "json";
      return std::string("webhook, format ") + format + ", " + RedactUrl(channel.url);
    }
    case config::ChannelType::kEmail:
      return "email via " + channel.email.smtp_url + " to " + Join(channel.email.to, ", ");
  }
  return "";
}

}  // namespace

int SendTestAlert(const std::string& config_path, const std::string& channel_name) {
  Result<std::shared_ptr<const Clock>> clock = MakeClockFromEnvironment();
  if (!clock.ok()) {
    std::fprintf(stderr, "newsalert: %s\n", clock.status().message().c_str());
    return 2;
  }
  Result<std::shared_ptr<const Snapshot>> snapshot = LoadSnapshot(config_path);
  if (!snapshot.ok()) {
    std::fprintf(stderr, "%s\n", snapshot.status().message().c_str());
    return 2;
  }
  const config::ChannelConfig* channel = (*snapshot)->config->FindChannel(channel_name);
  if (channel == nullptr) {
    std::vector<std::string> names;
    for (const config::ChannelConfig& known : (*snapshot)->config->channels) {
      names.push_back(known.name);
    }
    std::fprintf(stderr, "newsalert: no channel \"%s\" in %s (channels: %s)\n",
                 channel_name.c_str(), config_path.c_str(),
                 names.empty() ? "none" : Join(names, ", ").c_str());
    return 2;
  }

  TimePoint now = (*clock)->Now();
  notify::AlertContent alert = TestAlert(now);
  store::OutboxRow row;
  row.delivery_id = alert.id;
  row.channel = channel->name;
  row.filter = alert.filter_name;
  row.title = alert.title;
  row.payload = notify::SerializeAlert(alert);
  row.created_at = ToUnixMillis(now);
  row.state = "pending";

  net::TransferLoop loop;
  std::unique_ptr<notify::Channel> sender;
  switch (channel->type) {
    case config::ChannelType::kConsole:
      sender = std::make_unique<notify::ConsoleChannel>(*channel);
      break;
    case config::ChannelType::kWebhook:
      sender = std::make_unique<notify::WebhookChannel>(*channel, loop, *clock);
      break;
    case config::ChannelType::kEmail:
      sender = std::make_unique<notify::EmailChannel>(*channel, loop, *clock);
      break;
  }
  std::printf("sending a test alert to channel \"%s\" (%s), delivery %s\n", channel->name.c_str(),
              Describe(*channel).c_str(), alert.id.c_str());
  std::fflush(stdout);

  std::optional<notify::DeliveryOutcome> outcome;
  sender->Deliver(row, [&outcome](notify::DeliveryOutcome result) { outcome = std::move(result); });
  // The transfer carries its own timeout; this bound only guards the loop.
  auto deadline = std::chrono::steady_clock::now() + channel->timeout + std::chrono::seconds(10);
  while (!outcome && std::chrono::steady_clock::now() < deadline) {
    loop.Poll(std::chrono::milliseconds(200), -1);
  }
  if (!outcome) {
    std::printf("FAILED: no answer within %s\n", FormatDuration(channel->timeout).c_str());
    return 1;
  }
  if (outcome->kind == notify::DeliveryOutcome::Kind::kDelivered) {
    std::printf("delivered: %s\n", outcome->reply.c_str());
    return 0;
  }
  std::printf("FAILED: %s\n", outcome->error.c_str());
  if (!outcome->reply.empty() && outcome->reply != outcome->error) {
    std::printf("receiver answered: %s\n", outcome->reply.c_str());
  }
  return 1;
}

}  // namespace newsalert::app
