// controlplane/gossip/gossip_stats.hpp — the gossip service's own counters
// (the route and send counters live in PeerRoutes and FrameSender), kept in
// arrays indexed by the enums below, and the function that writes all of
// them as metrics (docs/gossip.md lists the families).
#pragma once

#include <array>
#include <cstdint>

#include "controlplane/gossip/frame_sender.hpp"
#include "controlplane/gossip/peer_routes.hpp"
#include "controlplane/metrics.hpp"

namespace pb::cp::gossip {

// Received: Go-shaped, with our trailer, Hello. Sent: Go-compatible, part, Hello.
enum class Format : uint8_t { Go, Extended, Hello };
enum class Rejection : uint8_t { StrictGossip, TooShort, CountMismatch, BadFrame };
// Why a peer got nothing in a round: next hop being resolved, no route, no address of its family.
enum class Skip : uint8_t { Resolving, NoRoute, NoAddress };

struct GossipStats {
    std::array<uint64_t, 3> received{};   // by Format
    std::array<uint64_t, 3> sent{};       // by Format (Extended = a part)
    std::array<uint64_t, 4> rejected{};   // by Rejection
    std::array<uint64_t, 3> skipped{};    // by Skip
    uint64_t build_failed = 0;            // no local address of the peer's family
    uint64_t ids_announced = 0;
    uint64_t rounds = 0;
    uint64_t rounds_overrun = 0;          // the previous round had not finished
    uint64_t deferred = 0;                // pacing waited for room in the channel

    template <class E>
    static size_t at(E e) { return size_t(e); }
};

struct GossipGauges {
    double peers_configured = 0;
    double peers_heard = 0;
    double peers_multipart = 0;
    double peer_routes = 0;
};

void write_gossip_metrics(MetricsWriter& out, const GossipStats& g, const RouteStats& r, const SendStats& s,
                          const GossipGauges& gauges);

}  // namespace pb::cp::gossip
