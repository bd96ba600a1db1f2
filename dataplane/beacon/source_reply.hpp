// dataplane/beacon/source_reply.hpp — answering a datagram's observed source
// in the same mbuf, as Discover and STUN do: the per-source reply budget
// (beacon.limits.reply_per_source_per_s, the anti-reflection budget of
// PROTOCOL.md §9, shared by both), and the rewrite of the frame into the
// reply.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>
#include <span>

#include "common/tables/window_limiter.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/udp_emit.hpp"

namespace pb::dp {

// One reply to `source` taken from its budget; false: over budget.
inline bool admit_reply(const ObservedSource& source, WorkerContext& ctx) {
    return ctx.beacon.reply_budget.admit(tables::SourceKey::from_ip(source.address), ctx.now.ns) ==
           tables::Admission::Admitted;
}

// Makes the UDP payload `size` bytes, lets `write` fill them (a
// std::span<uint8_t>), and addresses the frame back to `source`.
// false (counted beacon_no_headroom): no room in the mbuf.
template <class Write>
bool reply_to_source(rte_mbuf* m, const UdpDatagram& dgram, const ObservedSource& source, uint16_t size,
                     WorkerContext& ctx, Write&& write) {
    if (!resize_payload(m, dgram.payload_offset, size)) {
        ctx.counters.beacon_no_headroom.add();
        return false;
    }
    write(std::span<uint8_t>(rte_pktmbuf_mtod_offset(m, uint8_t*, dgram.payload_offset), size));
    if (!emit_udp(m, dgram.payload_offset, source.endpoint(), ctx)) {
        ctx.counters.beacon_no_headroom.add();
        return false;
    }
    return true;
}

}  // namespace pb::dp
