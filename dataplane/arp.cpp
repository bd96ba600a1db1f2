// dataplane/arp.cpp — ARP request → reply rewritten in the received mbuf.
#include "dataplane/arp.hpp"

#include <rte_arp.h>
#include <rte_byteorder.h>

#include "dataplane/punt.hpp"

namespace pb::dp {

Verdict handle_arp(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx) {
    if (rte_pktmbuf_data_len(m) < l2.length + sizeof(rte_arp_hdr)) {
        ctx.counters.arp_malformed.add();
        return Verdict::Drop;
    }
    auto* arp = rte_pktmbuf_mtod_offset(m, rte_arp_hdr*, l2.length);
    if (arp->arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
        arp->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) || arp->arp_hlen != RTE_ETHER_ADDR_LEN ||
        arp->arp_plen != sizeof(uint32_t)) {
        ctx.counters.arp_malformed.add();
        return Verdict::Drop;
    }
    const LocalInterface& iface = ctx.iface;
    if (!iface.has_ipv4 || arp->arp_data.arp_tip != iface.ipv4) {
        ctx.counters.arp_ignored.add();
        return Verdict::Drop;
    }
    if (arp->arp_opcode == rte_cpu_to_be_16(RTE_ARP_OP_REPLY)) {
        ctx.counters.arp_reply_punted.add();
        return punt_to_control(m, PuntReason::Neighbour, ctx);  // the neighbour table is the control plane's
    }
    if (arp->arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REQUEST)) {
        ctx.counters.arp_malformed.add();
        return Verdict::Drop;
    }
    arp->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REPLY);
    arp->arp_data.arp_tha = arp->arp_data.arp_sha;
    arp->arp_data.arp_tip = arp->arp_data.arp_sip;
    rte_ether_addr_copy(&iface.mac, &arp->arp_data.arp_sha);
    arp->arp_data.arp_sip = iface.ipv4;
    l2_return_to_sender(rte_pktmbuf_mtod(m, rte_ether_hdr*), iface.mac);
    ctx.counters.arp_replied.add();
    return Verdict::Transmit;
}

}  // namespace pb::dp
