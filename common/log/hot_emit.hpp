// common/log/hot_emit.hpp — the one call a dataplane worker makes to log:
// level check, the call site's rate limiter, then a printf-style message
// formatted straight into a slot of the worker's queue. Lock-free,
// syscall-free, allocation-free and exception-free; a full queue drops the
// line (counted by the queue).
#pragma once

#include <cstdint>

#include "common/log/hot_log.hpp"
#include "common/log/rate_limit.hpp"

namespace pb::log {

// Queues one line stamped `now_unix_ns` (the worker's clock, nanoseconds
// since the Unix epoch). `component` must have static storage duration.
// A message longer than HotRecord::kMessageCapacity - 1 bytes is cut.
// Returns true when the line was queued.
[[gnu::format(printf, 6, 7)]] bool log_hot(HotLogQueue& queue, RateLimiter& call_site, uint64_t now_unix_ns,
                                            Level level, const char* component, const char* format, ...) noexcept;

}  // namespace pb::log
