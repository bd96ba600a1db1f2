// dataplane/udp_datagram.hpp — a validated UDP datagram to our beacon port,
// as handed from the IPv4/IPv6 input stages to the beacon dispatcher.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>

#include "dataplane/worker_context.hpp"

namespace pb::dp {

struct UdpDatagram {
    uint16_t l2_len = 0;          // Ethernet (+VLAN) header bytes
    uint16_t l3_len = 0;          // IP header bytes (IPv6: 40, no extension headers)
    bool ipv6 = false;
    uint16_t payload_offset = 0;  // from the start of the frame
    uint16_t payload_len = 0;     // UDP payload bytes (the beacon message)
};

// The beacon protocol's entry point: one UDP payload, first byte = type.
Verdict handle_beacon_datagram(rte_mbuf* m, const UdpDatagram& dgram, WorkerContext& ctx);

}  // namespace pb::dp
