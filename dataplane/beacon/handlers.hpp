// dataplane/beacon/handlers.hpp — the beacon message handlers (PROTOCOL.md
// §3), one per message family, each in its own file. `message` is the
// contiguous start of the UDP payload (type byte first); dgram.payload_len
// is the whole payload, which for a reassembled relay spans segments.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>
#include <span>

#include "dataplane/udp_datagram.hpp"

namespace pb::dp {

Verdict handle_discover(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message, bool extended,
                        WorkerContext& ctx);
Verdict handle_punch_request(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message,
                             WorkerContext& ctx);
Verdict handle_relay(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message, WorkerContext& ctx);
// Standard STUN (RFC 8489): first byte 0x00, which no beacon message uses.
Verdict handle_stun(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message, WorkerContext& ctx);

}  // namespace pb::dp
