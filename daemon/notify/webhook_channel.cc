#include "notify/webhook_channel.h"

#include <chrono>

#include "base/version.h"
#include "net/http_headers.h"
#include "notify/webhook_signature.h"

namespace newsalert::notify {

WebhookChannel::WebhookChannel(config::ChannelConfig config, net::TransferLoop& loop,
                               std::shared_ptr<const Clock> clock)
    : config_(std::move(config)), loop_(loop), clock_(std::move(clock)) {}

net::HttpRequest WebhookChannel::BuildRequest(const store::OutboxRow& row, TimePoint now) const {
  net::HttpRequest request;
  request.url = config_.url;
  request.method = "POST";
  request.body = row.payload;
  request.connect_timeout = std::min<Duration>(config_.timeout, std::chrono::seconds(5));
  request.total_timeout = config_.timeout;
  request.max_redirects = 0;
  request.max_body_bytes = 64 * 1024;  // We only read the answer's status.
  request.accept_compressed = false;
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
        WebhookSignatureHeader(config_.secrets, row.delivery_id, timestamp, row.payload));
  }
  return request;
}

void WebhookChannel::Deliver(const store::OutboxRow& row, DeliveryCallback done) {
  std::shared_ptr<const Clock> clock = clock_;
  net::StartHttp(loop_, BuildRequest(row, clock->Now()),
                 [clock, done = std::move(done)](net::HttpResult result) {
                   done(ClassifyWebhookResponse(result, clock->Now()));
                 });
}

DeliveryOutcome ClassifyWebhookResponse(const net::HttpResult& result, TimePoint now) {
  DeliveryOutcome outcome;
  if (!result.ok() && result.error != net::TransferErrorKind::kTooLarge) {
    outcome.kind = DeliveryOutcome::Kind::kRetry;
    outcome.error = std::string(net::TransferErrorKindName(result.error)) + ": " +
                    result.error_message;
    return outcome;
  }
  // A too-large answer still carries a status: the receiver did answer.
  long status = result.response.status;
  outcome.status = status;
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
    outcome.retry_after = net::ParseRetryAfter(result.response.Header("retry-after"), now);
    return outcome;
  }
  outcome.client_error = true;  // 3xx (never followed) and other 4xx.
  if (status >= 300 && status <= 399) outcome.error += " redirect (not followed)";
  return outcome;
}

}  // namespace newsalert::notify
