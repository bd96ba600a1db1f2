// common/tables/source_key.hpp — the exact identity of a rate-limited
// source: an observed IPv4/IPv6 transport endpoint (address + UDP port), an
// address alone (punch and reply budgets are per source IP), or the
// authenticated node id of a WSS peer.
//
// The key keeps every bit: two address words (IPv4 and node ids use the low
// bytes of the first, the rest stay zero), the port and a kind tag, so that
// no two different sources ever compare equal — whatever a table's hash
// does with them. Addresses and ports are kept in network byte order, as
// they sit in the packet, so the dataplane copies them without swapping.
// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 source it names:
// one host has one budget whichever form it arrives in.
#pragma once

#include <cstdint>
#include <cstring>

#include "common/net/ip_address.hpp"

namespace pb::tables {

struct SourceKey {
    enum class Kind : uint8_t { None = 0, V4Endpoint, V6Endpoint, V4Address, V6Address, NodeId };

    uint64_t words[2] = {0, 0};  // address bytes as on the wire, or the node id in words[0]
    uint16_t port = 0;           // network order; 0 for address and node-id keys
    Kind kind = Kind::None;

    // addr_be / port_be: the values as read from the IPv4 and UDP headers.
    static SourceKey from_ipv4(uint32_t addr_be, uint16_t port_be) {
        SourceKey k;
        k.kind = Kind::V4Endpoint;
        k.words[0] = addr_be;
        k.port = port_be;
        return k;
    }
    // addr16: the 16 source-address bytes of the IPv6 header.
    static SourceKey from_ipv6(const uint8_t* addr16, uint16_t port_be) {
        if (is_v4_mapped(addr16)) return from_ipv4(v4_word(addr16 + 12), port_be);
        SourceKey k;
        k.kind = Kind::V6Endpoint;
        std::memcpy(k.words, addr16, 16);
        k.port = port_be;
        return k;
    }
    // The address alone (no port): the per-IP punch and reply budgets.
    static SourceKey from_ip(const net::IpAddress& address) {
        const uint8_t* bytes = address.bytes.data();
        SourceKey k;
        if (address.is_v4() || is_v4_mapped(bytes)) {
            k.kind = Kind::V4Address;
            k.words[0] = v4_word(address.is_v4() ? bytes : bytes + 12);
        } else {
            k.kind = Kind::V6Address;
            std::memcpy(k.words, bytes, 16);
        }
        return k;
    }
    // An authenticated WSS peer.
    static SourceKey from_node_id(uint32_t id) {
        SourceKey k;
        k.kind = Kind::NodeId;
        k.words[0] = id;
        return k;
    }

    friend bool operator==(const SourceKey&, const SourceKey&) = default;

private:
    static bool is_v4_mapped(const uint8_t* addr16) {
        static constexpr uint8_t kPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        return std::memcmp(addr16, kPrefix, sizeof kPrefix) == 0;
    }
    // The 4 address bytes as from_ipv4's addr_be (the same bytes in memory).
    static uint32_t v4_word(const uint8_t* p) {
        uint32_t word;
        std::memcpy(&word, p, 4);
        return word;
    }
};

}  // namespace pb::tables
