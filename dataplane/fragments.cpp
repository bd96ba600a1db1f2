// dataplane/fragments.cpp — fragment steering, reassembly and egress
// fragmentation for the worker loop.
#include "dataplane/fragments.hpp"

#include <rte_ether.h>
#include <rte_ip.h>

#include <algorithm>

#include "dataplane/frag/steering.hpp"
#include "dataplane/ipv4_input.hpp"
#include "dataplane/ipv6_input.hpp"

namespace pb::dp {

namespace {

uint16_t l2_length_of(const LocalInterface& iface) {
    return uint16_t(sizeof(rte_ether_hdr) + (iface.vlan_id ? sizeof(rte_vlan_hdr) : 0));
}

bool is_ipv6_frame(const rte_mbuf* m, uint16_t l2_len) {
    const auto* type = rte_pktmbuf_mtod_offset(m, const rte_be16_t*, l2_len - sizeof(rte_be16_t));
    return *type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6);
}

void queue_for_tx(rte_mbuf* m, WorkerContext& ctx) {
    // A port that cannot send chains gets one contiguous frame (transmit_frame
    // cut anything its first segment has no room for).
    if (m->nb_segs > 1 && !ctx.iface.offloads.multi_segs && rte_pktmbuf_linearize(m) != 0) {
        ctx.counters.tx_linearize_failed.add();
        rte_pktmbuf_free(m);
        return;
    }
    if (!ctx.tx.push(m)) {
        ctx.counters.tx_dropped_full.add();
        rte_pktmbuf_free(m);
    }
}

// The largest IP packet one frame may carry: the port MTU and, on a port that
// cannot send mbuf chains, what one mbuf of the pool holds past its headroom
// (a chain is linearised into its first segment, and a fragment's first
// segment is a fresh mbuf of the pool): a jumbo MTU above the mbuf size.
uint16_t frame_ip_limit(const WorkerContext& ctx) {
    if (ctx.iface.offloads.multi_segs) return ctx.iface.mtu;
    return uint16_t(std::min<uint32_t>(ctx.iface.mtu, rte_pktmbuf_data_room_size(ctx.pool) - RTE_PKTMBUF_HEADROOM));
}

// Within the MTU and, on a port that cannot send chains, one segment or a
// chain its first segment has room for.
bool sendable_as_is(const rte_mbuf* m, const WorkerContext& ctx) {
    return !exceeds_mtu(m, ctx.iface) && (m->nb_segs == 1 || ctx.iface.offloads.multi_segs ||
                                          rte_pktmbuf_pkt_len(m) <= rte_pktmbuf_data_len(m) + rte_pktmbuf_tailroom(m));
}

}  // namespace

bool exceeds_mtu(const rte_mbuf* m, const LocalInterface& iface) {
    return rte_pktmbuf_pkt_len(m) > uint32_t(l2_length_of(iface)) + iface.mtu;
}

Verdict handle_fragment(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx) {
    FragmentContext& f = ctx.frag;
    const uint32_t owner = frag::fragment_owner(m, l2.length, unsigned(f.inboxes.size()));
    if (owner != f.worker) {
        if (rte_ring_mp_enqueue(f.inboxes[owner], m) == 0) return Verdict::Consumed;
        ctx.counters.fragment_inbox_full.add();
        log::log_hot(ctx.log, ctx.log_sites.fragment_inbox_full, ctx.now.unix_ns, log::Level::Warn, "worker",
                     "fragment inbox of worker %u full: fragment dropped", unsigned(owner));
        return Verdict::Drop;
    }
    rte_mbuf* datagram = f.reassembler.feed(m, l2.length, ctx.now_tsc);
    if (!datagram) return Verdict::Consumed;
    // Complete (or an IPv6 atomic fragment): through the receive path again.
    const Verdict v = l2.ether_type == RTE_ETHER_TYPE_IPV6 ? handle_ipv6(datagram, l2, ctx) : handle_ipv4(datagram, l2, ctx);
    if (v == Verdict::Transmit)
        transmit_frame(datagram, ctx);
    else if (v == Verdict::Drop)
        rte_pktmbuf_free(datagram);
    return Verdict::Consumed;
}

void transmit_frame(rte_mbuf* m, WorkerContext& ctx) {
    if (sendable_as_is(m, ctx)) {
        queue_for_tx(m, ctx);
        return;
    }
    FragmentContext& f = ctx.frag;
    rte_mbuf* pieces[frag::kMaxEgressFragments];
    const uint16_t l2_len = l2_length_of(ctx.iface);
    const uint16_t limit = frame_ip_limit(ctx);
    const int n = is_ipv6_frame(m, l2_len)
                      ? frag::fragment_ipv6(m, l2_len, limit, ctx.pool, f.indirect_pool, pieces,
                                            frag::kMaxEgressFragments, f.ipv6_ids.next())
                      : frag::fragment_ipv4(m, l2_len, limit, ctx.pool, f.indirect_pool, pieces,
                                            frag::kMaxEgressFragments, ctx.iface.offloads.ipv4_checksum);
    if (n < 0) {
        ctx.counters.fragment_egress_failed.add();
        return;
    }
    ctx.counters.fragments_sent.add(uint64_t(n));
    for (int i = 0; i < n; ++i) queue_for_tx(pieces[i], ctx);
}

}  // namespace pb::dp
