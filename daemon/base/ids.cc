#include "base/ids.h"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <random>

#include "base/time_format.h"

namespace newsalert {

std::string NewDeliveryId(TimePoint now) {
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::array<unsigned char, 16> bytes{};
  auto millis = static_cast<std::uint64_t>(ToUnixMillis(now));
  for (int i = 0; i < 6; ++i) bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(millis >> (8 * (5 - i)));
  if (RAND_bytes(bytes.data() + 6, 10) != 1) {
    // OpenSSL's generator failing is near impossible; fall back rather than
    // stop delivering.
    std::random_device device;
    for (std::size_t i = 6; i < bytes.size(); ++i) bytes[i] = static_cast<unsigned char>(device());
  }
  // 128 bits -> 26 base32 digits (the first digit carries 3 bits).
  std::string id = "nla_";
  // Digit k (from the right) holds bits [5k, 5k+5) of the 128-bit number.
  for (int digit = 25; digit >= 0; --digit) {
    int value = 0;
    for (int bit = 4; bit >= 0; --bit) {
      int position = digit * 5 + bit;  // Bit index from the least significant end.
      if (position >= 128) continue;
      int byte_index = 15 - position / 8;
      int bit_value = (bytes[static_cast<std::size_t>(byte_index)] >> (position % 8)) & 1;
      value = (value << 1) | bit_value;
    }
    id += kAlphabet[value];
  }
  return id;
}

}  // namespace newsalert
