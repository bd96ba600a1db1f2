// controlplane/gossip/peer_routes.hpp — the receiving half of gossip: the
// tier-2 routes (peer_nodes: id → peer beacon endpoint + next-hop MAC)
// installed from the Syncs of each sender, replaced and withdrawn.
//
// PROTOCOL.md §3: a Sync carries its sender's complete set, so the routes
// that point at the sender's UDP endpoint are REPLACED by its ids (ids
// registered here are skipped); a sender silent for the route TTL loses all
// of them. The NodeTable has no "by endpoint" index, so this keeps, per
// sender, the sorted ids it announced: a replacement withdraws the
// difference. An id two senders announce points at the last one heard
// (as the original); when that one withdraws it, the route moves to another
// sender still announcing it instead of disappearing.
//
// Multi-part sets (our own beacons, sync_codec.hpp): each part's ids are
// added at once; the set is replaced when every part of the generation has
// arrived. An incomplete generation withdraws nothing (its ids stay until a
// later complete one or the TTL). Single-threaded (the control plane); the
// workers read peer_nodes lock-free meanwhile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "common/net/ip_address.hpp"
#include "common/tables/node_table.hpp"
#include "controlplane/gossip/sync_codec.hpp"
#include "controlplane/neighbours/addresses.hpp"

namespace pb::cp::gossip {

// A sender forgotten by expire(), and how many of its routes went with it.
struct ExpiredSender {
    net::Endpoint sender;
    size_t routes = 0;
};

struct RouteStats {
    uint64_t learned = 0;             // ids newly installed
    uint64_t withdrawn_replaced = 0;  // removed by a newer set of their sender
    uint64_t withdrawn_ttl = 0;       // removed because their sender went silent
    uint64_t skipped_local = 0;       // announced ids registered here
    uint64_t refused_full = 0;        // peer_nodes full
    uint64_t refused_busy = 0;        // contention on an entry
    uint64_t parts_stale = 0;         // duplicate part, or part of a finished generation
    uint64_t parts_bad = 0;           // part ≥ parts, or more parts than the table could hold
    uint64_t senders_refused = 0;     // more senders than kMaxSenders
};

class PeerRoutes {
public:
    static constexpr size_t kMaxSenders = 1024;

    PeerRoutes(tables::NodeTable& peer_nodes, const tables::NodeTable& local);

    // A Plain or Extended Sync from `sender`, reached through `next_hop`.
    void apply(const net::Endpoint& sender, const tables::Mac& next_hop, const ReceivedSync& sync, uint32_t now_s);
    // A Hello: the sender is alive and takes multi-part Syncs.
    void hello(const net::Endpoint& sender, const tables::Mac& next_hop, uint32_t now_s);
    // Withdraws the routes of every sender silent for ttl_s and forgets it.
    std::vector<ExpiredSender> expire(uint32_t now_s, uint32_t ttl_s);
    // The MAC that reaches `sender` changed: its routes move to it.
    void set_next_hop(const net::Endpoint& sender, const tables::Mac& mac);

    bool known(const net::Endpoint& sender) const { return senders_.count(sender) != 0; }
    bool multipart(const net::Endpoint& sender) const;
    size_t sender_count() const { return senders_.size(); }
    size_t multipart_count() const;
    std::vector<net::Endpoint> senders() const;
    // The ids `sender` announced (sorted), for tests and status.
    std::span<const uint32_t> announced(const net::Endpoint& sender) const;
    const RouteStats& stats() const { return stats_; }

private:
    struct Sender {
        tables::Mac next_hop{};
        uint32_t last_heard_s = 0;
        bool multipart = false;
        std::vector<uint32_t> announced;  // sorted, unique
        // The generation being collected.
        bool collecting = false;
        uint32_t generation = 0;
        uint32_t parts_seen = 0;
        std::vector<bool> seen;
        std::vector<uint32_t> collected;
        bool completed_any = false;
        uint32_t completed_generation = 0;
    };
    using Senders = std::unordered_map<net::Endpoint, Sender, EndpointHash>;

    Sender* touch(const net::Endpoint& sender, const tables::Mac& next_hop, uint32_t now_s);
    void apply_part(const net::Endpoint& sender, Sender& s, const ReceivedSync& sync, uint32_t now_s);
    void install(const net::Endpoint& sender, const Sender& s, const ReceivedSync& sync, uint32_t now_s);
    void install_one(uint32_t id, const net::Endpoint& to, const tables::Mac& mac, uint32_t now_s);
    void commit(const net::Endpoint& sender, Sender& s, std::vector<uint32_t> ids, bool replace, uint32_t now_s);
    void abandon_collection(Sender& s);
    // Removes `id`'s route if it still points at `sender` (or moves it to
    // another sender announcing it); true when removed.
    bool withdraw(uint32_t id, const net::Endpoint& sender, uint32_t now_s);
    size_t max_parts() const;

    tables::NodeTable& peer_nodes_;
    const tables::NodeTable& local_;
    Senders senders_;
    RouteStats stats_;
};

}  // namespace pb::cp::gossip
