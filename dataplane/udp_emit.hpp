// dataplane/udp_emit.hpp — turning a received frame into an outgoing UDP
// datagram in place: fresh Ethernet(+VLAN)/IP/UDP headers written directly in
// front of a payload that stays where it is (no payload copy), for any
// destination family (a relay may cross from IPv4 to IPv6), with checksums
// by offload or software. Also: the observed source of a received datagram.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>
#include <optional>

#include "common/net/ip_address.hpp"
#include "common/tables/node_table.hpp"
#include "dataplane/udp_datagram.hpp"

namespace pb::dp {

// Where a datagram came from: observed IP, UDP port and the MAC it came from.
struct ObservedSource {
    net::IpAddress address;
    uint16_t port = 0;  // host order
    tables::Mac mac{};

    tables::NodeEndpoint endpoint() const { return {address, port, mac}; }
    net::Endpoint transport() const { return {address, port}; }
};

ObservedSource observed_source(const rte_mbuf* m, const UdpDatagram& dgram);

// Sets the UDP payload to `length` bytes at `payload_offset` (trimming or
// appending at the tail); a reassembled chain keeps only its first segment,
// which must hold the result. false: no room.
bool resize_payload(rte_mbuf* m, uint16_t payload_offset, uint16_t length);

// Makes the frame a UDP datagram from our beacon port to `to`, carrying the
// bytes from `payload_offset` to the end of the frame. false (counted by the
// caller): no headroom for the larger headers, no local address of the
// destination's family, or a payload too large for the destination's family.
// `payload_sum`, when known (a relayed payload: see checksum.hpp), spares
// summing the payload for the UDP checksum.
bool emit_udp(rte_mbuf* m, uint16_t payload_offset, const tables::NodeEndpoint& to, WorkerContext& ctx,
              std::optional<uint16_t> payload_sum = std::nullopt);

}  // namespace pb::dp
