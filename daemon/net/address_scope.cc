#include "net/address_scope.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>

#include "base/strings.h"

namespace newsalert::net {
namespace {

struct Ipv4Range {
  std::uint32_t network;
  int prefix;
  AddressScope scope;
};

constexpr std::uint32_t Ip(int a, int b, int c, int d) {
  return (static_cast<std::uint32_t>(a) << 24) | (static_cast<std::uint32_t>(b) << 16) |
         (static_cast<std::uint32_t>(c) << 8) | static_cast<std::uint32_t>(d);
}

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates), plus
// multicast. Anything not listed is public.
constexpr std::array<Ipv4Range, 16> kIpv4Ranges = {{
    {Ip(0, 0, 0, 0), 8, AddressScope::kUnspecified},
    {Ip(10, 0, 0, 0), 8, AddressScope::kPrivate},
    {Ip(100, 64, 0, 0), 10, AddressScope::kPrivate},  // Carrier-grade NAT.
    {Ip(127, 0, 0, 0), 8, AddressScope::kLoopback},
    {Ip(169, 254, 0, 0), 16, AddressScope::kLinkLocal},
    {Ip(172, 16, 0, 0), 12, AddressScope::kPrivate},
    {Ip(192, 0, 0, 0), 24, AddressScope::kReserved},
    {Ip(192, 0, 2, 0), 24, AddressScope::kReserved},
    {Ip(192, 88, 99, 0), 24, AddressScope::kReserved},
    {Ip(192, 168, 0, 0), 16, AddressScope::kPrivate},
    {Ip(198, 18, 0, 0), 15, AddressScope::kReserved},
    {Ip(198, 51, 100, 0), 24, AddressScope::kReserved},
    {Ip(203, 0, 113, 0), 24, AddressScope::kReserved},
    {Ip(224, 0, 0, 0), 4, AddressScope::kMulticast},
    {Ip(240, 0, 0, 0), 4, AddressScope::kReserved},
    {Ip(255, 255, 255, 255), 32, AddressScope::kReserved},
}};

AddressScope ClassifyIpv4(std::uint32_t address) {
  for (const Ipv4Range& range : kIpv4Ranges) {
    std::uint32_t mask = range.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - range.prefix);
    if ((address & mask) == range.network) return range.scope;
  }
  return AddressScope::kPublic;
}

std::uint32_t Ipv4At(const unsigned char* bytes) {
  return Ip(bytes[0], bytes[1], bytes[2], bytes[3]);
}

AddressScope ClassifyIpv6(const unsigned char* b) {
  static constexpr unsigned char kZero[16] = {};
  auto starts_with = [&](std::initializer_list<unsigned char> prefix) {
    std::size_t i = 0;
    for (unsigned char byte : prefix) {
      if (b[i++] != byte) return false;
    }
    return true;
  };
  if (std::memcmp(b, kZero, 15) == 0) {
    if (b[15] == 0) return AddressScope::kUnspecified;
    if (b[15] == 1) return AddressScope::kLoopback;
  }
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated): the
  // kernel connects to the IPv4 address.
  if (std::memcmp(b, kZero, 10) == 0 &&
      ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0))) {
    return ClassifyIpv4(Ipv4At(b + 12));
  }
  // 64:ff9b::/96 (NAT64) and 64:ff9b:1::/48 (local NAT64) reach IPv4 space.
  if (starts_with({0x00, 0x64, 0xff, 0x9b})) return ClassifyIpv4(Ipv4At(b + 12));
  if (starts_with({0x20, 0x02})) return ClassifyIpv4(Ipv4At(b + 2));  // 6to4.
  if ((b[0] & 0xfe) == 0xfc) return AddressScope::kPrivate;          // fc00::/7 ULA.
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressScope::kLinkLocal;  // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressScope::kPrivate;    // fec0::/10
  if (b[0] == 0xff) return AddressScope::kMulticast;
  if (starts_with({0x20, 0x01, 0x0d, 0xb8})) return AddressScope::kReserved;  // Documentation.
  if (starts_with({0x20, 0x01, 0x00, 0x00})) return AddressScope::kReserved;  // Teredo.
  if (starts_with({0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00})) {
    return AddressScope::kReserved;  // 100::/64 discard.
  }
  // Only 2000::/3 is allocated as global unicast.
  if ((b[0] & 0xe0) != 0x20) return AddressScope::kReserved;
  return AddressScope::kPublic;
}

}  // namespace

const char* AddressScopeName(AddressScope scope) {
  switch (scope) {
    case AddressScope::kPublic: return "public";
    case AddressScope::kLoopback: return "loopback";
    case AddressScope::kPrivate: return "private";
    case AddressScope::kLinkLocal: return "link-local";
    case AddressScope::kMulticast: return "multicast";
    case AddressScope::kUnspecified: return "unspecified";
    case AddressScope::kReserved: return "reserved";
  }
  return "reserved";
}

AddressScope ClassifyAddress(const sockaddr* address) {
  if (address == nullptr) return AddressScope::kReserved;
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return ClassifyIpv4(ntohl(v4->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    return ClassifyIpv6(v6->sin6_addr.s6_addr);
  }
  return AddressScope::kReserved;
}

std::optional<AddressScope> ClassifyHost(std::string_view host) {
  std::string text = ToLowerAscii(Trim(host));
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (auto zone = text.find('%'); zone != std::string::npos) text.resize(zone);
  while (!text.empty() && text.back() == '.') text.pop_back();  // "localhost."
  if (text == "localhost" ||
      (text.size() > 10 && text.compare(text.size() - 10, 10, ".localhost") == 0)) {
    return AddressScope::kLoopback;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return ClassifyIpv6(v6.s6_addr);
  // inet_aton accepts the legacy forms resolvers (and so libcurl) accept:
  // "2130706433", "0x7f.1", "0177.0.0.1".
  in_addr v4{};
  if (inet_aton(text.c_str(), &v4) != 0) return ClassifyIpv4(ntohl(v4.s_addr));
  return std::nullopt;
}

std::string AddressText(const sockaddr* address) {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (address == nullptr) return "";
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, buffer,
              sizeof buffer);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, buffer,
              sizeof buffer);
  }
  return buffer;
}

bool IsTestPublicAddress(const std::string& address_text) {
  static const std::set<std::string> kAddresses = [] {
    std::set<std::string> addresses;
    const char* value = std::getenv("NEWSALERT_TEST_PUBLIC_ADDRESSES");
    if (value == nullptr) return addresses;
    for (std::string_view part : Split(value, ',')) {
      if (!Trim(part).empty()) addresses.emplace(Trim(part));
    }
    return addresses;
  }();
  return kAddresses.count(address_text) > 0;
}

}  // namespace newsalert::net
