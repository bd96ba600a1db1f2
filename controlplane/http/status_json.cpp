// controlplane/http/status_json.cpp — /status.json: the status view as JSON
// (Boost.JSON; its compiled part is beacon_json's).
#include <boost/json.hpp>

#include <cmath>

#include "controlplane/http/status_report.hpp"

namespace pb::cp {

namespace json = boost::json;

namespace {

// Whole packets per second: Boost.JSON writes doubles as 1.5E0.
int64_t per_second(double rate) { return std::llround(rate); }

json::object table_json(const TableFigures& t) { return {{"size", t.size}, {"capacity", t.capacity}}; }

}  // namespace

std::string render_status_json(const StatusReport& r) {
    const StatusHeader& h = r.header;
    json::array workers;
    for (const WorkerStatus& w : r.workers)
        workers.push_back(json::object{{"lcore", w.lcore},
                                       {"queues", w.queues},
                                       {"rx_per_s", per_second(w.rx_per_s)},
                                       {"tx_per_s", per_second(w.tx_per_s)}});
    json::array drops;
    for (const DropStatus& d : r.top_drops)
        drops.push_back(json::object{{"counter", d.counter}, {"total", d.total}, {"per_s", per_second(d.per_s)}});
    const json::object root{
        {"version", h.version},
        {"phase", h.phase},
        {"uptime_s", int64_t(h.uptime_s)},
        {"ready", h.readiness.ready},
        {"readiness", h.readiness.reason},
        {"port",
         {{"driver", r.port.driver},
          {"mac", r.port.mac},
          {"queues", r.port.queues},
          {"link", r.port.link},
          {"link_up", r.port.link_up}}},
        {"mbufs", {{"pool", r.port.mbufs}, {"in_use", r.pool.in_use}, {"available", r.pool.available}}},
        {"workers", std::move(workers)},
        {"nodes",
         {{"local", table_json(r.nodes.local)}, {"peer", table_json(r.nodes.peer)}, {"wss", table_json(r.nodes.wss)}}},
        {"rates_per_s",
         {{"rx_packets", per_second(r.rates.rx_packets)},
          {"tx_packets", per_second(r.rates.tx_packets)},
          {"relay_forwarded", per_second(r.rates.relay_forwarded)},
          {"relay_not_found", per_second(r.rates.relay_not_found)},
          {"dropped", per_second(r.rates.dropped)}}},
        {"top_drops", std::move(drops)},
    };
    return json::serialize(root) + "\n";
}

}  // namespace pb::cp
