// dataplane/frag/assemble.cpp — building the reassembled mbuf chain. The
// chain is linked by hand with a running tail (rte_pktmbuf_chain walks the
// whole chain at every call: quadratic over 45 fragments).
#include "dataplane/frag/assemble.hpp"

#include <rte_byteorder.h>
#include <rte_ip.h>

#include <cstring>

namespace pb::dp::frag {

rte_mbuf* strip_headers(rte_mbuf* m, uint16_t len) {
    rte_pktmbuf_adj(m, len);  // the caller checked len <= data_len
    if (m->data_len != 0 || m->next == nullptr) return m;
    rte_mbuf* rest = m->next;
    rest->pkt_len = m->pkt_len;
    rest->nb_segs = uint16_t(m->nb_segs - 1);
    m->next = nullptr;
    m->nb_segs = 1;
    rte_pktmbuf_free_seg(m);
    return rest;
}

void remove_ipv6_fragment_header(rte_mbuf* m, uint16_t l2_len, uint16_t payload_len) {
    auto* frame = rte_pktmbuf_mtod(m, uint8_t*);
    auto* ip = reinterpret_cast<rte_ipv6_hdr*>(frame + l2_len);
    const auto* fh = reinterpret_cast<const rte_ipv6_fragment_ext*>(ip + 1);
    ip->proto = fh->next_header;
    ip->payload_len = rte_cpu_to_be_16(payload_len);
    std::memmove(frame + sizeof(rte_ipv6_fragment_ext), frame, l2_len + sizeof(rte_ipv6_hdr));
    rte_pktmbuf_adj(m, sizeof(rte_ipv6_fragment_ext));
}

void mark_assembled(rte_mbuf* m, uint16_t l2_len, uint16_t l3_len, bool ipv4) {
    m->ol_flags &= ~(RTE_MBUF_F_RX_L4_CKSUM_MASK | RTE_MBUF_F_RX_IP_CKSUM_MASK);
    if (ipv4) m->ol_flags |= RTE_MBUF_F_RX_IP_CKSUM_GOOD;
    m->l2_len = l2_len;
    m->l3_len = l3_len;
}

rte_mbuf* assemble_datagram(FragmentSet& set, uint16_t head_l2_len) {
    rte_mbuf* head = set.mbufs[0];
    rte_mbuf* tail = rte_pktmbuf_lastseg(head);
    for (unsigned i = 1; i < set.count; ++i) {
        rte_mbuf* m = set.mbufs[i];
        tail->next = m;
        head->nb_segs = uint16_t(head->nb_segs + m->nb_segs);
        head->pkt_len += m->pkt_len;
        m->pkt_len = m->data_len;  // only the head carries the packet length
        tail = rte_pktmbuf_lastseg(m);
    }
    const uint32_t total = set.total;
    set.reset();
    auto* l3 = rte_pktmbuf_mtod_offset(head, uint8_t*, head_l2_len);
    if ((l3[0] >> 4) == 4) {
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(l3);
        const uint16_t ihl = uint16_t(rte_ipv4_hdr_len(ip));
        ip->total_length = rte_cpu_to_be_16(uint16_t(ihl + total));
        ip->fragment_offset = 0;
        ip->hdr_checksum = 0;
        ip->hdr_checksum = rte_ipv4_cksum(ip);
        mark_assembled(head, head_l2_len, ihl, true);
    } else {
        remove_ipv6_fragment_header(head, head_l2_len, uint16_t(total));
        mark_assembled(head, head_l2_len, sizeof(rte_ipv6_hdr), false);
    }
    return head;
}

}  // namespace pb::dp::frag
