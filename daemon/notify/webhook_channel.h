// WebhookChannel: POSTs an alert to an HTTP(S) endpoint through the
// TransferLoop, in the channel's format (json: the stored document byte for
// byte; slack, discord: their native messages, notify/chat_formats.h),
// signed Standard-Webhooks style when secrets are set. Redirects are never
// followed; the status code decides the outcome (see
// ClassifyWebhookResponse).
#pragma once

#include <memory>

#include "base/clock.h"
#include "base/result.h"
#include "net/http_transfer.h"
#include "notify/channel.h"

namespace newsalert::notify {

class WebhookChannel final : public Channel {
 public:
  WebhookChannel(config::ChannelConfig config, net::TransferLoop& loop,
                 std::shared_ptr<const Clock> clock);

  const config::ChannelConfig& config() const override { return config_; }
  void Deliver(const store::OutboxRow& row, DeliveryCallback done) override;

  // The request for one attempt at `now` (public for tests). Fails when
  // the stored document cannot be rendered in the channel's format.
  Result<net::HttpRequest> BuildRequest(const store::OutboxRow& row, TimePoint now) const;

 private:
  config::ChannelConfig config_;
  net::TransferLoop& loop_;
  std::shared_ptr<const Clock> clock_;
};

// 2xx delivered; 410 disables the channel; 408, 429 and 5xx retry (with
// Retry-After); 3xx and other 4xx retry as client errors (the dispatcher
// gives up on those after a few attempts: a receiver mid-deploy may answer
// 404 for a minute); no response at all retries.
DeliveryOutcome ClassifyWebhookResponse(const net::HttpResult& result, TimePoint now);

// The body a channel of `format` posts for a stored document.
Result<std::string> WebhookBody(config::WebhookFormat format, const std::string& payload);

}  // namespace newsalert::notify
