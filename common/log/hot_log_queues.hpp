// common/log/hot_log_queues.hpp — the control plane's side of hot-path
// logging: one HotLogQueue per worker, and drain(), called periodically,
// which replays queued records into the logger (log.hpp) and reports drops.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "common/log/hot_log.hpp"

namespace pb::log {

class HotLogQueues {
public:
    // Allocates `workers` queues of `records_per_queue` (a power of two) each.
    HotLogQueues(std::size_t workers, std::size_t records_per_queue);

    // The queue worker `worker` (0-based) produces into.
    HotLogQueue& for_worker(std::size_t worker) { return *workers_.at(worker).queue; }
    std::size_t worker_count() const { return workers_.size(); }

    // Writes up to `max_records` queued records to the logger, taking one
    // from each non-empty queue in turn, each with its own timestamp and a
    // "worker" field, the message followed by "(N similar messages
    // suppressed)" when the rate limiter held lines back before it. Then, for
    // each queue that dropped records since the last drain, a warning with
    // the count. Only one thread may drain. Returns the records written.
    std::size_t drain(std::size_t max_records);

    // Records dropped on full queues since start, all workers together.
    uint64_t dropped() const;

private:
    struct Worker {
        std::unique_ptr<HotLogQueue> queue;
        uint64_t drops_reported = 0;
    };

    void write_record(std::size_t worker, const HotRecord& record) const;
    void report_new_drops();

    std::vector<Worker> workers_;
};

}  // namespace pb::log
