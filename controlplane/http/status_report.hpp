// controlplane/http/status_report.hpp — the operator's one-screen view
// (/status as text, /status.json): identity, phase, port, workers, node
// tables, rates per second and the largest drop reasons.
#pragma once

#include <string>
#include <vector>

#include "controlplane/http/counter_rates.hpp"
#include "controlplane/http/dataplane_view.hpp"
#include "controlplane/http/readiness.hpp"

namespace pb::cp {

inline constexpr std::size_t kTopDropReasons = 5;

struct WorkerStatus {
    unsigned lcore = 0;
    unsigned queues = 0;
    double rx_per_s = 0;
    double tx_per_s = 0;
};

struct DropStatus {
    std::string counter;  // family{label="value"}, as in /metrics without prefix and _total
    uint64_t total = 0;
    double per_s = 0;
};

struct StatusRates {
    double rx_packets = 0, tx_packets = 0, relay_forwarded = 0, relay_not_found = 0, dropped = 0;
};

// What the caller knows besides the dataplane.
struct StatusHeader {
    std::string version;
    std::string phase;
    double uptime_s = 0;
    Readiness readiness;
};

struct StatusReport {
    StatusHeader header;
    PortFigures port;
    PoolFigures pool;
    NodeFigures nodes;
    std::vector<WorkerStatus> workers;
    StatusRates rates;
    std::vector<DropStatus> top_drops;  // largest totals first, non-zero only
};

StatusReport make_status_report(StatusHeader header, const DataplaneView& view, const CounterRates& rates);

std::string render_status_text(const StatusReport& report);
std::string render_status_json(const StatusReport& report);

}  // namespace pb::cp
