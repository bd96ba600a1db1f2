// controlplane/wss/core.hpp — the state every connection of the bridge shares,
// on the control plane's thread: settings, counters, the key directory, the
// connections by node id, the relay router, the TLS context. Connections hold
// it by shared_ptr; when the bridge stops it sets `stopped`, after which a
// late completion handler touches nothing else.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <ctime>
#include <functional>
#include <memory>
#include <unordered_set>

#include "controlplane/wss/keys.hpp"
#include "controlplane/wss/link.hpp"
#include "controlplane/wss/peer_map.hpp"
#include "controlplane/wss/relay_router.hpp"
#include "controlplane/wss/settings.hpp"
#include "controlplane/wss/stats.hpp"
#include "controlplane/wss/udp_out.hpp"

namespace pb::cp::wss {

// The shared tables the bridge reads and writes (dp::BeaconState in production).
struct BridgeTables {
    tables::NodeTable& wss_peers;  // tier 0, written only by the bridge
    const tables::NodeTable& nodes;
    const tables::NodeTable& peer_nodes;
    tables::WindowLimiter& relay_budget;
    std::function<uint64_t()> now_ns;  // the workers' clock
};

struct Core {
    Core(boost::asio::io_context& io_context, Settings initial, BridgeTables tables, std::unique_ptr<UdpOut> udp_out,
         PubkeyMap file_keys, RemoteLookup remote_keys)
        : io(io_context),
          settings(std::move(initial)),
          udp(std::move(udp_out)),
          keys(io_context, std::move(file_keys), std::move(remote_keys)),
          peers(tables.wss_peers, [now = tables.now_ns] { return uint32_t(now() / 1'000'000'000ull); }),
          router({tables.nodes, tables.peer_nodes, tables.relay_budget, tables.now_ns}, peers, *udp, stats,
                 settings.max_relay_payload) {}

    boost::asio::io_context& io;
    Settings settings;
    WssStats stats;
    std::unique_ptr<UdpOut> udp;
    KeyDirectory keys;
    PeerMap peers;
    RelayRouter router;
    std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain WebSocket
    std::function<int64_t()> unix_now = [] { return int64_t(std::time(nullptr)); };
    std::unordered_set<Link*> open;  // every connection not yet ended
    bool stopped = false;
};

}  // namespace pb::cp::wss
