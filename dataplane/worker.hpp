// dataplane/worker.hpp — the poll-mode loop of one worker lcore:
// rx_burst → handle each frame → tx_burst, over the RX/TX queue pairs it owns,
// with an optional idle back-off for development boxes.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "common/config/config.hpp"
#include "dataplane/worker_context.hpp"

namespace pb::dp {

struct QueueRef {
    uint16_t port_id = 0;
    uint16_t queue_id = 0;
};

inline constexpr unsigned kMaxQueuesPerWorker = 16;
inline constexpr uint16_t kMaxBurst = 512;

class Worker {
public:
    Worker(const LocalInterface& iface, WorkerCounters& counters, uint16_t burst, config::IdleBackoff backoff);

    // Adds a queue pair to poll; false when kMaxQueuesPerWorker are taken.
    bool add_queue(QueueRef queue);
    // One pass over every owned queue; returns the frames received.
    unsigned poll_once();
    // Polls until `stop` becomes true.
    void run(const std::atomic<bool>& stop);

private:
    unsigned poll_queue(QueueRef queue);
    void idle(unsigned& empty_polls) const;

    WorkerContext ctx_;
    uint16_t burst_;
    config::IdleBackoff backoff_;
    std::array<QueueRef, kMaxQueuesPerWorker> queues_{};
    unsigned queue_count_ = 0;
};

}  // namespace pb::dp
