// dataplane/frag/fragmenter.cpp — input checks, the L2 header dance around
// rte_ipv4/ipv6_fragment_packet, and per-fragment header completion.
#include "dataplane/frag/fragmenter.hpp"

#include <rte_byteorder.h>
#include <rte_common.h>
#include <rte_ip.h>
#include <rte_ip_frag.h>
#include <rte_random.h>

#include <cerrno>
#include <cstring>

namespace pb::dp::frag {

namespace {

int consume_with(rte_mbuf* datagram, int error) {
    rte_pktmbuf_free(datagram);
    return error;
}

bool arguments_valid(const rte_mbuf* datagram, uint16_t l2_len, uint16_t l3_min, rte_mempool* direct,
                     rte_mempool* indirect, rte_mbuf** out, uint16_t max_out) {
    return direct != nullptr && indirect != nullptr && out != nullptr && max_out > 0 &&
           l2_len <= kMaxL2HeaderLen && rte_pktmbuf_data_len(datagram) >= l2_len + l3_min;
}

// Takes the L2 header off, runs DPDK's fragmenter on the IP datagram, frees
// the datagram (the fragments hold references to its segments) and puts the
// L2 header back on every fragment.
template <typename Fragment>
int fragment_without_l2(rte_mbuf* datagram, uint16_t l2_len, rte_mbuf** out, Fragment&& fragment) {
    uint8_t l2[kMaxL2HeaderLen];
    std::memcpy(l2, rte_pktmbuf_mtod(datagram, const uint8_t*), l2_len);
    const uint64_t vlan_flag = datagram->ol_flags & RTE_MBUF_F_TX_VLAN;
    const uint16_t vlan_tci = datagram->vlan_tci;
    rte_pktmbuf_adj(datagram, l2_len);
    const int n = fragment(datagram);
    rte_pktmbuf_free(datagram);
    if (n < 0) return n;
    for (int i = 0; i < n; ++i) {
        auto* header = rte_pktmbuf_prepend(out[i], l2_len);
        if (header == nullptr) {
            for (int j = 0; j < n; ++j) rte_pktmbuf_free(out[j]);
            return -ENOSPC;
        }
        std::memcpy(header, l2, l2_len);
        out[i]->l2_len = l2_len;
        out[i]->ol_flags |= vlan_flag;
        out[i]->vlan_tci = vlan_tci;
    }
    return n;
}

}  // namespace

int fragment_ipv4(rte_mbuf* datagram, uint16_t l2_len, uint16_t mtu, rte_mempool* direct, rte_mempool* indirect,
                  rte_mbuf** out, uint16_t max_out, bool ipv4_checksum_offload) {
    if (datagram == nullptr) return -EINVAL;
    if (!arguments_valid(datagram, l2_len, sizeof(rte_ipv4_hdr), direct, indirect, out, max_out))
        return consume_with(datagram, -EINVAL);
    auto* ip = rte_pktmbuf_mtod_offset(datagram, rte_ipv4_hdr*, l2_len);
    const uint32_t ihl = rte_ipv4_hdr_len(ip);
    const uint32_t total = rte_be_to_cpu_16(ip->total_length);
    if ((ip->version_ihl >> 4) != 4 || ihl < sizeof(rte_ipv4_hdr) || rte_pktmbuf_data_len(datagram) < l2_len + ihl ||
        l2_len + total != rte_pktmbuf_pkt_len(datagram) || rte_ipv4_frag_pkt_is_fragmented(ip))
        return consume_with(datagram, -EINVAL);
    if (total <= mtu) {
        out[0] = datagram;
        return 1;
    }
    ip->fragment_offset &= ~rte_cpu_to_be_16(RTE_IPV4_HDR_DF_FLAG);
    const int n = fragment_without_l2(datagram, l2_len, out, [&](rte_mbuf* packet) {
        return rte_ipv4_fragment_packet(packet, out, max_out, mtu, direct, indirect);
    });
    for (int i = 0; i < n; ++i) {
        auto* fragment_ip = rte_pktmbuf_mtod_offset(out[i], rte_ipv4_hdr*, l2_len);
        out[i]->l3_len = uint16_t(ihl);
        fragment_ip->hdr_checksum = 0;
        if (ipv4_checksum_offload)
            out[i]->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
        else
            fragment_ip->hdr_checksum = rte_ipv4_cksum(fragment_ip);
    }
    return n;
}

int fragment_ipv6(rte_mbuf* datagram, uint16_t l2_len, uint16_t mtu, rte_mempool* direct, rte_mempool* indirect,
                  rte_mbuf** out, uint16_t max_out, uint32_t fragment_id) {
    if (datagram == nullptr) return -EINVAL;
    if (!arguments_valid(datagram, l2_len, sizeof(rte_ipv6_hdr), direct, indirect, out, max_out))
        return consume_with(datagram, -EINVAL);
    const auto* ip = rte_pktmbuf_mtod_offset(datagram, const rte_ipv6_hdr*, l2_len);
    const uint32_t total = sizeof(rte_ipv6_hdr) + rte_be_to_cpu_16(ip->payload_len);
    if ((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6 || l2_len + total != rte_pktmbuf_pkt_len(datagram) ||
        ip->proto == IPPROTO_FRAGMENT)
        return consume_with(datagram, -EINVAL);
    if (total <= mtu) {
        out[0] = datagram;
        return 1;
    }
    const int n = fragment_without_l2(datagram, l2_len, out, [&](rte_mbuf* packet) {
        return rte_ipv6_fragment_packet(packet, out, max_out, mtu, direct, indirect);
    });
    for (int i = 0; i < n; ++i) {
        auto* fh = rte_pktmbuf_mtod_offset(out[i], rte_ipv6_fragment_ext*, l2_len + sizeof(rte_ipv6_hdr));
        fh->id = rte_cpu_to_be_32(fragment_id);
        out[i]->l3_len = sizeof(rte_ipv6_hdr) + sizeof(rte_ipv6_fragment_ext);
    }
    return n;
}

Ipv6FragmentIds::Ipv6FragmentIds(unsigned worker, unsigned workers)
    : stride_(rte_align32pow2(workers > 0 ? workers : 1)),
      value_(uint32_t(rte_rand()) * stride_ + worker % stride_) {}

}  // namespace pb::dp::frag
