#include "notify/email_channel.h"

#include "notify/email_message.h"

namespace newsalert::notify {

EmailChannel::EmailChannel(config::ChannelConfig config, net::TransferLoop& loop,
                           std::shared_ptr<const Clock> clock)
    : config_(std::move(config)), loop_(loop), clock_(std::move(clock)) {}

std::string SmtpUrl(const config::EmailSettings& settings) {
  if (settings.helo.empty()) return settings.smtp_url;
  return settings.smtp_url + "/" + settings.helo;
}

void EmailChannel::Deliver(const store::OutboxRow& row, DeliveryCallback done) {
  const config::EmailSettings& email = config_.email;
  Result<std::string> message = BuildEmail(email, row.delivery_id, row.payload, clock_->Now());
  if (!message.ok()) {
    DeliveryOutcome outcome;
    outcome.kind = DeliveryOutcome::Kind::kPermanent;
    outcome.error = "cannot render the alert: " + message.status().message();
    done(std::move(outcome));
    return;
  }
  net::SmtpRequest request;
  request.url = SmtpUrl(email);
  request.require_tls = email.starttls;
  request.username = email.username;
  request.password = email.password;
  request.mail_from = EnvelopeAddress(email.from);
  for (const std::string& to : email.to) request.recipients.push_back(EnvelopeAddress(to));
  request.message = std::move(*message);
  request.ca_file = config_.ca_file;
  request.connect_timeout = std::min<Duration>(config_.timeout, std::chrono::seconds(10));
  request.total_timeout = config_.timeout;
  net::StartSmtp(loop_, std::move(request), [done = std::move(done)](net::SmtpResult result) {
    done(ClassifySmtpResult(result));
  });
}

DeliveryOutcome ClassifySmtpResult(const net::SmtpResult& result) {
  DeliveryOutcome outcome;
  if (result.reply_code > 0) outcome.status = result.reply_code;
  outcome.reply = result.reply.empty() ? result.error_message : result.reply;
  if (result.ok()) {
    outcome.kind = DeliveryOutcome::Kind::kDelivered;
    return outcome;
  }
  std::string detail = result.reply.empty() ? result.error_message
                                            : result.error_message + " (" + result.reply + ")";
  outcome.error = std::string(net::TransferErrorKindName(result.error)) + ": " + detail;
  long code = result.reply_code;
  if (result.code == CURLE_USE_SSL_FAILED) {
    outcome.error = "tls: the server does not offer STARTTLS (set starttls = false only for a "
                    "trusted local relay)";
  }
  bool auth_failed = result.code == CURLE_LOGIN_DENIED || code == 530 || code == 534 ||
                     code == 535 || code == 538;
  if (code >= 500 && code <= 599 && !auth_failed) {
    outcome.kind = DeliveryOutcome::Kind::kPermanent;
    if (code == 552) outcome.error = "message refused as too large (552): " + detail;
    return outcome;
  }
  // No reply, a 4xx, or a failed login: the server or the way to it.
  outcome.kind = DeliveryOutcome::Kind::kRetry;
  outcome.endpoint_failure = true;
  if (auth_failed) outcome.error = "authentication failed: " + detail;
  return outcome;
}

}  // namespace newsalert::notify
