// dataplane/worker.hpp — the poll-mode loop of one worker lcore:
// rx_burst → handle each frame → tx_burst, over the RX/TX queue pairs it owns,
// with an optional idle back-off for development boxes.
#pragma once

#include <rte_mempool.h>
#include <rte_ring.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <span>

#include "common/config/config.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/tx_batch.hpp"
#include "dataplane/worker_context.hpp"

namespace pb::dp {

struct QueueRef {
    uint16_t port_id = 0;
    uint16_t queue_id = 0;
};

inline constexpr unsigned kMaxQueuesPerWorker = 16;
inline constexpr uint16_t kMaxBurst = 512;

// What a worker is wired to; everything outlives the worker.
struct WorkerResources {
    const LocalInterface& iface;
    BeaconState& beacon;
    WorkerCounters& counters;
    const Clock& clock;
    rte_mempool* pool;
    rte_ring* to_control;    // punts; this worker is its only producer
    rte_ring* from_control;  // injected frames; this worker is its only consumer
    unsigned index;          // this worker's position among all workers
    std::span<rte_ring* const> fragment_inboxes;  // every worker's, indexed like the workers
    frag::Reassembler& reassembler;
    frag::FragCounters& frag_counters;
    rte_mempool* indirect_pool;  // egress fragmentation
    log::HotLogQueue& log;
    HotLogSites& log_sites;
};

class Worker {
public:
    Worker(const WorkerResources& resources, uint16_t burst, config::IdleBackoff backoff);

    // Adds a queue pair to poll; false when kMaxQueuesPerWorker are taken.
    bool add_queue(QueueRef queue);
    // One pass over every owned queue; returns the frames received.
    unsigned poll_once();
    // Polls until `stop` becomes true.
    void run(const std::atomic<bool>& stop);

private:
    unsigned poll_queue(QueueRef queue);
    unsigned poll_control();
    unsigned poll_fragment_inbox();
    unsigned handle_received(rte_mbuf** frames, unsigned n);
    void transmit(QueueRef queue);
    void idle(unsigned& empty_polls) const;

    TxBatch tx_;
    const Clock& clock_;
    WorkerContext ctx_;
    uint16_t burst_;
    config::IdleBackoff backoff_;
    rte_ring* from_control_;
    rte_ring* fragment_inbox_;
    std::array<QueueRef, kMaxQueuesPerWorker> queues_{};
    unsigned queue_count_ = 0;
};

}  // namespace pb::dp
