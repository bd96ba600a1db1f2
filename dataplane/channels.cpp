// dataplane/channels.cpp — channel creation and shutdown drain.
#include "dataplane/channels.hpp"

#include <rte_errno.h>
#include <rte_lcore.h>

#include <stdexcept>

namespace pb::dp {

rte_ring* create_channel(const std::string& name, unsigned size, ChannelProducers producers) {
    const unsigned flags = RING_F_SC_DEQ | (producers == ChannelProducers::One ? RING_F_SP_ENQ : 0);
    rte_ring* ring = rte_ring_create(name.c_str(), size, int(rte_socket_id()), flags);
    if (!ring) throw std::runtime_error("creating ring " + name + " failed: " + rte_strerror(rte_errno));
    return ring;
}

void drain_channel(rte_ring* ring) {
    rte_mbuf* frames[64];
    unsigned n;
    while ((n = rte_ring_dequeue_burst(ring, reinterpret_cast<void**>(frames), 64, nullptr)) > 0)
        rte_pktmbuf_free_bulk(frames, n);
}

}  // namespace pb::dp
