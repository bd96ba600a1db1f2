// dataplane/frag/fragmenter.hpp — egress fragmentation of a whole UDP
// datagram (headers final) to the port's MTU: IPv4 fragments, or IPv6 with a
// Fragment header. Built on rte_ipv4/ipv6_fragment_packet, which work on the
// packet without its L2 header: we take the L2 header off, fragment, and put
// a copy of it (VLAN tag included) in front of every fragment.
//
// Fragments share the datagram's data: each is a direct mbuf from `direct`
// holding L2 + IP (+ Fragment) header, followed by indirect mbufs from
// `indirect` that point into the datagram's segments (no payload copy). The
// datagram's segments live on until the last fragment has been sent.
//
// Sizing the indirect pool (data room 0, e.g. rte_pktmbuf_pool_create(name,
// n, cache, 0, 0, socket)): a datagram of S segments cut into F fragments
// takes at most F + S - 1 indirect mbufs (one per fragment and input segment
// it spans), held until the PMD has transmitted them. So
//   n >= sum over TX queues of nb_tx_desc           (in the TX rings)
//      + workers * (fragments a worker may hold before its tx_burst
//                   + the mempool cache size)
// e.g. 2 queues x 1024 descriptors + 2 workers x (2 x kMaxEgressFragments +
// 256 cache) = 3072 -> 4095. An indirect mbuf is about 128 bytes. When the
// pool runs dry the call fails with -ENOMEM and frees everything: count it.
//
// The UDP checksum must be final before the call and computed in software:
// a NIC cannot checksum a datagram spread over fragments (fragments start
// with no TX offload flags). Fragments are multi-segment mbufs: the TX queue
// needs RTE_ETH_TX_OFFLOAD_MULTI_SEGS (or a PMD that copies chains).
#pragma once

#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <cstdint>

namespace pb::dp::frag {

// Fragments one datagram becomes at most, at any MTU >= 576 (IPv4: 65,515
// bytes in 552-byte pieces = 119; IPv6 at >= 1280: 54): size `out` with it.
inline constexpr uint16_t kMaxEgressFragments = 128;
// Longest L2 header copied in front of the fragments (Ethernet + 802.1ad/Q tags).
inline constexpr uint16_t kMaxL2HeaderLen = 64;

// Fragments an IPv4 datagram (L2 + IPv4 + UDP, l2_len bytes of L2 header;
// IP header in the first segment; IP total length = pkt_len - l2_len) so that
// every fragment's IP packet fits `mtu` (an L3 MTU, >= 68).
// Ownership: `datagram` is always consumed. On success the fragments are in
// out[0..n) and belong to the caller; a datagram that already fits is
// returned as is in out[0] (n = 1). DF, which the beacon's own datagrams
// need not keep, is cleared. Header checksums: TX offload flags
// (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM, l2_len/l3_len set) when
// `ipv4_checksum_offload`, else computed here.
// Errors (negative errno; nothing left allocated, out untouched or stale):
// -EINVAL bad headers / arguments / max_out too small, -ENOMEM a pool is
// empty, -ENOSPC no headroom for the L2 header.
int fragment_ipv4(rte_mbuf* datagram, uint16_t l2_len, uint16_t mtu, rte_mempool* direct, rte_mempool* indirect,
                  rte_mbuf** out, uint16_t max_out, bool ipv4_checksum_offload);

// The same for IPv6 (no extension headers before; mtu >= 1280): each
// fragment gets a Fragment header with identification `fragment_id` (from
// the worker's Ipv6FragmentIds).
int fragment_ipv6(rte_mbuf* datagram, uint16_t l2_len, uint16_t mtu, rte_mempool* direct, rte_mempool* indirect,
                  rte_mbuf** out, uint16_t max_out, uint32_t fragment_id);

// IPv6 fragment identifications of one worker: a counter from a random start
// (RFC 7739: not predictable across restarts), interleaved so no two workers
// ever hand out the same id (worker index in the low bits).
class Ipv6FragmentIds {
public:
    Ipv6FragmentIds(unsigned worker, unsigned workers);
    uint32_t next() { return value_ += stride_; }

private:
    uint32_t stride_;
    uint32_t value_;
};

}  // namespace pb::dp::frag
