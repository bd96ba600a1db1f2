// controlplane/http/live_dataplane_view.hpp — DataplaneView over the real
// dp::Dataplane: counters, node tables, the port's link and rte_eth_stats,
// the mbuf pool.
#pragma once

#include "controlplane/http/dataplane_view.hpp"
#include "dataplane/dataplane.hpp"

namespace pb::cp {

class LiveDataplaneView final : public DataplaneView {
public:
    explicit LiveDataplaneView(dp::Dataplane& dataplane) : dataplane_(dataplane) {}

    unsigned worker_count() const override { return dataplane_.worker_count(); }
    unsigned lcore(unsigned worker) const override { return dataplane_.worker_lcores().at(worker); }
    unsigned queues_of(unsigned worker) const override;
    const dp::WorkerCounters& counters(unsigned worker) const override { return dataplane_.counters(worker); }
    const dp::frag::FragCounters& frag_counters(unsigned worker) const override {
        return dataplane_.frag_counters(worker);
    }
    uint64_t hot_log_dropped(unsigned worker) const override {
        return dataplane_.workers().hot_logs().for_worker(worker).dropped();
    }
    bool link_up() const override { return dataplane_.port().link_up(); }
    PortFigures port() const override;
    NicFigures nic() const override;
    PoolFigures pool() const override;
    NodeFigures nodes() const override;

private:
    dp::Dataplane& dataplane_;
};

}  // namespace pb::cp
