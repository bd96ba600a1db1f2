// controlplane/wss/relay_router.hpp — the beacon messages of WSS peers
// (PROTOCOL.md §3 Relay, §5), handled on the control plane against the tables
// the workers share, and tier-0 deliveries to WSS peers.
//
// A binary frame from an authenticated peer is one beacon message. A Relay is
// handled as the workers handle one from UDP: destination in the WSS peers,
// else the local node table, else the peer-node table (else not_found); then
// the per-source budget, whose source is the authenticated node id
// (SourceKey::from_node_id) — a WSS peer has no transport address; then
//   tier 0: RelayDeliver as one binary frame on the destination's connection;
//   tier 1: RelayDeliver, or RelayDeliverDest for a DiscoverEx node, as UDP to
//           its endpoint (through a worker: Injector::transmit);
//   tier 2: the Relay unchanged, as UDP to the peer beacon.
// Discover, DiscoverEx and PunchRequest are counted and ignored: they register
// or move a UDP endpoint, and a WSS peer has none (the original fed them a
// made-up 192.0.2.1:<id> source, which registered an unreachable endpoint and
// sent the replies into the void). Sync is accepted from peer beacons only.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "common/tables/node_table.hpp"
#include "common/tables/window_limiter.hpp"
#include "controlplane/wss/peer_map.hpp"
#include "controlplane/wss/stats.hpp"
#include "controlplane/wss/udp_out.hpp"

namespace pb::cp::wss {

struct RelayTables {
    const tables::NodeTable& nodes;       // tier 1
    const tables::NodeTable& peer_nodes;  // tier 2
    tables::WindowLimiter& relay_budget;  // shared with the workers
    std::function<uint64_t()> now_ns;     // the workers' clock (the budget's windows)
};

class RelayRouter {
public:
    RelayRouter(RelayTables tables, PeerMap& peers, UdpOut& udp, WssStats& stats, const uint32_t& max_relay_payload)
        : tables_(std::move(tables)), peers_(peers), udp_(udp), stats_(stats), max_relay_payload_(max_relay_payload) {}

    // One binary frame from the peer authenticated as `from`.
    void from_peer(uint32_t from, std::span<const uint8_t> message);
    // Tier 0 from a worker: `deliver` is the whole RelayDeliver message.
    void to_peer(uint32_t dest, std::vector<uint8_t> deliver);

private:
    void relay(uint32_t from, std::span<const uint8_t> message);
    RelayIn route_relay(uint32_t from, std::span<const uint8_t> message);
    RelayIn forward_udp(const tables::NodeEndpoint& to, std::span<const uint8_t> head, std::span<const uint8_t> body,
                        RelayIn forwarded);

    RelayTables tables_;
    PeerMap& peers_;
    UdpOut& udp_;
    WssStats& stats_;
    const uint32_t& max_relay_payload_;  // follows reloads of the settings
};

// The RelayDeliver message (0x06 sender payload) for a tier-0 delivery.
std::vector<uint8_t> relay_deliver_frame(uint32_t sender, std::span<const uint8_t> payload);

}  // namespace pb::cp::wss
