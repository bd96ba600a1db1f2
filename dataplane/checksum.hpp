// dataplane/checksum.hpp — checksum verification on receive (trusting the
// port's RX offload verdict when it has one, software otherwise) and
// checksum completion on transmit (TX offload when the port offers it).
#pragma once

#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "dataplane/local_interface.hpp"

namespace pb::dp {

enum class ChecksumVerdict : uint8_t { Good, Bad };

inline ChecksumVerdict ipv4_header_checksum(const rte_mbuf* m, const rte_ipv4_hdr* ip) {
    switch (m->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK) {
        case RTE_MBUF_F_RX_IP_CKSUM_GOOD: return ChecksumVerdict::Good;
        case RTE_MBUF_F_RX_IP_CKSUM_BAD: return ChecksumVerdict::Bad;
        default: break;
    }
    return rte_raw_cksum(ip, rte_ipv4_hdr_len(ip)) == 0xffff ? ChecksumVerdict::Good : ChecksumVerdict::Bad;
}

// UDP over IPv4; a zero checksum means "none" (RFC 768).
inline ChecksumVerdict udp4_checksum(const rte_mbuf* m, const rte_ipv4_hdr* ip, const rte_udp_hdr* udp,
                                     uint16_t l4_offset) {
    switch (m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) {
        case RTE_MBUF_F_RX_L4_CKSUM_GOOD: return ChecksumVerdict::Good;
        case RTE_MBUF_F_RX_L4_CKSUM_BAD: return ChecksumVerdict::Bad;
        default: break;
    }
    if (udp->dgram_cksum == 0) return ChecksumVerdict::Good;
    return rte_ipv4_udptcp_cksum_mbuf_verify(m, ip, l4_offset) == 0 ? ChecksumVerdict::Good : ChecksumVerdict::Bad;
}

// Any L4 protocol over IPv6 whose checksum covers the pseudo-header (UDP, ICMPv6).
inline ChecksumVerdict l4_over_ipv6_checksum(const rte_mbuf* m, const rte_ipv6_hdr* ip, uint16_t l4_offset) {
    switch (m->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK) {
        case RTE_MBUF_F_RX_L4_CKSUM_GOOD: return ChecksumVerdict::Good;
        case RTE_MBUF_F_RX_L4_CKSUM_BAD: return ChecksumVerdict::Bad;
        default: break;
    }
    return rte_ipv6_udptcp_cksum_mbuf_verify(m, ip, l4_offset) == 0 ? ChecksumVerdict::Good : ChecksumVerdict::Bad;
}

// Completes the IPv4 header checksum and the UDP checksum of an outgoing
// datagram whose headers are final: by offload where the port has it.
inline void complete_udp4_checksums(rte_mbuf* m, rte_ipv4_hdr* ip, rte_udp_hdr* udp, uint16_t l2_len,
                                    const TxOffloads& offloads) {
    ip->hdr_checksum = 0;
    udp->dgram_cksum = 0;
    m->l2_len = l2_len;
    m->l3_len = sizeof(rte_ipv4_hdr);
    if (offloads.ipv4_checksum) {
        m->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM;
    } else {
        ip->hdr_checksum = rte_ipv4_cksum(ip);
    }
    if (offloads.udp_checksum) {
        m->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM;
        udp->dgram_cksum = rte_ipv4_phdr_cksum(ip, m->ol_flags);
    } else {
        udp->dgram_cksum = rte_ipv4_udptcp_cksum_mbuf(m, ip, l2_len + sizeof(rte_ipv4_hdr));
    }
}

// Same for UDP over IPv6 (mandatory checksum).
inline void complete_udp6_checksum(rte_mbuf* m, rte_ipv6_hdr* ip, rte_udp_hdr* udp, uint16_t l2_len,
                                   const TxOffloads& offloads) {
    udp->dgram_cksum = 0;
    m->l2_len = l2_len;
    m->l3_len = sizeof(rte_ipv6_hdr);
    if (offloads.udp_checksum) {
        m->ol_flags |= RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_CKSUM;
        udp->dgram_cksum = rte_ipv6_phdr_cksum(ip, m->ol_flags);
    } else {
        udp->dgram_cksum = rte_ipv6_udptcp_cksum_mbuf(m, ip, l2_len + sizeof(rte_ipv6_hdr));
    }
}

}  // namespace pb::dp
