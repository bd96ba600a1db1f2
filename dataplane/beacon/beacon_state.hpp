// dataplane/beacon/beacon_state.hpp — the state every worker shares: the
// node tables of the three relay tiers, the rate limiters, and the beacon
// settings taken from the configuration. Built once at bring-up; the tables
// and limiters are safe for concurrent use (see their headers), the
// settings are read-only.
#pragma once

#include <cstdint>
#include <vector>

#include "common/config/config.hpp"
#include "common/net/ip_address.hpp"
#include "common/tables/node_table.hpp"
#include "common/tables/peer_set.hpp"
#include "common/tables/window_limiter.hpp"

namespace pb::dp {

struct BeaconSettings {
    uint32_t discover_interval_s = 30;
    uint32_t max_relay_payload = 65535;
    bool require_punch_token = false;
    bool strict_discover = false;
    bool punch_whitelist_all = false;
    std::vector<net::IpAddress> punch_whitelist;  // read-only after start

    bool punch_exempt(const net::IpAddress& source) const;
    static BeaconSettings from_config(const config::Config& cfg);
};

// Capacity of the WSS-peer table (tier 0) when control.wss.max_peers is 0
// (unlimited): connections, not nodes, so far fewer than max_nodes.
inline constexpr uint32_t kDefaultWssPeersTracked = 1u << 16;

struct BeaconState {
    explicit BeaconState(const config::Config& cfg);

    BeaconSettings settings;
    tables::NodeTable nodes;       // tier 1: daemons registered here (written by workers)
    tables::NodeTable peer_nodes;  // tier 2: ids a peer beacon announced → that beacon (control plane)
    tables::NodeTable wss_peers;   // tier 0: ids connected over the WSS bridge (control plane)
    tables::PeerSet peer_beacons;  // endpoints of peer beacons (control plane)
    tables::WindowLimiter relay_budget;  // per transport source (ip:port or WSS node id)
    tables::WindowLimiter punch_per_ip;  // per source IP
    tables::GlobalWindow punch_global;   // all sources together
    tables::WindowLimiter reply_budget;  // Discover/STUN replies per source IP (anti-reflection)
};

}  // namespace pb::dp
