// controlplane/punt_dispatcher.cpp — bulk dequeue and dispatch of punts.
#include "controlplane/punt_dispatcher.hpp"

namespace pb::cp {

unsigned PuntDispatcher::poll(unsigned budget) {
    constexpr unsigned kBurst = 64;
    rte_mbuf* frames[kBurst];
    unsigned total = 0;
    for (unsigned w = 0; w < dataplane_.worker_count() && total < budget; ++w) {
        const unsigned n = rte_ring_sc_dequeue_burst(dataplane_.to_control(w), reinterpret_cast<void**>(frames),
                                                     std::min(kBurst, budget - total), nullptr);
        for (unsigned i = 0; i < n; ++i) {
            const uint32_t reason = dp::tag_of(frames[i]);
            if (reason < kReasons && handlers_[reason]) {
                handlers_[reason](frames[i]);
                ++handled_[reason];
            } else {
                ++unhandled_[reason < kReasons ? reason : 0];
            }
        }
        rte_pktmbuf_free_bulk(frames, n);
        total += n;
    }
    return total;
}

}  // namespace pb::cp
