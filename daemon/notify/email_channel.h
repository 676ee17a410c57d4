// EmailChannel: sends each alert (or digest) as one email through the
// channel's SMTP server, over the TransferLoop (net/smtp_transfer.h). The
// message is built from the stored document at each attempt
// (notify/email_message.h); only its Date changes between retries.
#pragma once

#include <memory>

#include "base/clock.h"
#include "net/smtp_transfer.h"
#include "notify/channel.h"

namespace newsalert::notify {

class EmailChannel final : public Channel {
 public:
  EmailChannel(config::ChannelConfig config, net::TransferLoop& loop,
               std::shared_ptr<const Clock> clock);

  const config::ChannelConfig& config() const override { return config_; }
  void Deliver(const store::OutboxRow& row, DeliveryCallback done) override;

 private:
  config::ChannelConfig config_;
  net::TransferLoop& loop_;
  std::shared_ptr<const Clock> clock_;
};

// The libcurl URL for the settings: smtp_url plus "/<helo>" (libcurl's way
// of naming the EHLO identity).
std::string SmtpUrl(const config::EmailSettings& settings);

// 250 delivered. Retried (the server or the way to it, not this message):
// no connection, TLS or STARTTLS failures, timeouts, 4xx replies (451
// greylisting, 421 busy) and authentication failures (530/534/535: the
// operator fixes the password, the alerts wait). Permanent: other 5xx
// replies, e.g. 550 mailbox unavailable, 552 message over the server's SIZE.
DeliveryOutcome ClassifySmtpResult(const net::SmtpResult& result);

}  // namespace newsalert::notify
