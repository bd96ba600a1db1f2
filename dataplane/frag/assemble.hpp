// dataplane/frag/assemble.hpp — mbuf surgery of reassembly: stripping a
// fragment's headers, removing the IPv6 Fragment header, and turning a
// complete FragmentSet into one mbuf chain with a rewritten IP header.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>

#include "dataplane/frag/fragment_set.hpp"

namespace pb::dp::frag {

// Segments one fragment may have: 64 fragments stay within nb_segs' range.
inline constexpr uint16_t kMaxSegmentsPerFragment = 1023;
static_assert(kMaxFragmentsPerDatagram * kMaxSegmentsPerFragment <= RTE_MBUF_MAX_NB_SEGS);

// Drops the first `len` bytes (all in the first segment) of a non-first
// fragment, keeping its data only. An emptied first segment of a chain is
// freed; returns the (possibly new) head.
rte_mbuf* strip_headers(rte_mbuf* m, uint16_t len);

// Removes the 8-byte Fragment header that follows the fixed IPv6 header at
// l2_len: the L2 and IPv6 headers move up 8 bytes, the next header comes back
// from the Fragment header, payload_len becomes `payload_len`.
void remove_ipv6_fragment_header(rte_mbuf* m, uint16_t l2_len, uint16_t payload_len);

// Marks a datagram built here: L4 checksum unverified (the worker checks it
// in software over the chain), l2_len/l3_len set, IPv4 header checksum good.
void mark_assembled(rte_mbuf* m, uint16_t l2_len, uint16_t l3_len, bool ipv4);

// Chains a complete set (sorted; mbufs[0] the offset-0 fragment with its
// L2 and IP headers, the others stripped to their data) into one datagram
// and rewrites its IP header: IPv4 total length, MF and offset cleared,
// checksum; IPv6 Fragment header removed, payload length. The set is empty
// afterwards; the chain belongs to the caller.
rte_mbuf* assemble_datagram(FragmentSet& set, uint16_t head_l2_len);

}  // namespace pb::dp::frag
