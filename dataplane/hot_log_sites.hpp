// dataplane/hot_log_sites.hpp — the worker's few log call sites, each with
// its own rate limiter (log.hot_path_per_s lines per second), and the one
// way a worker logs: through its lock-free hot-log queue, which the control
// plane drains (common/log/hot_log_queues.hpp). Only conditions an operator
// must hear about are logged; every per-packet outcome is a counter.
#pragma once

#include "common/log/hot_emit.hpp"
#include "common/log/rate_limit.hpp"

namespace pb::dp {

struct HotLogSites {
    explicit HotLogSites(uint32_t per_second)
        : punt_ring_full(per_second), fragment_inbox_full(per_second), tx_queue_full(per_second) {}

    log::RateLimiter punt_ring_full;
    log::RateLimiter fragment_inbox_full;
    log::RateLimiter tx_queue_full;
};

}  // namespace pb::dp
