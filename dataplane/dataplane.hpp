// dataplane/dataplane.hpp — the assembled dataplane of one process: the data
// port, the shared beacon state, the workers (worker_set.hpp) on their
// lcores, and their launch and orderly stop. The control plane owns one
// Dataplane and talks to it only through the channels, the tables and the
// counters exposed here.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "common/config/config.hpp"
#include "dataplane/beacon/beacon_state.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/local_interface.hpp"
#include "dataplane/port.hpp"
#include "dataplane/worker_set.hpp"

namespace pb::dp {

class Dataplane {
public:
    // Requires an initialised EAL with at least one worker lcore; configures
    // the port without starting it. Throws std::runtime_error naming what
    // does not fit.
    explicit Dataplane(const config::Config& cfg);
    ~Dataplane();
    Dataplane(const Dataplane&) = delete;
    Dataplane& operator=(const Dataplane&) = delete;

    // Starts the port and one Worker on every worker lcore.
    void launch();
    // Stops the workers, waits for them, closes the port and frees every
    // frame still queued in the channels and held for reassembly. Returns
    // true when every mbuf is back in its pool, except what the port's
    // driver is known to keep (Port::mbufs_driver_may_keep, logged).
    bool stop();

    const Port& port() const { return *port_; }
    const LocalInterface& iface() const { return iface_; }
    BeaconState& beacon() { return *beacon_; }
    // The workers' time source (node last-seen times are on this clock).
    const Clock& clock() const { return clock_; }
    WorkerSet& workers() { return *workers_; }
    const WorkerSet& workers() const { return *workers_; }
    unsigned worker_count() const { return workers_->size(); }
    const WorkerCounters& counters(unsigned worker) const { return workers_->counters(worker); }
    const frag::FragCounters& frag_counters(unsigned worker) const { return workers_->frag_counters(worker); }
    rte_ring* to_control(unsigned worker) const { return workers_->to_control(worker); }
    rte_ring* from_control(unsigned worker) const { return workers_->from_control(worker); }
    // The EAL lcore each worker runs on, in worker order.
    const std::vector<unsigned>& worker_lcores() const { return worker_lcores_; }
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
    std::unique_ptr<WorkerSet> workers_;
    std::vector<unsigned> worker_lcores_;
    std::vector<LaunchArgs> launch_args_;  // must outlive the running lcores
    std::atomic<bool> stop_{false};
    bool launched_ = false;
};

}  // namespace pb::dp
