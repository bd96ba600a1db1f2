// dataplane/counters.hpp — per-worker outcome counters. Each worker owns one
// cache-aligned WorkerCounters and is its only writer; the control plane reads
// them at any time without stopping the worker (relaxed atomics compile to
// plain loads/stores on x86). The X-macro list is the single source of the
// counter names, used by metrics and telemetry.
#pragma once

#include <atomic>
#include <cstdint>

namespace pb::dp {

// A single-writer counter readable from other threads.
class Counter {
public:
    void add(uint64_t n = 1) { value_.store(value_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
    uint64_t read() const { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<uint64_t> value_{0};
};

// X(field, family, label_key, label_value): the metric family (exported as
// pilot_beacon_<family>_total{lcore=…}) and an optional label that tells the
// series of one family apart (reason="…", tier="…"; empty for none).
#define PB_WORKER_COUNTERS(X)                                                      \
    X(rx_packets, "rx_packets", "", "")                                            \
    X(rx_bytes, "rx_bytes", "", "")                                                \
    X(tx_packets, "tx_packets", "", "")                                            \
    X(tx_bytes, "tx_bytes", "", "")                                                \
    X(tx_dropped_full, "tx_dropped", "reason", "queue_full")                       \
    X(tx_linearize_failed, "tx_dropped", "reason", "chain_too_long")               \
    X(l2_truncated, "l2_dropped", "reason", "truncated")                           \
    X(l2_not_for_us, "l2_dropped", "reason", "not_for_us")                         \
    X(l2_wrong_vlan, "l2_dropped", "reason", "wrong_vlan")                         \
    X(l2_unknown_ethertype, "l2_dropped", "reason", "unknown_ethertype")           \
    X(arp_replied, "arp_replied", "", "")                                          \
    X(arp_reply_punted, "arp_replies_punted", "", "")                              \
    X(arp_ignored, "arp_dropped", "reason", "not_for_us")                          \
    X(arp_malformed, "arp_dropped", "reason", "malformed")                         \
    X(icmp_echo_replied, "icmp_echo_replied", "", "")                              \
    X(icmp_ignored, "icmp_dropped", "reason", "not_echo")                          \
    X(icmp_bad_checksum, "icmp_dropped", "reason", "bad_checksum")                 \
    X(icmp6_echo_replied, "icmp6_echo_replied", "", "")                            \
    X(nd_advert_sent, "nd_advert_sent", "", "")                                    \
    X(nd_advert_punted, "nd_adverts_punted", "", "")                               \
    X(icmp6_ignored, "icmp6_dropped", "reason", "not_handled")                     \
    X(icmp6_bad_checksum, "icmp6_dropped", "reason", "bad_checksum")               \
    X(icmp6_malformed, "icmp6_dropped", "reason", "malformed")                     \
    X(ip_malformed, "ip_dropped", "reason", "malformed")                           \
    X(ip_bad_checksum, "ip_dropped", "reason", "bad_checksum")                     \
    X(ip_not_for_us, "ip_dropped", "reason", "not_for_us")                         \
    X(ip_bad_source, "ip_dropped", "reason", "bad_source")                         \
    X(ip_other_protocol, "ip_dropped", "reason", "other_protocol")                 \
    X(fragment_inbox_full, "fragment_steer_dropped", "reason", "inbox_full")       \
    X(fragments_sent, "fragments_sent", "", "")                                    \
    X(fragment_egress_failed, "fragment_egress_dropped", "", "")                   \
    X(udp_malformed, "udp_dropped", "reason", "malformed")                         \
    X(udp_bad_checksum, "udp_dropped", "reason", "bad_checksum")                   \
    X(udp_other_port, "udp_dropped", "reason", "other_port")                       \
    X(beacon_empty, "beacon_dropped", "reason", "empty")                           \
    X(beacon_unknown_type, "beacon_dropped", "reason", "unknown_type")             \
    X(beacon_split_header, "beacon_dropped", "reason", "split_header")             \
    X(beacon_no_headroom, "beacon_dropped", "reason", "no_headroom")               \
    X(discover_received, "discover_received", "", "")                              \
    X(discover_replied, "discover_replied", "", "")                                \
    X(discover_throttled, "discover_endpoint_kept", "reason", "interval")          \
    X(discover_pinned, "discover_endpoint_kept", "reason", "key_pinned")          \
    X(discover_malformed, "discover_dropped", "reason", "malformed")               \
    X(discover_table_full, "discover_dropped", "reason", "table_full")             \
    X(discover_contention, "discover_dropped", "reason", "contention")             \
    X(discover_reply_budget, "discover_dropped", "reason", "reply_budget")         \
    X(stun_received, "stun_received", "", "")                                      \
    X(stun_replied_success, "stun_replied", "response", "success")                 \
    X(stun_replied_400, "stun_replied", "response", "error_400")                   \
    X(stun_replied_420, "stun_replied", "response", "error_420")                   \
    X(stun_indications, "stun_indications", "", "")                                \
    X(stun_malformed, "stun_dropped", "reason", "malformed")                       \
    X(stun_no_cookie, "stun_dropped", "reason", "no_cookie")                       \
    X(stun_bad_fingerprint, "stun_dropped", "reason", "bad_fingerprint")           \
    X(stun_unsupported, "stun_dropped", "reason", "unsupported")                   \
    X(stun_reply_budget, "stun_dropped", "reason", "reply_budget")                 \
    X(punch_received, "punch_received", "", "")                                    \
    X(punch_commands_sent, "punch_commands_sent", "", "")                          \
    X(punch_malformed, "punch_dropped", "reason", "malformed")                     \
    X(punch_rate_global, "punch_dropped", "reason", "rate_global")                 \
    X(punch_rate_source, "punch_dropped", "reason", "rate_source")                 \
    X(punch_unauthorised, "punch_dropped", "reason", "unauthorised")               \
    X(punch_not_found, "punch_dropped", "reason", "not_found")                     \
    X(punch_no_mbuf, "punch_dropped", "reason", "no_mbuf")                         \
    X(relay_received, "relay_received", "", "")                                   \
    X(relay_forwarded_wss, "relay_forwarded", "tier", "wss")                       \
    X(relay_forwarded_local, "relay_forwarded", "tier", "local")                   \
    X(relay_forwarded_peer, "relay_forwarded", "tier", "peer")                     \
    X(relay_not_found, "relay_not_found", "", "")                                  \
    X(relay_malformed, "relay_dropped", "reason", "malformed")                     \
    X(relay_too_large, "relay_dropped", "reason", "payload_too_large")             \
    X(relay_over_budget, "relay_dropped", "reason", "over_budget")                 \
    X(relay_peer_loop, "relay_dropped", "reason", "peer_loop")                     \
    X(sync_received, "sync_received", "", "")                                      \
    X(punt_ring_full, "punt_dropped", "reason", "ring_full")

struct alignas(64) WorkerCounters {
#define PB_DECLARE_COUNTER(field, family, label_key, label_value) Counter field;
    PB_WORKER_COUNTERS(PB_DECLARE_COUNTER)
#undef PB_DECLARE_COUNTER
    // Poll-loop iterations, the worker's liveness for /readyz: one relaxed
    // store per iteration (not an outcome counter, not in the list above).
    std::atomic<uint64_t> heartbeat{0};
};

}  // namespace pb::dp
