// dataplane/l2.cpp — Ethernet/VLAN header validation for received frames.
#include "dataplane/l2.hpp"

#include <rte_byteorder.h>

namespace pb::dp {

namespace {
bool addressed_to_us(const rte_ether_addr& dst, const rte_ether_addr& our_mac) {
    // Unicast to us, broadcast (ARP), or IPv6 multicast 33:33:* (ND).
    return rte_is_same_ether_addr(&dst, &our_mac) || rte_is_broadcast_ether_addr(&dst) ||
           (dst.addr_bytes[0] == 0x33 && dst.addr_bytes[1] == 0x33);
}
}  // namespace

bool parse_l2(const rte_mbuf* m, const LocalInterface& iface, WorkerCounters& counters, L2Header& out) {
    const uint16_t available = rte_pktmbuf_data_len(m);
    if (available < sizeof(rte_ether_hdr)) {
        counters.l2_truncated.add();
        return false;
    }
    const auto* eth = rte_pktmbuf_mtod(m, const rte_ether_hdr*);
    if (!addressed_to_us(eth->dst_addr, iface.mac)) {
        counters.l2_not_for_us.add();
        return false;
    }
    uint16_t type = rte_be_to_cpu_16(eth->ether_type);
    uint16_t length = sizeof(rte_ether_hdr);
    uint16_t vlan_id = 0;
    if (type == RTE_ETHER_TYPE_VLAN) {
        if (available < sizeof(rte_ether_hdr) + sizeof(rte_vlan_hdr)) {
            counters.l2_truncated.add();
            return false;
        }
        const auto* vlan = reinterpret_cast<const rte_vlan_hdr*>(eth + 1);
        vlan_id = rte_be_to_cpu_16(vlan->vlan_tci) & 0x0fff;
        type = rte_be_to_cpu_16(vlan->eth_proto);
        length += sizeof(rte_vlan_hdr);
    }
    if (vlan_id != iface.vlan_id) {
        counters.l2_wrong_vlan.add();
        return false;
    }
    out.length = length;
    out.ether_type = type;
    return true;
}

}  // namespace pb::dp
