// Standard Webhooks signatures (https://www.standardwebhooks.com, v1.0.0):
// webhook-signature: "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>",
// one space-separated entry per secret so keys can rotate without downtime.
//
// A secret "whsec_<base64>" (the standard form) signs with the decoded
// bytes; the same base64 without the prefix gives the same signature; a
// secret that is not base64 at all signs with its raw bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsalert::notify {

// The HMAC key for a configured secret.
std::string WebhookSigningKey(std::string_view secret);

// "v1,<base64>" for one secret.
std::string SignWebhook(std::string_view secret, std::string_view id, std::int64_t timestamp,
                        std::string_view body);

// The webhook-signature header value for all secrets.
std::string WebhookSignatureHeader(const std::vector<std::string>& secrets, std::string_view id,
                                   std::int64_t timestamp, std::string_view body);

std::string Base64Encode(std::string_view bytes);
// Strict decoding; false on anything but canonical base64.
bool Base64Decode(std::string_view text, std::string& out);

}  // namespace newsalert::notify
