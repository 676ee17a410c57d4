// SMTP submission over the TransferLoop (libcurl's SMTP): one message to its
// recipients, the server's replies kept for people and for classifying the
// outcome. Used by the email channel (notify/email_channel.h) and
// send-test.
//
// libcurl takes the EHLO name from the URL path (smtp://host:587/<name>,
// RELIABILITY.md finding 12); without a path it says EHLO with the machine's
// host name. require_tls sets CURLUSESSL_ALL: on smtp:// the transfer fails
// (CURLE_USE_SSL_FAILED) rather than send without STARTTLS; smtps:// is TLS
// from the first byte. libcurl dot-stuffs the message (RFC 5321 4.5.2).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/duration.h"
#include "net/http_transfer.h"
#include "net/transfer_loop.h"

namespace newsalert::net {

struct SmtpRequest {
  std::string url;                      // smtp://host:port/<ehlo name> or smtps://...
  bool require_tls = true;
  std::string username;                 // AUTH when set.
  std::string password;
  std::string mail_from;                // Bare address.
  std::vector<std::string> recipients;  // Bare addresses.
  std::string message;                  // RFC 5322, CRLF line ends.
  std::string ca_file;                  // Extra trust anchor; "" = system store.
  Duration connect_timeout = std::chrono::seconds(10);
  Duration total_timeout = std::chrono::seconds(60);
};

struct SmtpResult {
  CURLcode code = CURLE_OK;
  TransferErrorKind error = TransferErrorKind::kNone;  // When code != CURLE_OK.
  std::string error_message;
  long reply_code = 0;   // The last SMTP reply code (0: none, e.g. no connection).
  std::string reply;     // The server's last reply line, e.g. "250 2.0.0 Ok: queued".

  bool ok() const { return code == CURLE_OK; }
};

using SmtpCallback = std::function<void(SmtpResult result)>;

// Starts sending; `done` runs on the loop thread when it ends (before this
// returns when libcurl refuses to start).
void StartSmtp(TransferLoop& loop, SmtpRequest request, SmtpCallback done);

}  // namespace newsalert::net
