// controlplane/gossip/udp_frame.hpp — the UDP frames of gossip as plain bytes:
// a frame from our data-port address and beacon port to a peer (Ethernet,
// VLAN, IPv4 or IPv6, UDP, checksums computed in software: the datagram may
// be fragmented afterwards), and the source and payload of a punted frame.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/net/ip_address.hpp"
#include "common/tables/node_table.hpp"
#include "dataplane/local_interface.hpp"

namespace pb::cp::gossip {

// Writes the whole frame into `out` (the IP datagram may exceed the MTU).
// false: no local address of the peer's family, or a payload too large for
// one UDP datagram of that family.
bool build_udp_frame(std::vector<uint8_t>& out, const dp::LocalInterface& iface, const net::Endpoint& to,
                     const tables::Mac& next_hop, std::span<const uint8_t> payload, uint16_t ipv4_id);

// The length build_udp_frame gives a frame carrying `payload` bytes.
size_t udp_frame_size(const dp::LocalInterface& iface, net::Family family, size_t payload);

struct UdpFrameView {
    net::Endpoint source;  // IPv4-mapped IPv6 sources in their 4-byte form
    tables::Mac source_mac{};
    std::span<const uint8_t> payload;
};

// An IPv4 or IPv6 (no extension headers) UDP frame; nullopt otherwise or
// when truncated.
std::optional<UdpFrameView> parse_udp_frame(std::span<const uint8_t> frame);

}  // namespace pb::cp::gossip
