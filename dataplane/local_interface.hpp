// dataplane/local_interface.hpp — who we are on the data port: MAC, IPv4 and
// IPv6 addresses, beacon UDP port, VLAN and the port's TX offloads. Built once
// at bring-up, then read-only for every worker.
#pragma once

#include <rte_ether.h>

#include <array>
#include <cstdint>

#include "common/config/config.hpp"

namespace pb::dp {

struct TxOffloads {
    bool ipv4_checksum = false;
    bool udp_checksum = false;
    bool multi_segs = false;  // the port sends mbuf chains; otherwise chains are linearised first
};

struct LocalInterface {
    uint16_t port_id = 0;
    rte_ether_addr mac{};
    bool has_ipv4 = false;
    rte_be32_t ipv4 = 0;  // network order
    rte_be32_t ipv4_broadcast = 0;  // the subnet's directed broadcast; 0 for /31 and /32
    bool has_ipv6 = false;
    std::array<uint8_t, 16> ipv6{};
    std::array<uint8_t, 16> ipv6_link_local{};  // fe80::/64 from the MAC (EUI-64)
    rte_be16_t beacon_port = 0;                 // network order
    uint16_t vlan_id = 0;                       // 0 = untagged
    uint16_t mtu = 1500;
    TxOffloads offloads;

    bool owns_ipv6(const uint8_t* addr) const;
};

// Fills everything but port_id, mac and offloads from the config.
LocalInterface local_interface_from_config(const config::Config& cfg);

// fe80::/64 address derived from a MAC (modified EUI-64, RFC 4291 §2.5.1).
std::array<uint8_t, 16> link_local_from_mac(const rte_ether_addr& mac);

}  // namespace pb::dp
