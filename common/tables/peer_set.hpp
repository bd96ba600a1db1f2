// common/tables/peer_set.hpp — the set of peer beacons' UDP endpoints
// (static list + registry), replaced as a whole by the control plane and
// read by every worker: relay loop prevention (a relay from a peer beacon is
// never forwarded to another peer) and strict gossip (Sync only from a known
// peer IP). Small (≤ kMaxPeers) and rarely written, so one seqlock over the
// whole set: readers retry while a replace is in progress, the single writer
// never waits.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/net/ip_address.hpp"

namespace pb::tables {

class PeerSet {
public:
    static constexpr size_t kMaxPeers = 256;

    // Control plane only. Keeps the first kMaxPeers; returns how many were kept.
    size_t replace(std::span<const net::Endpoint> peers);
    // Any thread. Compare the address only (NAT may rewrite the port) or the full endpoint.
    bool contains_address(const net::IpAddress& address) const;
    bool contains(const net::Endpoint& endpoint) const;
    size_t size() const { return count_.load(std::memory_order_relaxed); }

private:
    template <class Match>
    bool any(Match&& match) const;

    struct Entry {
        std::atomic<uint64_t> address[2];
        std::atomic<uint64_t> family_port;
    };
    std::atomic<uint32_t> seq_{0};
    std::atomic<size_t> count_{0};
    Entry entries_[kMaxPeers];
};

}  // namespace pb::tables
