// dataplane/beacon/prefetch.hpp — burst pipelining for the beacon path: a
// look a few frames ahead, before they are handled, at whether a frame is a
// Relay or Discover to our port, and if so a prefetch of the node-table slot
// and rate-limiter lines its handling will read. With 10 M nodes those are
// cache (and TLB) misses; overlapping them across the burst is the main
// lever on relay cost. Only peeks (bounds-checked, no validation): the
// handler validates as usual, and a wrong guess costs one useless prefetch.
#pragma once

#include <rte_mbuf.h>

#include "dataplane/worker_context.hpp"

namespace pb::dp {

void prefetch_beacon_state(const rte_mbuf* m, const WorkerContext& ctx);

}  // namespace pb::dp
