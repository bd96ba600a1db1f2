// dataplane/punt.hpp — handing a frame to the control plane through the
// worker's to_control channel (never waits: a full ring is a counted drop).
#pragma once

#include <rte_mbuf.h>

#include "dataplane/worker_context.hpp"

namespace pb::dp {

inline Verdict punt_to_control(rte_mbuf* m, PuntReason reason, WorkerContext& ctx) {
    tag(m, uint32_t(reason));
    if (rte_ring_sp_enqueue(ctx.to_control, m) != 0) {
        ctx.counters.punt_ring_full.add();
        log::log_hot(ctx.log, ctx.log_sites.punt_ring_full, ctx.now.unix_ns, log::Level::Warn, "worker",
                     "punt ring to the control plane full: frame dropped (reason %u)", unsigned(reason));
        return Verdict::Drop;
    }
    return Verdict::Consumed;
}

}  // namespace pb::dp
