// dataplane/l2.hpp — Ethernet framing: the optional 802.1Q tag, which frames
// are addressed to us, and turning a received frame around in place.
#pragma once

#include <rte_ether.h>
#include <rte_mbuf.h>

#include <cstdint>

#include "dataplane/worker_context.hpp"

namespace pb::dp {

struct L2Header {
    uint16_t length = 0;      // bytes up to the L3 header (14, or 18 with a VLAN tag)
    uint16_t ether_type = 0;  // host order, after the tag
};

// Validates the Ethernet (and VLAN) header of a received frame against our
// MAC and VLAN. Returns false, with the reason counted, for frames to drop.
bool parse_l2(const rte_mbuf* m, const LocalInterface& iface, WorkerCounters& counters, L2Header& out);

// Sends the frame back where it came from: destination := source, source := us.
inline void l2_return_to_sender(rte_ether_hdr* eth, const rte_ether_addr& our_mac) {
    rte_ether_addr_copy(&eth->src_addr, &eth->dst_addr);
    rte_ether_addr_copy(&our_mac, &eth->src_addr);
}

}  // namespace pb::dp
