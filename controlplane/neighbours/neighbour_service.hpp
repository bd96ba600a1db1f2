// controlplane/neighbours/neighbour_service.hpp — the neighbour table put to
// work on the control plane's event loop: ARP requests and Neighbour
// Solicitations built and injected through a worker, ARP replies and
// Neighbour Advertisements learned from the Neighbour punts, timers every
// 100 ms, metrics, and next_hop(): the MAC for a packet we originate
// (the destination's inside the prefix, the gateway's outside).
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <optional>
#include <vector>

#include "controlplane/control_plane.hpp"
#include "controlplane/neighbours/neighbour_table.hpp"
#include "controlplane/neighbours/next_hop.hpp"

namespace pb::cp::nbr {

struct NextHop {
    RouteStatus route = RouteStatus::NoRoute;
    net::IpAddress neighbour;  // the destination or the gateway
    std::optional<Mac> mac;    // nullopt: not resolved yet (a request is out) or no route
};

class NeighbourService {
public:
    static constexpr size_t kCapacity = 1024;  // peers (≤ 256 per family) and gateways, with room

    explicit NeighbourService(ControlPlane& control, NeighbourTimers timers = {});
    NeighbourService(const NeighbourService&) = delete;
    NeighbourService& operator=(const NeighbourService&) = delete;

    NextHop next_hop(const net::IpAddress& destination);
    // The next hop's MAC if it is already resolved; never sends a request
    // (for addresses anyone may make us see, such as a Sync's source).
    std::optional<Mac> resolved_next_hop(const net::IpAddress& destination) const;
    // Called when a neighbour resolves or changes its MAC.
    void on_change(NeighbourTable::ChangeListener listener) { listeners_.push_back(std::move(listener)); }
    const NeighbourTable& table() const { return table_; }

private:
    void handle_reply(const rte_mbuf* m);
    void send_probe(const Probe& probe);
    void schedule_tick();
    void collect(MetricsWriter& out) const;
    static uint64_t now_ms();

    ControlPlane& control_;
    const config::PortConfig port_;
    NeighbourTable table_;
    boost::asio::steady_timer timer_;
    std::vector<NeighbourTable::ChangeListener> listeners_;
    std::vector<uint8_t> scratch_;
    uint64_t requests_v4_ = 0;
    uint64_t requests_v6_ = 0;
    uint64_t request_failed_ = 0;
    uint64_t replies_malformed_ = 0;
};

}  // namespace pb::cp::nbr
