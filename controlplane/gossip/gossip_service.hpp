// controlplane/gossip/gossip_service.hpp — gossip between beacons on the
// control plane's event loop (docs/gossip.md):
//   receive  Sync punts → strict-gossip check → PeerRoutes (replace per
//            sender, multi-part generations, TTL withdrawal every second);
//   send     every gossip_interval_s, to every configured peer (static +
//            registry) whose next hop resolves: one Go-compatible Sync, or
//            the multi-part set to peers that announced the capability;
//            frames paced over 80 % of the period;
//   peers    the workers' PeerSet = configured peers + live senders;
//            SIGHUP reloads the static list and strict_gossip.
#pragma once

#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "controlplane/control_plane.hpp"
#include "controlplane/gossip/compat_selection.hpp"
#include "controlplane/gossip/frame_sender.hpp"
#include "controlplane/gossip/gossip_stats.hpp"
#include "controlplane/gossip/pacer.hpp"
#include "controlplane/gossip/peer_list.hpp"
#include "controlplane/gossip/peer_routes.hpp"
#include "controlplane/neighbours/neighbour_service.hpp"

namespace pb::cp::gossip {

class GossipService {
public:
    GossipService(ControlPlane& control, nbr::NeighbourService& neighbours);
    GossipService(const GossipService&) = delete;
    GossipService& operator=(const GossipService&) = delete;

    // The registry's beacon list; replaces the previous one.
    void set_dynamic_peers(std::vector<net::Endpoint> peers);

private:
    enum class JobKind : uint8_t { Hello, Compat, Parts };
    struct Job {
        net::Endpoint to;
        tables::Mac mac{};
        JobKind kind = JobKind::Compat;
        uint32_t next_part = 0;
        uint32_t parts = 1;
    };

    void handle_sync(const rte_mbuf* m);
    void start_round();
    bool plan_peer(const net::Endpoint& peer, size_t& frames);
    void pace();
    std::optional<size_t> build_next(const Job& job);
    void finish_step(Job& job, std::optional<size_t> sent_ids);
    void expire();
    void publish_peers();
    void reload(const config::Config& cfg);
    void neighbour_changed(const net::IpAddress& address, const tables::Mac& mac);
    void collect(MetricsWriter& out) const;
    void take_static_peers(const std::vector<std::string>& peers);
    size_t per_part(const net::Endpoint& to) const;
    uint32_t now_s() const;

    ControlPlane& control_;
    nbr::NeighbourService& neighbours_;
    dp::BeaconState& beacon_;
    const dp::LocalInterface& iface_;
    const uint32_t beacon_id_;
    const uint32_t interval_s_;
    const uint32_t ttl_s_;
    bool strict_;
    PeerList peers_;
    PeerRoutes routes_;
    CompatSelection compat_;
    FrameSender sender_;
    Pacer pacer_;
    boost::asio::steady_timer round_timer_;
    boost::asio::steady_timer pace_timer_;
    boost::asio::steady_timer expiry_timer_;

    // The round in progress.
    std::deque<Job> jobs_;
    std::vector<uint32_t> round_ids_;
    std::span<const uint32_t> compat_ids_;
    bool compat_selected_ = false;
    uint32_t generation_;
    uint16_t ipv4_id_;

    std::vector<uint8_t> payload_;
    std::vector<uint8_t> frame_;
    std::vector<uint8_t> scratch_;
    GossipStats stats_;
};

}  // namespace pb::cp::gossip
