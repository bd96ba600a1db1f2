// controlplane/wss/startup.cpp — wiring the bridge to the dataplane.
#include "controlplane/wss/startup.hpp"

#include <sstream>

#include "common/log/log.hpp"
#include "controlplane/wss/punted_relay.hpp"

namespace pb::cp::wss {

std::unique_ptr<Bridge> start_bridge(boost::asio::io_context& io, const config::Config& cfg, dp::Dataplane& dataplane,
                                     MbufUdpOut::Transmit transmit, RemoteLookup remote) {
    dp::BeaconState& beacon = dataplane.beacon();
    const dp::Clock& clock = dataplane.clock();
    BridgeTables tables{beacon.wss_peers, beacon.nodes, beacon.peer_nodes, beacon.relay_budget,
                        [&clock] { return clock.now().ns; }};
    auto udp = std::make_unique<MbufUdpOut>(dataplane.iface(), dataplane.pool(), std::move(transmit));
    PubkeyMap keys = load_pubkeys_file(cfg.control.wss.pubkeys_file);
    const size_t key_count = keys.size();
    auto bridge = std::make_unique<Bridge>(io, settings_from(cfg), std::move(tables), std::move(udp), std::move(keys),
                                           std::move(remote));
    std::ostringstream where;
    where << bridge->local_endpoint();
    log::info("wss", "listening",
              {{"bind", where.str()}, {"path", cfg.control.wss.path}, {"tls", !cfg.control.wss.tls_cert.empty()},
               {"file_keys", key_count}, {"registry_keys", !cfg.control.registry.empty()},
               {"max_peers", cfg.control.wss.max_peers}});
    return bridge;
}

void deliver_punt(Bridge& bridge, const rte_mbuf* m) {
    if (auto relay = read_punted_relay(m))
        bridge.deliver(relay->dest, std::move(relay->deliver));
    else
        bridge.count_bad_punt();
}

void reload_bridge(Bridge& bridge, const config::Config& running, const config::Config& fresh) {
    const config::WssConfig& was = running.control.wss;
    const config::WssConfig& now = fresh.control.wss;
    if (now.bind != was.bind || now.tls_cert.empty() != was.tls_cert.empty())
        log::warn("wss", "SIGHUP: control.wss.bind and TLS on/off take effect at the next start");
    std::optional<PubkeyMap> keys;
    try {
        keys = load_pubkeys_file(now.pubkeys_file);
    } catch (const std::exception& e) {
        log::warn("wss", "SIGHUP: pubkeys file not reloaded; keeping the keys loaded before", {{"error", e.what()}});
    }
    Settings settings;
    try {
        settings = settings_from(fresh);
    } catch (const std::exception&) {
        settings = settings_from(running);  // only the bind can fail, and the running bind stays anyway
    }
    bridge.reload(settings, std::move(keys));
    log::info("wss", "SIGHUP: reloaded", {{"file_keys", bridge.file_key_count()}});
}

}  // namespace pb::cp::wss
