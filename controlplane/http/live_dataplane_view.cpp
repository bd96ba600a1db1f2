// controlplane/http/live_dataplane_view.cpp — reading the running dataplane.
#include "controlplane/http/live_dataplane_view.hpp"

#include <rte_ethdev.h>
#include <rte_mempool.h>

#include <algorithm>

namespace pb::cp {

namespace {

TableFigures table_figures(const tables::NodeTable& table) { return {table.size(), table.capacity()}; }

// The driver keeps per-queue figures when they add up to the port totals.
bool per_queue_figures_consistent(const rte_eth_stats& s, unsigned queues) {
    uint64_t rx = 0, tx = 0;
    for (unsigned q = 0; q < queues; ++q) {
        rx += s.q_ipackets[q];
        tx += s.q_opackets[q];
    }
    return rx == s.ipackets && tx == s.opackets;
}

}  // namespace

// WorkerSet gives queue q to worker q % workers.
unsigned LiveDataplaneView::queues_of(unsigned worker) const {
    const unsigned workers = worker_count(), queues = dataplane_.port().info().queues;
    return worker < queues ? (queues - worker + workers - 1) / workers : 0;
}

PortFigures LiveDataplaneView::port() const {
    const dp::Port& port = dataplane_.port();
    const dp::PortInfo& info = port.info();
    char mac[RTE_ETHER_ADDR_FMT_SIZE];
    rte_ether_format_addr(mac, sizeof mac, &info.mac);
    return {info.driver, mac, port.link_description(), port.link_up(), info.queues, info.mbufs};
}

NicFigures LiveDataplaneView::nic() const {
    NicFigures out;
    rte_eth_stats s{};
    if (rte_eth_stats_get(dataplane_.port().info().port_id, &s) != 0) return out;
    out.valid = true;
    out.total = {s.ipackets, s.opackets, s.ibytes, s.obytes};
    out.rx_missed = s.imissed;
    out.rx_errors = s.ierrors;
    out.tx_errors = s.oerrors;
    out.rx_nombuf = s.rx_nombuf;
    out.kernel_rx_packets = dataplane_.port().kernel_rx_packets();
    const unsigned queues = std::min<unsigned>(dataplane_.port().info().queues, RTE_ETHDEV_QUEUE_STAT_CNTRS);
    if (queues == dataplane_.port().info().queues && per_queue_figures_consistent(s, queues))
        for (unsigned q = 0; q < queues; ++q)
            out.queues.push_back({s.q_ipackets[q], s.q_opackets[q], s.q_ibytes[q], s.q_obytes[q]});
    return out;
}

PoolFigures LiveDataplaneView::pool() const {
    rte_mempool* pool = dataplane_.pool();
    return {rte_mempool_in_use_count(pool), rte_mempool_avail_count(pool)};
}

NodeFigures LiveDataplaneView::nodes() const {
    dp::BeaconState& beacon = dataplane_.beacon();
    return {table_figures(beacon.nodes), table_figures(beacon.peer_nodes), table_figures(beacon.wss_peers)};
}

}  // namespace pb::cp
