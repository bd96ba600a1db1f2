// dataplane/local_interface.cpp — derives LocalInterface from the config.
#include "dataplane/local_interface.hpp"

#include <rte_byteorder.h>

#include <cstring>

namespace pb::dp {

bool LocalInterface::owns_ipv6(const uint8_t* addr) const {
    return has_ipv6 && (std::memcmp(addr, ipv6.data(), 16) == 0 || std::memcmp(addr, ipv6_link_local.data(), 16) == 0);
}

LocalInterface local_interface_from_config(const config::Config& cfg) {
    LocalInterface li;
    if (cfg.port.ipv4.address) {
        li.has_ipv4 = true;
        const net::IpPrefix& prefix = *cfg.port.ipv4.address;
        std::memcpy(&li.ipv4, prefix.address.bytes.data(), 4);
        if (prefix.length <= 30) {
            const uint32_t host_mask = prefix.length == 0 ? ~0u : (1u << (32 - prefix.length)) - 1;
            li.ipv4_broadcast = rte_cpu_to_be_32(prefix.address.v4_host_order() | host_mask);
        }
    }
    if (cfg.port.ipv6.address) {
        li.has_ipv6 = true;
        li.ipv6 = cfg.port.ipv6.address->address.bytes;
    }
    li.beacon_port = rte_cpu_to_be_16(cfg.beacon.port);
    li.vlan_id = cfg.port.vlan;
    li.mtu = cfg.port.mtu;
    return li;
}

std::array<uint8_t, 16> link_local_from_mac(const rte_ether_addr& mac) {
    const uint8_t* m = mac.addr_bytes;
    return {0xfe, 0x80, 0, 0, 0, 0, 0, 0, uint8_t(m[0] ^ 0x02), m[1], m[2], 0xff, 0xfe, m[3], m[4], m[5]};
}

}  // namespace pb::dp
