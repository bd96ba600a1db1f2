// controlplane/neighbours/neighbour_table.hpp — the control plane's neighbour
// cache (IPv4 ARP and IPv6 ND alike): IP → MAC for the next hops of the
// packets it originates (gossip to peer beacons, through the gateway when
// they are outside the port's prefix). Pure logic, driven by the caller's
// clock in milliseconds; requests go out through the Prober it is given.
//
// States (RFC 4861 §7.3.2, simplified):
//   Pending   asked, no answer yet: a request every retransmit_ms, at most
//             max_probes, then Failed.
//   Resolved  answered; usable. After reachable_ms it is re-confirmed while
//             still in use (unicast requests, the last one broadcast); no
//             answer to max_probes of them → Failed.
//   Failed    no answer; resolve() asks again after retry_failed_ms.
// Replies only update entries we asked for (an unsolicited reply cannot
// fill the table). Bounded: a new entry in a full table evicts the one used
// least recently (Failed first). Entries nobody asked for in idle_ms go.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>

#include "common/net/ip_address.hpp"
#include "common/tables/node_table.hpp"
#include "controlplane/neighbours/addresses.hpp"

namespace pb::cp::nbr {

using Mac = tables::Mac;

enum class NeighbourState : uint8_t { Pending, Resolved, Failed };

struct NeighbourTimers {
    uint64_t retransmit_ms = 1000;
    unsigned max_probes = 3;
    uint64_t reachable_ms = 30000;
    uint64_t retry_failed_ms = 5000;
    uint64_t idle_ms = 600000;
};

struct Probe {
    net::IpAddress target;
    std::optional<Mac> unicast_to;  // refresh of a known entry; nullopt = broadcast / multicast
};

enum class LearnOutcome : uint8_t { Resolved, Changed, Confirmed, Unsolicited };

struct NeighbourStats {
    uint64_t probes = 0;
    uint64_t resolved = 0;     // Pending/Failed → Resolved
    uint64_t changed = 0;      // a resolved entry got another MAC
    uint64_t failed = 0;       // → Failed
    uint64_t unsolicited = 0;  // replies for addresses we did not ask about
    uint64_t evicted = 0;      // pushed out of a full table
};

class NeighbourTable {
public:
    using Prober = std::function<void(const Probe&)>;
    // Called when an address resolves or its MAC changes.
    using ChangeListener = std::function<void(const net::IpAddress&, const Mac&)>;

    NeighbourTable(size_t capacity, NeighbourTimers timers, Prober prober);

    // The MAC to use now, or nullopt (then a request is on its way).
    std::optional<Mac> resolve(const net::IpAddress& address, uint64_t now_ms);
    // The MAC if `address` is resolved; asks nothing and adds no entry.
    std::optional<Mac> peek(const net::IpAddress& address) const;
    LearnOutcome learn(const net::IpAddress& address, const Mac& mac, uint64_t now_ms);
    // Retransmissions, refreshes, failures and idle removal that are due.
    void tick(uint64_t now_ms);
    void on_change(ChangeListener listener) { listener_ = std::move(listener); }

    std::optional<NeighbourState> state(const net::IpAddress& address) const;
    size_t size() const { return entries_.size(); }
    size_t count(NeighbourState state) const;
    size_t capacity() const { return capacity_; }
    const NeighbourStats& stats() const { return stats_; }

private:
    struct Entry {
        NeighbourState state = NeighbourState::Pending;
        bool refreshing = false;  // Resolved, being re-confirmed
        Mac mac{};
        unsigned probes = 0;
        uint64_t due_ms = 0;  // next retransmission / refresh / retry
        uint64_t last_used_ms = 0;
    };

    void probe(const net::IpAddress& address, Entry& entry, uint64_t now_ms);
    void advance(const net::IpAddress& address, Entry& entry, uint64_t now_ms);
    void make_room();

    size_t capacity_;
    NeighbourTimers timers_;
    Prober prober_;
    ChangeListener listener_;
    std::unordered_map<net::IpAddress, Entry, IpAddressHash> entries_;
    NeighbourStats stats_;
};

}  // namespace pb::cp::nbr
