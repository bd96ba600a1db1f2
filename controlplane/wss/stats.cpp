// controlplane/wss/stats.cpp — reason names and the Prometheus families.
#include "controlplane/wss/stats.hpp"

namespace pb::cp::wss {

std::string_view disconnect_name(Disconnect reason) {
    constexpr std::array<std::string_view, kDisconnectKinds> names = {"idle",     "closed",       "lost",    "frame_too_large",
                                                                      "replaced", "write_failed", "shutdown"};
    return names[size_t(reason)];
}

std::string_view relay_in_name(RelayIn outcome) {
    constexpr std::array<std::string_view, kRelayInKinds> names = {
        "forwarded_wss", "forwarded_local", "forwarded_peer", "not_found",    "over_budget", "malformed",
        "too_large",     "queue_full",      "no_mbuf",        "channel_full", "unroutable"};
    return names[size_t(outcome)];
}

std::string_view ignored_name(Ignored kind) {
    constexpr std::array<std::string_view, kIgnoredKinds> names = {"text",  "empty", "discover",   "punch",
                                                                   "sync", "other", "after_close"};
    return names[size_t(kind)];
}

namespace {

template <size_t N, class Enum>
void by_reason(MetricsWriter& out, std::string_view name, std::string_view help, std::string_view label,
               const std::array<uint64_t, N>& values, std::string_view (*name_of)(Enum)) {
    for (size_t i = 0; i < N; ++i) out.counter(name, help, values[i], {{label, name_of(Enum(i))}});
}

}  // namespace

void write_wss_metrics(const WssStats& s, MetricsWriter& out) {
    out.counter("wss_upgrades", "WebSocket upgrades accepted on the WSS bridge", s.upgrades);
    by_reason(out, "wss_upgrade_failures", "WSS bridge connections that did not become a WebSocket, by reason",
              "reason", s.refusals, refusal_name);
    out.counter("wss_connections_refused", "WSS connections closed at accept: too many not yet authenticated",
                s.connections_refused);
    out.counter("wss_auth_ok", "WSS peers that authenticated", s.auth_ok);
    by_reason(out, "wss_auth_failures", "WSS authentications that failed, by reason", "reason", s.auth_failures,
              auth_failure_name);
    out.counter("wss_frames_in", "Binary frames received from authenticated WSS peers", s.frames_in);
    out.counter("wss_bytes_in", "Bytes of binary frames received from authenticated WSS peers", s.bytes_in);
    out.counter("wss_frames_out", "Binary frames written to WSS peers", s.frames_out);
    out.counter("wss_bytes_out", "Bytes of binary frames written to WSS peers", s.bytes_out);
    by_reason(out, "wss_disconnects", "Authenticated WSS peers disconnected, by reason (idle: the idle timeout)",
              "reason", s.disconnects, disconnect_name);
    out.counter("wss_send_queue_drops", "Frames dropped because a WSS peer's send queue was full",
                s.send_queue_drops);
    out.counter("wss_relay_out_not_found",
                "Tier-0 frames whose WSS peer was gone, or whose write failed (counts as not_found)",
                s.relay_out_not_found);
    out.counter("wss_bad_punts", "Frames punted for tier 0 that did not hold a Relay", s.bad_punts);
    by_reason(out, "wss_relay_in", "Relays received from WSS peers, by outcome", "outcome", s.relay_in, relay_in_name);
    by_reason(out, "wss_inbound_ignored", "Frames from WSS peers that were not handled, by kind", "kind", s.ignored,
              ignored_name);
    out.gauge("wss_peers", "Authenticated WSS peers connected now", double(s.peers));
    out.gauge("wss_pending_connections", "WSS connections not yet authenticated, by phase", double(s.pending_http),
              {{"phase", "http"}});
    out.gauge("wss_pending_connections", "WSS connections not yet authenticated, by phase", double(s.pending_auth),
              {{"phase", "auth"}});
}

}  // namespace pb::cp::wss
