// controlplane/wss/startup.hpp — the bridge over the appliance's dataplane:
// its tables and clock from dp::Dataplane, UDP output through an mbuf and a
// worker (MbufUdpOut), keys from control.wss.pubkeys_file then `remote`,
// tier-0 punts read from their frames, SIGHUP reloads.
#pragma once

#include <rte_mbuf.h>

#include <memory>

#include "common/config/config.hpp"
#include "controlplane/wss/bridge.hpp"
#include "controlplane/wss/mbuf_udp_out.hpp"
#include "dataplane/dataplane.hpp"

namespace pb::cp::wss {

// Throws std::runtime_error (bind, TLS files, pubkeys file) with the key named.
std::unique_ptr<Bridge> start_bridge(boost::asio::io_context& io, const config::Config& cfg, dp::Dataplane& dataplane,
                                     MbufUdpOut::Transmit transmit, RemoteLookup remote);

// The PuntReason::WssRelay handler (the mbuf is borrowed).
void deliver_punt(Bridge& bridge, const rte_mbuf* m);

// SIGHUP with the newly loaded configuration (errors logged, old state kept).
void reload_bridge(Bridge& bridge, const config::Config& running, const config::Config& fresh);

}  // namespace pb::cp::wss
