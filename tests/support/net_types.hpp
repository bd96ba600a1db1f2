// tests/support/net_types.hpp — the vocabulary of the dataplane tests:
// frames as byte vectors, MAC addresses as arrays, IP addresses written as
// text, and the addresses derived from them (IPv6 multicast MACs and
// solicited-node groups).
#pragma once

#include <rte_ether.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/net/ip_address.hpp"

namespace pb::test {

using Bytes = std::vector<uint8_t>;
using Mac = std::array<uint8_t, 6>;

inline constexpr Mac kBroadcastMac{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

// Parses "10.77.0.2" or "fd77::2"; throws std::invalid_argument otherwise.
net::IpAddress ip(std::string_view text);

Mac mac_of(const rte_ether_addr& addr);
std::string mac_text(const Mac& mac);

// 33:33 followed by the low 32 bits of an IPv6 multicast group (RFC 2464 §7).
Mac ipv6_multicast_mac(const net::IpAddress& group);
// ff02::1:ffXX:XXXX for an IPv6 unicast address (RFC 4291 §2.7.1).
net::IpAddress solicited_node_group(const net::IpAddress& address);

}  // namespace pb::test
