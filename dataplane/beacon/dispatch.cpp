// dataplane/beacon/dispatch.cpp — the beacon protocol's entry point: one UDP
// payload, dispatched on its first byte. Messages only a beacon sends
// (DiscoverReply, PunchCommand, RelayDeliver…) and unknown types are counted
// and ignored, as the original does. A first byte of 0x00, which no beacon
// message has, is standard STUN (RFC 8489).
#include "common/wire/types.hpp"
#include "dataplane/beacon/handlers.hpp"
#include "dataplane/punt.hpp"

namespace pb::dp {

namespace {
// STUN requests and indications of methods below 0x080 (Binding is 0x001)
// start with 0x00: the top two bits are 0 and class bit C1 is clear (RFC
// 8489 §5). STUN responses start with 0x01, Discover's type: nothing a
// server answers either way.
constexpr uint8_t kStunFirstByte = 0x00;
}  // namespace

Verdict handle_beacon_datagram(rte_mbuf* m, const UdpDatagram& dgram, WorkerContext& ctx) {
    if (dgram.payload_len == 0) {
        ctx.counters.beacon_empty.add();
        return Verdict::Drop;
    }
    const uint16_t contiguous =
        uint16_t(std::min<uint32_t>(dgram.payload_len, rte_pktmbuf_data_len(m) - dgram.payload_offset));
    const std::span<const uint8_t> message(rte_pktmbuf_mtod_offset(m, const uint8_t*, dgram.payload_offset),
                                           contiguous);
    if (message[0] == kStunFirstByte) return handle_stun(m, dgram, message, ctx);
    switch (wire::MsgType(message[0])) {
        case wire::MsgType::Discover: return handle_discover(m, dgram, message, false, ctx);
        case wire::MsgType::DiscoverEx: return handle_discover(m, dgram, message, true, ctx);
        case wire::MsgType::PunchRequest: return handle_punch_request(m, dgram, message, ctx);
        case wire::MsgType::Relay: return handle_relay(m, dgram, message, ctx);
        case wire::MsgType::Sync:
            ctx.counters.sync_received.add();
            return punt_to_control(m, PuntReason::Sync, ctx);
        default: ctx.counters.beacon_unknown_type.add(); return Verdict::Drop;
    }
}

}  // namespace pb::dp
