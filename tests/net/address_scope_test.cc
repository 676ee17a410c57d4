// T18 (a): the SSRF guard's address classifier, no network involved.
#include "net/address_scope.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace newsalert::net {
namespace {

// Classifies numeric text through a real sockaddr, as the guard sees it.
AddressScope ScopeOfSocketAddress(const std::string& text) {
  sockaddr_storage storage{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
  } else if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
  } else {
    ADD_FAILURE() << "not an address: " << text;
  }
  return ClassifyAddress(reinterpret_cast<sockaddr*>(&storage));
}

TEST(AddressScope, NonPublicAddressesAreNeverPublic) {
  const std::vector<std::pair<std::string, AddressScope>> cases = {
      {"127.0.0.1", AddressScope::kLoopback},
      {"127.255.255.254", AddressScope::kLoopback},
      {"127.0.0.2", AddressScope::kLoopback},
      {"::1", AddressScope::kLoopback},
      {"::ffff:127.0.0.1", AddressScope::kLoopback},
      {"::127.0.0.1", AddressScope::kLoopback},
      {"64:ff9b::7f00:1", AddressScope::kLoopback},
      {"2002:7f00:1::", AddressScope::kLoopback},
      {"0.0.0.0", AddressScope::kUnspecified},
      {"0.1.2.3", AddressScope::kUnspecified},
      {"::", AddressScope::kUnspecified},
      {"10.0.0.1", AddressScope::kPrivate},
      {"10.255.255.255", AddressScope::kPrivate},
      {"172.16.0.1", AddressScope::kPrivate},
      {"172.31.255.255", AddressScope::kPrivate},
      {"192.168.0.1", AddressScope::kPrivate},
      {"192.168.255.255", AddressScope::kPrivate},
      {"100.64.0.1", AddressScope::kPrivate},
      {"100.127.255.255", AddressScope::kPrivate},
      {"::ffff:10.1.2.3", AddressScope::kPrivate},
      {"::ffff:192.168.1.1", AddressScope::kPrivate},
      {"fc00::1", AddressScope::kPrivate},
      {"fd12:3456:789a::1", AddressScope::kPrivate},
      {"fec0::1", AddressScope::kPrivate},
      {"169.254.169.254", AddressScope::kLinkLocal},
      {"169.254.0.1", AddressScope::kLinkLocal},
      {"::ffff:169.254.169.254", AddressScope::kLinkLocal},
      {"fe80::1", AddressScope::kLinkLocal},
      {"febf::1", AddressScope::kLinkLocal},
      {"224.0.0.1", AddressScope::kMulticast},
      {"239.255.255.250", AddressScope::kMulticast},
      {"ff02::1", AddressScope::kMulticast},
      {"ff05::2", AddressScope::kMulticast},
      {"240.0.0.1", AddressScope::kReserved},
      {"255.255.255.255", AddressScope::kReserved},
      {"192.0.2.1", AddressScope::kReserved},
      {"198.51.100.7", AddressScope::kReserved},
      {"203.0.113.9", AddressScope::kReserved},
      {"198.18.0.1", AddressScope::kReserved},
      {"192.0.0.8", AddressScope::kReserved},
      {"2001:db8::1", AddressScope::kReserved},
      {"2001::1", AddressScope::kReserved},
      {"100::1", AddressScope::kReserved},
  };
  for (const auto& [text, scope] : cases) {
    EXPECT_EQ(ScopeOfSocketAddress(text), scope) << text;
    EXPECT_EQ(ClassifyHost(text), scope) << text;
  }
  EXPECT_GE(cases.size(), 40u);
}

TEST(AddressScope, PublicAddressesArePublic) {
  for (const std::string text : {"93.184.216.34", "8.8.8.8", "1.1.1.1", "172.15.255.255",
                                 "172.32.0.1", "100.63.255.255", "100.128.0.1", "169.253.0.1",
                                 "2606:4700::1111", "2a00:1450:4001:80b::200e",
                                 "::ffff:8.8.8.8", "64:ff9b::808:808"}) {
    EXPECT_EQ(ScopeOfSocketAddress(text), AddressScope::kPublic) << text;
  }
}

TEST(AddressScope, HostSpellingsOfLoopbackAreLoopback) {
  for (const std::string host : {"2130706433", "0x7f.1", "0177.0.0.1", "0x7f000001", "127.1",
                                 "localhost", "LOCALHOST", "localhost.", "api.localhost",
                                 "[::1]", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]"}) {
    EXPECT_EQ(ClassifyHost(host), AddressScope::kLoopback) << host;
  }
  EXPECT_EQ(ClassifyHost("012.0.0.1"), AddressScope::kPrivate) << "octal 012 is 10";
  EXPECT_EQ(ClassifyHost("0xa9.0xfe.0xa9.0xfe"), AddressScope::kLinkLocal);
  EXPECT_EQ(ClassifyHost("news.example"), std::nullopt) << "needs DNS";
}

}  // namespace
}  // namespace newsalert::net
