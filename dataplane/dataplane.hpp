// dataplane/dataplane.hpp — the assembled dataplane of one process: the data
// port, the shared beacon state, one channel pair (channels.hpp) and one
// Worker per worker lcore, and their launch and orderly stop. The control plane owns one
// Dataplane and talks to it only through the rings, the tables and the
// counters exposed here.
#pragma once

#include <rte_ring.h>

#include <atomic>
#include <deque>
#include <memory>
#include <vector>

#include "common/config/config.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/local_interface.hpp"
#include "dataplane/port.hpp"
#include "dataplane/worker.hpp"

namespace pb::dp {

class Dataplane {
public:
    // Requires an initialised EAL with at least one worker lcore; throws
    // std::runtime_error naming what does not fit.
    explicit Dataplane(const config::Config& cfg);
    ~Dataplane();
    Dataplane(const Dataplane&) = delete;
    Dataplane& operator=(const Dataplane&) = delete;

    // Starts the port and one Worker on every worker lcore.
    void launch();
    // Stops the workers, waits for them, closes the port and frees every
    // frame still queued in the channels. Returns true when every mbuf is
    // back in its pool.
    bool stop();

    const Port& port() const { return *port_; }
    const LocalInterface& iface() const { return iface_; }
    BeaconState& beacon() { return *beacon_; }
    // The workers' time source (node last-seen times are on this clock).
    const Clock& clock() const { return clock_; }
    unsigned worker_count() const { return unsigned(counters_.size()); }
    const WorkerCounters& counters(unsigned worker) const { return counters_[worker]; }
    const frag::FragCounters& frag_counters(unsigned worker) const { return frag_counters_[worker]; }
    rte_ring* to_control(unsigned worker) const { return to_control_[worker]; }
    rte_ring* from_control(unsigned worker) const { return from_control_[worker]; }
    rte_mempool* pool() const { return port_->pool(); }

private:
    struct LaunchArgs {
        Worker* worker;
        const std::atomic<bool>* stop;
    };
    static int worker_main(void* arg);

    std::unique_ptr<Port> port_;
    LocalInterface iface_;
    std::unique_ptr<BeaconState> beacon_;
    Clock clock_;
    std::vector<WorkerCounters> counters_;
    std::vector<frag::FragCounters> frag_counters_;
    std::vector<std::unique_ptr<frag::Reassembler>> reassemblers_;
    std::vector<rte_ring*> fragment_inboxes_;
    rte_mempool* indirect_pool_ = nullptr;
    std::vector<rte_ring*> to_control_;
    std::vector<rte_ring*> from_control_;
    std::deque<Worker> workers_;
    std::vector<LaunchArgs> launch_args_;  // must outlive the running lcores
    std::atomic<bool> stop_{false};
    bool launched_ = false;
};

}  // namespace pb::dp
