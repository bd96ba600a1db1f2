// dataplane/beacon/dispatch.cpp — the beacon protocol's entry point: one UDP
// payload, dispatched on its first byte. Messages only a beacon sends
// (DiscoverReply, PunchCommand, RelayDeliver…) and unknown types are counted
// and ignored, as the original does.
#include "common/wire/types.hpp"
#include "dataplane/beacon/handlers.hpp"
#include "dataplane/punt.hpp"

namespace pb::dp {

Verdict handle_beacon_datagram(rte_mbuf* m, const UdpDatagram& dgram, WorkerContext& ctx) {
    if (dgram.payload_len == 0) {
        ctx.counters.beacon_empty.add();
        return Verdict::Drop;
    }
    const uint16_t contiguous =
        uint16_t(std::min<uint32_t>(dgram.payload_len, rte_pktmbuf_data_len(m) - dgram.payload_offset));
    const std::span<const uint8_t> message(rte_pktmbuf_mtod_offset(m, const uint8_t*, dgram.payload_offset),
                                           contiguous);
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
