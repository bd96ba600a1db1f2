// dataplane/worker_context.hpp — everything one worker lcore touches while
// handling a packet: the read-only interface description, its own counters
// and the verdict a handler returns to the burst loop.
#pragma once

#include <cstdint>

#include "dataplane/counters.hpp"
#include "dataplane/local_interface.hpp"

namespace pb::dp {

// What the burst loop does with a packet once a handler is finished with it.
enum class Verdict : uint8_t {
    Drop,      // free it (the handler has counted why)
    Transmit,  // headers rewritten in place: send it on this worker's TX queue
};

struct WorkerContext {
    const LocalInterface& iface;
    WorkerCounters& counters;
};

}  // namespace pb::dp
