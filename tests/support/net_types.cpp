// tests/support/net_types.cpp — address helpers of the dataplane tests.
#include "tests/support/net_types.hpp"

#include <algorithm>

#include <cstdio>
#include <stdexcept>

namespace pb::test {

net::IpAddress ip(std::string_view text) {
    const auto parsed = net::IpAddress::parse(text);
    if (!parsed) throw std::invalid_argument("not an IP address: " + std::string(text));
    return *parsed;
}

Mac mac_of(const rte_ether_addr& addr) {
    Mac mac;
    std::copy(std::begin(addr.addr_bytes), std::end(addr.addr_bytes), mac.begin());
    return mac;
}

std::string mac_text(const Mac& mac) {
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    return text;
}

Mac ipv6_multicast_mac(const net::IpAddress& group) {
    const auto& b = group.bytes;
    return {0x33, 0x33, b[12], b[13], b[14], b[15]};
}

net::IpAddress solicited_node_group(const net::IpAddress& address) {
    net::IpAddress group = ip("ff02::1:ff00:0");
    std::copy(address.bytes.begin() + 13, address.bytes.end(), group.bytes.begin() + 13);
    return group;
}

}  // namespace pb::test
