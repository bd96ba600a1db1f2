// controlplane/http/dataplane_view.hpp — what the health, status, metrics
// and telemetry code read from the running dataplane, behind an interface so
// that tests substitute a fake. Every read is safe from any thread (relaxed
// atomics, atomic table sizes, DPDK stats calls), so DPDK's telemetry thread
// may use it too.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "controlplane/http/counter_catalogue.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/frag/frag_counters.hpp"

namespace pb::cp {

struct TableFigures {
    uint64_t size = 0;
    uint64_t capacity = 0;
};

struct NodeFigures {
    TableFigures local;  // tier 1: daemons registered here
    TableFigures peer;   // tier 2: ids announced by peer beacons
    TableFigures wss;    // tier 0: WSS bridge connections
};

struct PortFigures {
    std::string driver;
    std::string mac;
    std::string link;  // rte_eth_link_to_str
    bool link_up = false;
    uint16_t queues = 0;
    uint32_t mbufs = 0;  // pool size
};

struct PoolFigures {
    uint64_t in_use = 0;
    uint64_t available = 0;
};

// rte_eth_stats of the port. Per-queue figures only when the driver keeps
// them (they add up to the port's totals); otherwise `queues` is empty.
struct NicQueueFigures {
    uint64_t rx_packets = 0, tx_packets = 0, rx_bytes = 0, tx_bytes = 0;
};

struct NicFigures {
    bool valid = false;  // false: the port gave no statistics (closed, unsupported)
    NicQueueFigures total;
    uint64_t rx_missed = 0, rx_errors = 0, tx_errors = 0, rx_nombuf = 0;
    std::vector<NicQueueFigures> queues;
    // Frames the kernel interface under the port received (net_af_packet,
    // net_af_xdp: dp::Port::kernel_rx_packets); nullopt for other ports.
    std::optional<uint64_t> kernel_rx_packets;
};

class DataplaneView {
public:
    virtual ~DataplaneView() = default;

    virtual unsigned worker_count() const = 0;
    // The EAL lcore id worker `worker` runs on.
    virtual unsigned lcore(unsigned worker) const = 0;
    // RX/TX queue pairs the worker polls.
    virtual unsigned queues_of(unsigned worker) const = 0;
    virtual const dp::WorkerCounters& counters(unsigned worker) const = 0;
    virtual const dp::frag::FragCounters& frag_counters(unsigned worker) const = 0;
    // Hot-path log records the worker dropped on its full queue.
    virtual uint64_t hot_log_dropped(unsigned worker) const = 0;
    virtual bool link_up() const = 0;
    virtual PortFigures port() const = 0;
    virtual NicFigures nic() const = 0;
    virtual PoolFigures pool() const = 0;
    virtual NodeFigures nodes() const = 0;
};

// Every per-worker counter of `worker`, in kWorkerCounters' order.
inline CounterValues read_counters(const DataplaneView& view, unsigned worker) {
    return read_counters(view.counters(worker), view.frag_counters(worker));
}

}  // namespace pb::cp
