// controlplane/injector.cpp — enqueueing onto the from_control channels.
#include "controlplane/injector.hpp"

namespace pb::cp {

bool Injector::inject(rte_mbuf* m, dp::InjectKind kind, uint32_t flow) {
    dp::tag(m, uint32_t(kind));
    rte_ring* ring = dataplane_.from_control(flow % dataplane_.worker_count());
    if (rte_ring_sp_enqueue(ring, m) == 0) return true;
    dropped_.fetch_add(1, std::memory_order_relaxed);
    rte_pktmbuf_free(m);
    return false;
}

}  // namespace pb::cp
