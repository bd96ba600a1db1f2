// controlplane/gossip/peer_list.hpp — the peer beacons to gossip with: the
// static list (beacon.peers, replaced on SIGHUP) and the registry's list
// (replaced every registry cycle), merged without duplicates and without
// ourselves. Plus what the workers' PeerSet gets: these, then the senders
// heard from (so that a relay from any beacon that gossips with us is never
// forwarded again — PROTOCOL.md §9, one hop).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/net/ip_address.hpp"

namespace pb::cp::gossip {

class PeerList {
public:
    // `self`: our own beacon endpoints, never a peer of ourselves.
    explicit PeerList(std::vector<net::Endpoint> self) : self_(std::move(self)) {}

    // Takes the numeric HOST:PORT entries; returns the others (host names,
    // not resolved here), which are left out.
    std::vector<std::string> set_static(const std::vector<std::string>& peers);
    void set_dynamic(std::vector<net::Endpoint> peers);

    // Static then dynamic, no duplicates, no self.
    const std::vector<net::Endpoint>& configured() const { return configured_; }
    bool configured_address(const net::IpAddress& address) const;
    // configured(), then `heard` not already in it, at most `limit` in all.
    std::vector<net::Endpoint> with_heard(std::span<const net::Endpoint> heard, size_t limit) const;

private:
    void rebuild();

    std::vector<net::Endpoint> self_;
    std::vector<net::Endpoint> static_;
    std::vector<net::Endpoint> dynamic_;
    std::vector<net::Endpoint> configured_;
};

}  // namespace pb::cp::gossip
