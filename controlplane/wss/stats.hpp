// controlplane/wss/stats.hpp — the bridge's counters and gauges (plain
// integers: everything runs on the control plane's thread) and their
// Prometheus families, pilot_beacon_wss_* (docs/wss.md lists them).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "controlplane/metrics.hpp"
#include "controlplane/wss/auth.hpp"
#include "controlplane/wss/route.hpp"

namespace pb::cp::wss {

// Why an authenticated peer's connection ended.
enum class Disconnect : uint8_t {
    Idle,          // nothing received (pings unanswered) for idle_timeout_s
    Closed,        // the peer closed
    Lost,          // read error: reset, EOF without a close
    FrameTooLarge, // a frame over max_frame_bytes
    Replaced,      // the same node id authenticated on a newer connection
    WriteFailed,   // a write failed (its frames count as relay_out_not_found)
    Shutdown,      // the bridge stopped
};
inline constexpr size_t kDisconnectKinds = size_t(Disconnect::Shutdown) + 1;
std::string_view disconnect_name(Disconnect reason);

// Outcome of a Relay a WSS peer sent.
enum class RelayIn : uint8_t {
    ForwardedWss,    // tier 0: queued on the destination's connection
    ForwardedLocal,  // tier 1: RelayDeliver(Dest) handed to a worker
    ForwardedPeer,   // tier 2: forwarded to the peer beacon
    NotFound,
    OverBudget,      // the sender's node id is over beacon.limits.relay_per_source_per_s
    Malformed,       // shorter than the 9-byte header
    TooLarge,        // payload over beacon.limits.max_relay_payload
    QueueFull,       // the destination's send queue is full
    NoMbuf,
    ChannelFull,     // the worker's from_control channel is full
    Unroutable,      // no local address of the destination's family, or too large for it
};
inline constexpr size_t kRelayInKinds = size_t(RelayIn::Unroutable) + 1;
std::string_view relay_in_name(RelayIn outcome);

// Inbound frames that are not handled.
enum class Ignored : uint8_t {
    Text,         // text frames after auth
    Empty,
    Discover,     // Discover/DiscoverEx: no UDP endpoint to register (docs/wss.md)
    Punch,        // PunchRequest: likewise
    Sync,         // gossip only from peer beacons over UDP
    Other,        // unknown or beacon-to-daemon types
    AfterClose,   // in flight on a replaced or closing connection
};
inline constexpr size_t kIgnoredKinds = size_t(Ignored::AfterClose) + 1;
std::string_view ignored_name(Ignored kind);

struct WssStats {
    uint64_t connections_refused = 0;  // over Settings::max_pending, closed at accept
    uint64_t upgrades = 0;
    std::array<uint64_t, kRefusalKinds> refusals{};
    uint64_t auth_ok = 0;
    std::array<uint64_t, kAuthFailureKinds> auth_failures{};
    uint64_t frames_in = 0;  // binary frames from authenticated peers
    uint64_t bytes_in = 0;
    uint64_t frames_out = 0;  // binary frames written to peers
    uint64_t bytes_out = 0;
    std::array<uint64_t, kDisconnectKinds> disconnects{};
    uint64_t send_queue_drops = 0;
    uint64_t relay_out_not_found = 0;  // tier-0 frames whose peer was gone (or whose write failed)
    uint64_t bad_punts = 0;            // punted frames that were not a Relay
    std::array<uint64_t, kRelayInKinds> relay_in{};
    std::array<uint64_t, kIgnoredKinds> ignored{};
    // Gauges.
    uint64_t pending_http = 0;  // connections reading their HTTP request
    uint64_t pending_auth = 0;  // upgraded, not yet authenticated
    uint64_t peers = 0;         // authenticated

    uint64_t upgraded() const { return pending_auth + peers; }
    uint64_t pending() const { return pending_http + pending_auth; }
};

void write_wss_metrics(const WssStats& stats, MetricsWriter& out);

}  // namespace pb::cp::wss
