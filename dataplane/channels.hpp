// dataplane/channels.hpp — the rte_ring channels between the control plane
// and each worker (ARCHITECTURE.md §5), and the tag every frame carries
// across them in mbuf->hash.usr. Ownership: whoever dequeues a frame owns
// it; an enqueue that fails leaves it with the caller, who frees and counts.
//   to_control:   worker → control plane (single producer: the worker)
//   from_control: control plane → worker (single producer: the control plane)
#pragma once

#include <rte_mbuf.h>
#include <rte_ring.h>

#include <cstdint>
#include <string>

namespace pb::dp {

// Worker → control plane.
enum class PuntReason : uint32_t {
    Sync = 1,       // gossip from a peer beacon
    WssRelay = 2,   // relay whose destination is a WSS peer (tier 0)
    Neighbour = 3,  // ARP reply / Neighbour Advertisement addressed to us
};

// Control plane → worker.
enum class InjectKind : uint32_t {
    Transmit = 1,  // a complete frame the control plane built (gossip, ARP/ND request): send it
    Receive = 2,   // a frame to handle as if it had arrived on the port (WSS inbound)
};

inline void tag(rte_mbuf* m, uint32_t value) { m->hash.usr = value; }
inline uint32_t tag_of(const rte_mbuf* m) { return m->hash.usr; }

enum class ChannelProducers { One, Many };

// A single-consumer ring of `size` (power of two) frames, with one producer
// or many (fragment inboxes: every worker may steer to every other); throws
// std::runtime_error naming the ring.
rte_ring* create_channel(const std::string& name, unsigned size, ChannelProducers producers);
// Frees every frame still queued (shutdown).
void drain_channel(rte_ring* ring);

}  // namespace pb::dp
