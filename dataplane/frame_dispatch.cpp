// dataplane/frame_dispatch.cpp — demultiplexes a received frame by EtherType.
#include "dataplane/frame_dispatch.hpp"

#include "dataplane/arp.hpp"
#include "dataplane/ipv4_input.hpp"
#include "dataplane/ipv6_input.hpp"

namespace pb::dp {

Verdict handle_frame(rte_mbuf* m, WorkerContext& ctx) {
    L2Header l2;
    if (!parse_l2(m, ctx.iface, ctx.counters, l2)) return Verdict::Drop;
    switch (l2.ether_type) {
        case RTE_ETHER_TYPE_IPV4: return handle_ipv4(m, l2, ctx);
        case RTE_ETHER_TYPE_IPV6: return handle_ipv6(m, l2, ctx);
        case RTE_ETHER_TYPE_ARP: return handle_arp(m, l2, ctx);
        default: ctx.counters.l2_unknown_ethertype.add(); return Verdict::Drop;
    }
}

}  // namespace pb::dp
