// Where an IP address points: the public internet, or a space a feed
// fetcher must not be steered into (loopback, private networks, link-local,
// multicast, reserved). The SSRF guard of HttpTransfer asks this about every
// address libcurl is about to connect to, after DNS resolution, so a
// hostile redirect or DNS answer cannot reach 127.0.0.1, 10.0.0.0/8 or the
// cloud metadata service at 169.254.169.254.
#pragma once

#include <sys/socket.h>

#include <optional>
#include <string>
#include <string_view>

namespace newsalert::net {

enum class AddressScope {
  kPublic,
  kLoopback,     // 127.0.0.0/8, ::1
  kPrivate,      // 10/8, 172.16/12, 192.168/16, 100.64/10 (CGNAT), fc00::/7, fec0::/10
  kLinkLocal,    // 169.254/16, fe80::/10
  kMulticast,    // 224/4, ff00::/8
  kUnspecified,  // 0.0.0.0/8, ::
  kReserved,     // documentation, benchmarking, 240/4, broadcast, discard, Teredo...
};

const char* AddressScopeName(AddressScope scope);

// The scope of a socket address (AF_INET or AF_INET6; others are kReserved).
// IPv6 forms that embed an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d,
// 64:ff9b::/96 NAT64, 2002::/16 6to4) take the scope of the embedded address.
AddressScope ClassifyAddress(const sockaddr* address);

// The scope of a host as written in a URL, without DNS: IPv4 in every form
// inet_aton(3) accepts ("2130706433", "0x7f.1", "0177.0.0.1"), IPv6 with or
// without brackets, and "localhost" / "*.localhost" (RFC 6761). nullopt for
// a name that needs DNS.
std::optional<AddressScope> ClassifyHost(std::string_view host);

// The numeric text of a socket address ("127.0.0.1", "::1").
std::string AddressText(const sockaddr* address);

// Test-only: addresses (numeric text) the guard treats as public, from the
// environment variable NEWSALERT_TEST_PUBLIC_ADDRESSES (comma-separated), so
// tests on 127.0.0.2 can play a public origin. Read once.
bool IsTestPublicAddress(const std::string& address_text);

}  // namespace newsalert::net
