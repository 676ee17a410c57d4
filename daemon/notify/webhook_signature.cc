#include "notify/webhook_signature.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace newsalert::notify {

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

bool Base64Decode(std::string_view text, std::string& out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  for (char c : text) {
    bool valid = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '+' || c == '/' || c == '=';
    if (!valid) return false;
  }
  out.assign(3 * text.size() / 4, '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (written < 0) return false;
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  std::size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(written) - padding);
  return true;
}

std::string WebhookSigningKey(std::string_view secret) {
  constexpr std::string_view kPrefix = "whsec_";
  std::string_view encoded = secret;
  if (encoded.substr(0, kPrefix.size()) == kPrefix) encoded.remove_prefix(kPrefix.size());
  std::string key;
  if (Base64Decode(encoded, key)) return key;
  return std::string(secret);
}

std::string SignWebhook(std::string_view secret, std::string_view id, std::int64_t timestamp,
                        std::string_view body) {
  std::string key = WebhookSigningKey(secret);
  std::string content;
  content.reserve(id.size() + body.size() + 24);
  content.append(id);
  content += '.';
  content += std::to_string(timestamp);
  content += '.';
  content.append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac, &mac_length);
  return "v1," + Base64Encode(std::string_view(reinterpret_cast<const char*>(mac), mac_length));
}

std::string WebhookSignatureHeader(const std::vector<std::string>& secrets, std::string_view id,
                                   std::int64_t timestamp, std::string_view body) {
  std::string header;
  for (const std::string& secret : secrets) {
    if (!header.empty()) header += ' ';
    header += SignWebhook(secret, id, timestamp, body);
  }
  return header;
}

}  // namespace newsalert::notify
