// controlplane/neighbours/ether_frame.hpp — the Ethernet (+802.1Q) header of
// the frames the control plane builds from scratch (ARP/ND requests, gossip)
// and of the frames punted to it. Plain bytes: no mbuf, no EAL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/tables/node_table.hpp"
#include "dataplane/local_interface.hpp"

namespace pb::cp::frames {

using Mac = tables::Mac;

inline constexpr Mac kBroadcastMac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
inline constexpr uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr uint16_t kEtherTypeArp = 0x0806;
inline constexpr uint16_t kEtherTypeIpv6 = 0x86dd;
inline constexpr uint16_t kEtherTypeVlan = 0x8100;
// Shortest Ethernet frame without its FCS; shorter ones are padded.
inline constexpr size_t kMinFrameSize = 60;

Mac mac_of(const dp::LocalInterface& iface);

// 14, or 18 with our VLAN tag.
size_t l2_header_length(const dp::LocalInterface& iface);

// Writes the Ethernet (and VLAN) header from us to `destination` at the
// start of `out` (at least l2_header_length bytes); returns its length.
size_t write_l2(std::span<uint8_t> out, const Mac& destination, uint16_t ether_type, const dp::LocalInterface& iface);

struct L2View {
    Mac source{};
    uint16_t ether_type = 0;  // after the tag, host order
    size_t length = 0;        // bytes before the L3 header
};

// nullopt: shorter than its header.
std::optional<L2View> parse_l2(std::span<const uint8_t> frame);

}  // namespace pb::cp::frames
