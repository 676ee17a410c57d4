#include "notify/webhook_channel.h"

#include <chrono>

#include "base/strings.h"
#include "base/version.h"
#include "net/http_headers.h"
#include "notify/alert_payload.h"
#include "notify/chat_formats.h"
#include "notify/webhook_signature.h"

namespace newsalert::notify {
namespace {

// "HTTP 400: invalid_payload": the status and the start of the answer's
// body on one line, for people (send-test, logs).
std::string Reply(const net::HttpResponse& response) {
  std::string reply = "HTTP " + std::to_string(response.status);
  std::string body = CollapseWhitespace(SanitizeUtf8(response.body));
  if (!body.empty()) reply += ": " + TruncateUtf8(body, 200);
  return reply;
}

}  // namespace

WebhookChannel::WebhookChannel(config::ChannelConfig config, net::TransferLoop& loop,
                               std::shared_ptr<const Clock> clock)
    : config_(std::move(config)), loop_(loop), clock_(std::move(clock)) {}

Result<std::string> WebhookBody(config::WebhookFormat format, const std::string& payload) {
  if (format == config::WebhookFormat::kJson) return payload;
  Result<AlertDocument> document = ParseDocument(payload);
  if (!document.ok()) return document.status();
  return format == config::WebhookFormat::kSlack ? SlackMessage(*document)
                                                 : DiscordMessage(*document);
}

Result<net::HttpRequest> WebhookChannel::BuildRequest(const store::OutboxRow& row,
                                                      TimePoint now) const {
  Result<std::string> body = WebhookBody(config_.format, row.payload);
  if (!body.ok()) return body.status();
  net::HttpRequest request;
  request.url = config_.url;
  request.method = "POST";
  request.body = std::move(*body);
  request.connect_timeout = std::min<Duration>(config_.timeout, std::chrono::seconds(5));
  request.total_timeout = config_.timeout;
  request.max_redirects = 0;
  request.max_body_bytes = 64 * 1024;  // We only read the answer's status.
  request.accept_compressed = false;
  request.ca_file = config_.ca_file;
  request.user_agent = std::string("newsalert/") + kVersion + " (+" + kProjectUrl + ")";
  std::int64_t timestamp =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  request.headers = {
      {"Content-Type", "application/json"},
      {"webhook-id", row.delivery_id},
      {"webhook-timestamp", std::to_string(timestamp)},
  };
  if (!config_.secrets.empty()) {
    request.headers.emplace_back(
        "webhook-signature",
        WebhookSignatureHeader(config_.secrets, row.delivery_id, timestamp, request.body));
  }
  return request;
}

void WebhookChannel::Deliver(const store::OutboxRow& row, DeliveryCallback done) {
  std::shared_ptr<const Clock> clock = clock_;
  Result<net::HttpRequest> request = BuildRequest(row, clock->Now());
  if (!request.ok()) {
    DeliveryOutcome outcome;
    outcome.kind = DeliveryOutcome::Kind::kPermanent;
    outcome.error = "cannot render the alert: " + request.status().message();
    done(std::move(outcome));
    return;
  }
  net::StartHttp(loop_, std::move(*request),
                 [clock, done = std::move(done)](net::HttpResult result) {
                   done(ClassifyWebhookResponse(result, clock->Now()));
                 });
}

DeliveryOutcome ClassifyWebhookResponse(const net::HttpResult& result, TimePoint now) {
  DeliveryOutcome outcome;
  if (!result.ok() && result.error != net::TransferErrorKind::kTooLarge) {
    outcome.kind = DeliveryOutcome::Kind::kRetry;
    outcome.endpoint_failure = true;
    outcome.error = std::string(net::TransferErrorKindName(result.error)) + ": " +
                    result.error_message;
    outcome.reply = "no answer: " + outcome.error;
    return outcome;
  }
  // A too-large answer still carries a status: the receiver did answer.
  long status = result.response.status;
  outcome.status = status;
  outcome.reply = Reply(result.response);
  if (status >= 200 && status <= 299) {
    outcome.kind = DeliveryOutcome::Kind::kDelivered;
    return outcome;
  }
  outcome.error = "HTTP " + std::to_string(status);
  if (status == 410) {
    outcome.kind = DeliveryOutcome::Kind::kDisable;
    outcome.error += " Gone: the receiver asked us to stop";
    return outcome;
  }
  outcome.kind = DeliveryOutcome::Kind::kRetry;
  if (status == 408 || status == 429 || status >= 500) {
    // Unavailable, overloaded or a gateway without its backend: the receiver
    // as a whole. Other 5xx may be this one alert (a receiver bug).
    outcome.endpoint_failure =
        status == 408 || status == 429 || status == 502 || status == 503 || status == 504;
    outcome.retry_after = net::ParseRetryAfter(result.response.Header("retry-after"), now);
    return outcome;
  }
  outcome.client_error = true;  // 3xx (never followed) and other 4xx.
  if (status >= 300 && status <= 399) outcome.error += " redirect (not followed)";
  return outcome;
}

}  // namespace newsalert::notify
