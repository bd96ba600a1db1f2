// controlplane/wss/bridge.hpp — the WSS compat bridge (PROTOCOL.md §5,
// docs/wss.md) on the control plane's io_context: the listener, the
// connections, the key directory and the relay router. Independent of DPDK
// and of ControlPlane: the appliance wires it in (startup.hpp,
// wss_service.hpp), tests build it over plain tables and a fake UdpOut.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "controlplane/wss/core.hpp"

namespace pb::cp::wss {

class Listener;

class Bridge {
public:
    // Binds settings.bind now (throws std::runtime_error when it cannot, or
    // when the TLS files do not load).
    Bridge(boost::asio::io_context& io, Settings settings, BridgeTables tables, std::unique_ptr<UdpOut> udp,
           PubkeyMap file_keys, RemoteLookup remote_keys);
    // Closes every connection at once (no close handshake) and forgets the
    // WSS peers in the tier-0 table.
    ~Bridge();
    Bridge(const Bridge&) = delete;
    Bridge& operator=(const Bridge&) = delete;

    boost::asio::ip::tcp::endpoint local_endpoint() const;

    // Tier 0: a relay a worker punted for WSS peer `dest`; `deliver` is the
    // RelayDeliver message to write to it.
    void deliver(uint32_t dest, std::vector<uint8_t> deliver) { core_->router.to_peer(dest, std::move(deliver)); }
    void count_bad_punt() { ++core_->stats.bad_punts; }

    // SIGHUP: limits and timeouts for new connections and new frames, the
    // TLS certificate for new connections (kept on error), and the file's
    // keys when given. The bind address and TLS on/off need a restart.
    void reload(const Settings& settings, std::optional<PubkeyMap> file_keys);

    const WssStats& stats() const { return core_->stats; }
    size_t file_key_count() const { return core_->keys.file_key_count(); }
    // Tests: the clock of the challenge timestamps.
    void set_unix_clock(std::function<int64_t()> unix_now) { core_->unix_now = std::move(unix_now); }

private:
    std::shared_ptr<Core> core_;
    std::unique_ptr<Listener> listener_;
};

}  // namespace pb::cp::wss
