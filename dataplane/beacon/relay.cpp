// dataplane/beacon/relay.cpp — Relay (0x05): find the destination in the
// three tiers (WSS peers → punt to the control plane; local nodes →
// RelayDeliver/RelayDeliverDest rewritten in place; peer-beacon nodes →
// the Relay forwarded unchanged), after the per-transport-source budget.
// The payload never moves: only the headers in front of it are rewritten.
#include <rte_ip.h>
#include <rte_udp.h>

#include "common/wire/relay.hpp"
#include "common/wire/relay_rewrite.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/beacon/handlers.hpp"
#include "dataplane/checksum.hpp"
#include "dataplane/punt.hpp"
#include "dataplane/udp_emit.hpp"

namespace pb::dp {

namespace {

tables::SourceKey transport_key(const rte_mbuf* m, const UdpDatagram& dgram) {
    const auto* l3 = rte_pktmbuf_mtod_offset(m, const uint8_t*, dgram.l2_len);
    const auto* udp = reinterpret_cast<const rte_udp_hdr*>(l3 + dgram.l3_len);
    if (dgram.ipv6) return tables::SourceKey::from_ipv6(reinterpret_cast<const rte_ipv6_hdr*>(l3)->src_addr, udp->src_port);
    return tables::SourceKey::from_ipv4(reinterpret_cast<const rte_ipv4_hdr*>(l3)->src_addr, udp->src_port);
}

Verdict deliver(rte_mbuf* m, uint16_t payload_offset, const tables::NodeEndpoint& to, WorkerContext& ctx,
                std::optional<uint16_t> payload_sum) {
    if (!emit_udp(m, payload_offset, to, ctx, payload_sum)) {
        ctx.counters.beacon_no_headroom.add();
        return Verdict::Drop;
    }
    return Verdict::Transmit;
}

}  // namespace

Verdict handle_relay(rte_mbuf* m, const UdpDatagram& dgram, std::span<const uint8_t> message, WorkerContext& ctx) {
    WorkerCounters& c = ctx.counters;
    BeaconState& beacon = ctx.beacon;
    c.relay_received.add();
    if (dgram.payload_len < wire::kRelayHeaderSize) {
        c.relay_malformed.add();
        return Verdict::Drop;
    }
    if (message.size() < wire::kRelayHeaderSize) {  // header split across reassembled segments
        c.beacon_split_header.add();
        return Verdict::Drop;
    }
    if (dgram.payload_len - wire::kRelayHeaderSize > beacon.settings.max_relay_payload) {
        c.relay_too_large.add();
        return Verdict::Drop;
    }
    const auto relay = wire::Relay::parse(message.first(wire::kRelayHeaderSize));
    const uint32_t dest = relay->dest;

    // Tiers in the order of PROTOCOL.md §3; an empty table costs one read
    // of its size, not a probe.
    tables::NodeView local, peer;
    const bool to_wss = beacon.wss_peers.size() != 0 && beacon.wss_peers.lookup(dest, local);
    const bool to_local = !to_wss && beacon.nodes.lookup(dest, local);
    const bool to_peer = !to_wss && !to_local && beacon.peer_nodes.size() != 0 && beacon.peer_nodes.lookup(dest, peer);
    if (!to_wss && !to_local && !to_peer) {
        c.relay_not_found.add();
        return Verdict::Drop;
    }
    const ObservedSource source = observed_source(m, dgram);
    if (beacon.relay_budget.admit(transport_key(m, dgram), ctx.now.ns) != tables::Admission::Admitted) {
        c.relay_over_budget.add();
        return Verdict::Drop;
    }
    // The message's sum from the verified checksum: the delivery's checksum is
    // then O(1) however large the payload (not needed with TX offload).
    const std::optional<uint16_t> message_sum =
        ctx.iface.offloads.udp_checksum
            ? std::nullopt
            : verified_payload_sum(rte_pktmbuf_mtod_offset(m, const uint8_t*, dgram.l2_len), dgram.l3_len, dgram.ipv6);
    if (to_wss) {
        const Verdict v = punt_to_control(m, PuntReason::WssRelay, ctx);
        if (v == Verdict::Consumed) c.relay_forwarded_wss.add();
        return v;
    }
    if (to_peer) {
        // One hop: a relay that came from a peer beacon is never forwarded again.
        if (beacon.peer_beacons.contains_address(source.address)) {
            c.relay_peer_loop.add();
            return Verdict::Drop;
        }
        const Verdict v = deliver(m, dgram.payload_offset, peer.endpoint, ctx, message_sum);
        if (v == Verdict::Transmit) c.relay_forwarded_peer.add();
        return v;
    }
    // Rewriting the 9 header bytes changes the message's sum by exactly those
    // bytes (the payload keeps its 16-bit alignment: the start moves by 0 or 4).
    auto* header = rte_pktmbuf_mtod_offset(m, uint8_t*, dgram.payload_offset);
    const uint16_t old_header_sum = rte_raw_cksum(header, wire::kRelayHeaderSize);
    const size_t start = wire::relay_to_local_delivery(wire::RelayHeader(header, wire::kRelayHeaderSize),
                                                       local.wants_dest);
    std::optional<uint16_t> delivery_sum;
    if (message_sum)
        delivery_sum = fold_sum(uint32_t(subtract_sum(*message_sum, old_header_sum)) +
                                rte_raw_cksum(header + start, wire::kRelayHeaderSize - start));
    const Verdict v = deliver(m, uint16_t(dgram.payload_offset + start), local.endpoint, ctx, delivery_sum);
    if (v == Verdict::Transmit) c.relay_forwarded_local.add();
    return v;
}

}  // namespace pb::dp
