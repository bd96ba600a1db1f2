// dataplane/frag/steering.hpp — which worker reassembles a datagram. RSS
// hashes a first fragment (with UDP ports) and the later ones (without)
// differently, so the fragments of one datagram reach different queues; each
// worker hands a fragment to its owner (through an rte_ring) unless it is the
// owner itself.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>

namespace pb::dp::frag {

// Owner in [0, workers) of the datagram an IPv4 fragment or an IPv6 packet
// with a Fragment header (directly after the fixed header, at l2_len)
// belongs to. Uses source, destination and identification only — fields
// every fragment carries, never the L4 ports — hashed with a fixed seed, so
// every worker agrees. Pure; 0 for workers <= 1 or unreadable headers (any
// answer is safe there: the owner's reassembler counts and drops them).
uint32_t fragment_owner(const rte_mbuf* m, uint16_t l2_len, unsigned workers);

}  // namespace pb::dp::frag
