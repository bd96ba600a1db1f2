// tests/unit/http/fake_dataplane_view.hpp — a DataplaneView the tests fill
// in by hand: counters per worker, lcore ids, link, NIC figures, pool, nodes.
#pragma once

#include <deque>
#include <vector>

#include "controlplane/http/dataplane_view.hpp"

namespace pb::test {

class FakeDataplaneView final : public cp::DataplaneView {
public:
    explicit FakeDataplaneView(std::vector<unsigned> lcores)
        : lcores(std::move(lcores)), worker_counters(this->lcores.size()), frag(this->lcores.size()) {}

    unsigned worker_count() const override { return unsigned(lcores.size()); }
    unsigned lcore(unsigned worker) const override { return lcores.at(worker); }
    unsigned queues_of(unsigned) const override { return 1; }
    const dp::WorkerCounters& counters(unsigned worker) const override { return worker_counters.at(worker); }
    const dp::frag::FragCounters& frag_counters(unsigned worker) const override { return frag.at(worker); }
    uint64_t hot_log_dropped(unsigned worker) const override { return hot_log_drops.at(worker); }
    bool link_up() const override { return port_figures.link_up; }
    cp::PortFigures port() const override { return port_figures; }
    cp::NicFigures nic() const override { return nic_figures; }
    cp::PoolFigures pool() const override { return pool_figures; }
    cp::NodeFigures nodes() const override { return node_figures; }

    // Every worker's heartbeat moves on, as a polling worker's does.
    void beat() {
        for (auto& c : worker_counters) c.heartbeat.fetch_add(1, std::memory_order_relaxed);
    }

    std::vector<unsigned> lcores;
    std::deque<dp::WorkerCounters> worker_counters;
    std::deque<dp::frag::FragCounters> frag;
    std::vector<uint64_t> hot_log_drops = std::vector<uint64_t>(lcores.size());
    cp::PortFigures port_figures{"net_fake", "02:00:00:00:00:01", "Link up", true, 2, 1023};
    cp::NicFigures nic_figures;
    cp::PoolFigures pool_figures{10, 1013};
    cp::NodeFigures node_figures{{3, 100}, {1, 100}, {0, 50}};
};

}  // namespace pb::test
