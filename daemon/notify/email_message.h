// The email for an alert document: an RFC 5322 message with Date,
// Message-ID, MIME-Version and a multipart/alternative body (plain text and
// HTML, UTF-8, quoted-printable). Pure.
//
// Everything but Date is a function of the stored document and the
// channel's settings, so every retry of an outbox row sends the same
// message: the Message-ID is derived from the delivery id
// (<nla_…@domain>), the MIME boundary from its hash.
#pragma once

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "config/config.h"

namespace newsalert::notify {

// The message for the stored document `payload` of outbox row
// `delivery_id`, dated `now`. Lines end in CRLF, none longer than 998.
Result<std::string> BuildEmail(const config::EmailSettings& settings,
                               std::string_view delivery_id, std::string_view payload,
                               TimePoint now);

// The bare address of "Name <addr@x>" or "addr@x" (for MAIL FROM / RCPT TO).
std::string EnvelopeAddress(std::string_view address);

// The Message-ID of a delivery: "<nla_…@domain>", the domain taken from
// helo, else from the From address.
std::string MessageIdFor(const config::EmailSettings& settings, std::string_view delivery_id);

}  // namespace newsalert::notify
