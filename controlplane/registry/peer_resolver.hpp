// controlplane/registry/peer_resolver.hpp — turns the registry's peer
// addresses (host:port, a name is allowed) into UDP endpoints for gossip.
// Numeric addresses need no lookup; names are resolved asynchronously, all
// at once, within a time limit. A name that does not resolve in time or at
// all is reported and skipped; the first address of a name is taken.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "common/net/ip_address.hpp"

namespace pb::registry {

struct UnresolvedPeer {
    std::string peer;  // "host:port"
    std::string reason;
};

struct ResolvedPeers {
    std::vector<net::Endpoint> endpoints;  // sorted, without duplicates
    std::vector<UnresolvedPeer> unresolved;
};

// `done` is called once, on the io_context's thread (directly when every
// address is numeric).
void resolve_peers(boost::asio::io_context& io, std::vector<net::HostPort> peers, std::chrono::milliseconds timeout,
                   std::function<void(ResolvedPeers)> done);

}  // namespace pb::registry
