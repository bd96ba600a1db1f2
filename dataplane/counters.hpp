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

// X(field, group, reason): group is the metric family, reason its label
// (empty when the family has one series per worker).
#define PB_WORKER_COUNTERS(X)                                   \
    X(rx_packets, "rx_packets", "")                             \
    X(rx_bytes, "rx_bytes", "")                                 \
    X(tx_packets, "tx_packets", "")                             \
    X(tx_bytes, "tx_bytes", "")                                 \
    X(tx_dropped_full, "tx_dropped", "queue_full")              \
    X(l2_truncated, "l2_dropped", "truncated")                  \
    X(l2_not_for_us, "l2_dropped", "not_for_us")                \
    X(l2_wrong_vlan, "l2_dropped", "wrong_vlan")                \
    X(l2_unknown_ethertype, "l2_dropped", "unknown_ethertype")  \
    X(arp_replied, "arp_replied", "")                           \
    X(arp_not_request, "arp_dropped", "not_request")            \
    X(arp_ignored, "arp_dropped", "not_for_us")                 \
    X(arp_malformed, "arp_dropped", "malformed")                \
    X(icmp_echo_replied, "icmp_echo_replied", "")               \
    X(icmp_ignored, "icmp_dropped", "not_echo")                 \
    X(icmp_bad_checksum, "icmp_dropped", "bad_checksum")        \
    X(icmp6_echo_replied, "icmp6_echo_replied", "")             \
    X(nd_advert_sent, "nd_advert_sent", "")                     \
    X(nd_not_solicitation, "icmp6_dropped", "nd_not_solicitation") \
    X(icmp6_ignored, "icmp6_dropped", "not_handled")            \
    X(icmp6_bad_checksum, "icmp6_dropped", "bad_checksum")      \
    X(icmp6_malformed, "icmp6_dropped", "malformed")            \
    X(ip_malformed, "ip_dropped", "malformed")                  \
    X(ip_bad_checksum, "ip_dropped", "bad_checksum")            \
    X(ip_not_for_us, "ip_dropped", "not_for_us")                \
    X(ip_other_protocol, "ip_dropped", "other_protocol")        \
    X(ip_fragment_unhandled, "ip_dropped", "fragment")          \
    X(udp_malformed, "udp_dropped", "malformed")                \
    X(udp_bad_checksum, "udp_dropped", "bad_checksum")          \
    X(udp_other_port, "udp_dropped", "other_port")              \
    X(beacon_unhandled, "beacon_dropped", "not_implemented")

struct alignas(64) WorkerCounters {
#define PB_DECLARE_COUNTER(field, group, reason) Counter field;
    PB_WORKER_COUNTERS(PB_DECLARE_COUNTER)
#undef PB_DECLARE_COUNTER
};

}  // namespace pb::dp
