// dataplane/worker_set.hpp — everything per worker around one port: the
// Workers themselves with their counters, channel pairs (to/from the control
// plane), fragment inboxes and reassemblers, and the indirect mbuf pool for
// egress fragmentation; queue pairs spread over the workers. Shared by
// dp::Dataplane (workers on lcores) and the in-process test harness
// (workers polled from the test thread), so both run the same assembly.
#pragma once

#include <rte_mempool.h>
#include <rte_ring.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "common/config/config.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/frag/frag_counters.hpp"
#include "dataplane/frag/reassembler.hpp"
#include "dataplane/local_interface.hpp"
#include "common/log/hot_log_queues.hpp"
#include "dataplane/hot_log_sites.hpp"
#include "dataplane/worker.hpp"

namespace pb::dp {

class WorkerSet {
public:
    struct Wiring {
        const LocalInterface& iface;
        BeaconState& beacon;
        const Clock& clock;
        rte_mempool* pool;      // the port's mbuf pool
        uint16_t port_id;
        uint16_t queues;        // spread round-robin over the workers
        unsigned workers;
        std::string name_prefix;  // makes ring and pool names unique per instance
    };

    // Throws std::runtime_error naming the ring or pool that could not be made.
    WorkerSet(const config::Config& cfg, const Wiring& wiring);
    ~WorkerSet();
    WorkerSet(const WorkerSet&) = delete;
    WorkerSet& operator=(const WorkerSet&) = delete;

    unsigned size() const { return unsigned(workers_.size()); }
    Worker& worker(unsigned w) { return workers_[w]; }
    const WorkerCounters& counters(unsigned w) const { return counters_[w]; }
    const frag::FragCounters& frag_counters(unsigned w) const { return frag_counters_[w]; }
    rte_ring* to_control(unsigned w) const { return to_control_[w]; }
    rte_ring* from_control(unsigned w) const { return from_control_[w]; }
    // The workers' hot-path log queues; the control plane drains them.
    log::HotLogQueues& hot_logs() { return hot_logs_; }

    // With the workers stopped: frees every frame queued in a channel or
    // held for reassembly. Returns true when the indirect pool is full again.
    bool release_held_frames();

private:
    std::vector<WorkerCounters> counters_;
    std::vector<frag::FragCounters> frag_counters_;
    std::vector<std::unique_ptr<frag::Reassembler>> reassemblers_;
    std::vector<rte_ring*> to_control_;
    std::vector<rte_ring*> from_control_;
    std::vector<rte_ring*> fragment_inboxes_;
    rte_mempool* indirect_pool_ = nullptr;
    log::HotLogQueues hot_logs_;
    std::deque<HotLogSites> log_sites_;
    std::deque<Worker> workers_;
};

}  // namespace pb::dp
