// controlplane/neighbours/neighbour_frames.hpp — the neighbour-resolution
// frames of the control plane, as plain bytes: ARP requests (RFC 826) and
// Neighbour Solicitations (RFC 4861 §7.2.2) it sends, ARP replies and
// Neighbour Advertisements punted to it. No mbuf, no EAL (unit-tested).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/net/ip_address.hpp"
#include "controlplane/neighbours/ether_frame.hpp"
#include "dataplane/local_interface.hpp"

namespace pb::cp::nbr {

using frames::Mac;

// Room for the largest request: Ethernet + VLAN + IPv6 + NS with its option.
inline constexpr size_t kMaxRequestFrame = 96;
using RequestFrame = std::array<uint8_t, kMaxRequestFrame>;

// "Who has `target`?" from our IPv4 address, broadcast, or unicast to
// `unicast_to` (refreshing a known entry). Returns the frame length (padded
// to 60 bytes); 0 when we have no IPv4 address or `target` is not IPv4.
size_t build_arp_request(RequestFrame& out, const dp::LocalInterface& iface, const net::IpAddress& target,
                         const std::optional<Mac>& unicast_to);

// Neighbour Solicitation for `target`, to its solicited-node multicast group
// or unicast to `unicast_to`, from our link-local address when the target is
// link-local and from our global one otherwise, with our MAC as the source
// link-layer option. Returns the frame length; 0 without an IPv6 address.
size_t build_neighbour_solicitation(RequestFrame& out, const dp::LocalInterface& iface, const net::IpAddress& target,
                                    const std::optional<Mac>& unicast_to);

struct NeighbourReply {
    net::IpAddress address;
    Mac mac{};
};

// An ARP reply (sender IP → sender MAC) or a Neighbour Advertisement (target
// → target link-layer option, else the frame's Ethernet source). The worker
// has already checked that it is addressed to us and, for ND, its checksum.
// nullopt: anything else, or truncated.
std::optional<NeighbourReply> parse_neighbour_reply(std::span<const uint8_t> frame);

}  // namespace pb::cp::nbr
