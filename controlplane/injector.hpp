// controlplane/injector.hpp — the control plane's way onto the wire and into
// the packet path: frames it builds (gossip, ARP/ND requests, tier-2
// forwards) are handed to a worker to transmit; frames that arrived another
// way (WSS inbound) are handed to a worker to handle as if received. Both go
// through the worker's from_control channel; the control plane is its only
// producer. A full channel is a counted drop.
#pragma once

#include <rte_mbuf.h>

#include <atomic>
#include <cstdint>
#include <span>

#include "dataplane/dataplane.hpp"

namespace pb::cp {

class Injector {
public:
    explicit Injector(dp::Dataplane& dataplane) : dataplane_(dataplane) {}

    // Ownership passes to the dataplane on success; on false the frame was freed.
    bool transmit(rte_mbuf* m) { return inject(m, dp::InjectKind::Transmit, 0); }
    // `flow` picks the worker, so that one source's frames keep their order.
    bool receive(rte_mbuf* m, uint32_t flow) { return inject(m, dp::InjectKind::Receive, flow); }

    rte_mempool* pool() const { return dataplane_.pool(); }
    uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

private:
    bool inject(rte_mbuf* m, dp::InjectKind kind, uint32_t flow);

    dp::Dataplane& dataplane_;
    std::atomic<uint64_t> dropped_{0};
};

}  // namespace pb::cp
