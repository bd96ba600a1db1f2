// dataplane/checksum.hpp — checksum verification on receive (trusting the
// port's RX offload verdict when it has one, software otherwise) and
// checksum completion on transmit (TX offload when the port offers it).
#pragma once

#include <rte_ip.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include <optional>

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

// Ones' complement helpers (RFC 1071/1624) on folded 16-bit sums.
inline uint16_t fold_sum(uint32_t sum) {
    sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t((sum & 0xffff) + (sum >> 16));
}
inline uint16_t subtract_sum(uint16_t from, uint16_t value) { return fold_sum(uint32_t(from) + uint16_t(~value)); }

// The UDP checksum field from the pseudo-header sum, the UDP header (checksum
// field zero) and the payload's sum; 0 is sent as 0xffff (RFC 768).
inline rte_be16_t udp_checksum_from(uint16_t pseudo_sum, const rte_udp_hdr* udp, uint16_t payload_sum) {
    const uint16_t sum = fold_sum(uint32_t(pseudo_sum) + rte_raw_cksum(udp, sizeof(rte_udp_hdr)) + payload_sum);
    const uint16_t checksum = uint16_t(~sum);
    return checksum == 0 ? 0xffff : checksum;
}

// The sum of the UDP payload of a received datagram whose checksum was
// verified, derived from its headers alone (pseudo-header + UDP header +
// payload ≡ 0xffff), so that a relayed payload is never summed again.
// Empty for IPv4 datagrams sent without a checksum.
inline std::optional<uint16_t> verified_payload_sum(const uint8_t* l3, uint16_t l3_len, bool ipv6) {
    const auto* udp = reinterpret_cast<const rte_udp_hdr*>(l3 + l3_len);
    if (udp->dgram_cksum == 0) return std::nullopt;
    const uint16_t pseudo = ipv6 ? rte_ipv6_phdr_cksum(reinterpret_cast<const rte_ipv6_hdr*>(l3), 0)
                                 : rte_ipv4_phdr_cksum(reinterpret_cast<const rte_ipv4_hdr*>(l3), 0);
    return uint16_t(~fold_sum(uint32_t(pseudo) + rte_raw_cksum(udp, sizeof(rte_udp_hdr))));
}

// Completes the IPv4 header checksum and the UDP checksum of an outgoing
// datagram whose headers are final: by offload where the port has it,
// otherwise from `payload_sum` when the caller knows it (O(1)), otherwise
// over the whole datagram.
inline void complete_udp4_checksums(rte_mbuf* m, rte_ipv4_hdr* ip, rte_udp_hdr* udp, uint16_t l2_len,
                                    const TxOffloads& offloads, std::optional<uint16_t> payload_sum) {
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
    } else if (payload_sum) {
        udp->dgram_cksum = udp_checksum_from(rte_ipv4_phdr_cksum(ip, 0), udp, *payload_sum);
    } else {
        udp->dgram_cksum = rte_ipv4_udptcp_cksum_mbuf(m, ip, l2_len + sizeof(rte_ipv4_hdr));
    }
}

// Same for UDP over IPv6 (mandatory checksum).
inline void complete_udp6_checksum(rte_mbuf* m, rte_ipv6_hdr* ip, rte_udp_hdr* udp, uint16_t l2_len,
                                   const TxOffloads& offloads, std::optional<uint16_t> payload_sum) {
    udp->dgram_cksum = 0;
    m->l2_len = l2_len;
    m->l3_len = sizeof(rte_ipv6_hdr);
    if (offloads.udp_checksum) {
        m->ol_flags |= RTE_MBUF_F_TX_IPV6 | RTE_MBUF_F_TX_UDP_CKSUM;
        udp->dgram_cksum = rte_ipv6_phdr_cksum(ip, m->ol_flags);
    } else if (payload_sum) {
        udp->dgram_cksum = udp_checksum_from(rte_ipv6_phdr_cksum(ip, 0), udp, *payload_sum);
    } else {
        udp->dgram_cksum = rte_ipv6_udptcp_cksum_mbuf(m, ip, l2_len + sizeof(rte_ipv6_hdr));
    }
}

}  // namespace pb::dp
