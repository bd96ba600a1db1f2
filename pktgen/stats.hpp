// pktgen/stats.hpp — the generator's counters. Each worker owns one
// WorkerCounters (cache-line aligned, written only by its lcore with relaxed
// atomic stores, so the main lcore may read them at any time for the
// per-second progress line); CounterSnapshot is a plain copy that adds up
// and subtracts. One X-macro list names every counter once: the struct,
// the snapshot, the sums and the report's JSON keys all come from it.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include "pktgen/scenario.hpp"

namespace pb::pktgen {

#define PKTGEN_COUNTERS(X)                                                                         \
    X(tx_frames, "frames handed to the port (fragments counted one by one)")                       \
    X(tx_bytes, "bytes of those frames")                                                            \
    X(tx_retries, "frames the port did not take at once (TX ring full), sent later")               \
    X(tx_alloc_failed, "mbufs that could not be allocated")                                         \
    X(tx_fragment_failed, "large relays the fragmenter refused")                                    \
    X(sent_relay, "relays sent (each once, however many fragments)")                                \
    X(sent_not_found, "relays sent to ids nobody registered")                                       \
    X(sent_discover, "Discovers sent by the mix")                                                   \
    X(sent_punch, "PunchRequests sent")                                                             \
    X(sent_hostile, "hostile frames sent")                                                          \
    X(sent_keepalive, "keepalive Discovers sent")                                                   \
    X(sent_register, "registration Discovers sent")                                                 \
    X(sent_neighbour, "ARP / ND requests and answers sent")                                         \
    X(pacer_behind, "packets skipped because the generator fell more than 5 ms behind its rate")   \
    X(window_timeouts, "closed loop: windows written off after window_timeout_ms without progress") \
    X(rx_frames, "frames received")                                                                 \
    X(rx_bytes, "bytes received")                                                                   \
    X(rx_relay, "relay deliveries with a probe of this phase")                                      \
    X(rx_relay_stale, "relay deliveries with a probe of an earlier phase")                          \
    X(rx_relay_forbidden, "deliveries of not-found or hostile probes: the beacon should drop those") \
    X(rx_relay_foreign, "relay deliveries without our probe")                                       \
    X(rx_discover_reply, "DiscoverReplies")                                                         \
    X(rx_punch_command, "PunchCommands")                                                            \
    X(rx_later_fragment, "IP fragments after the first")                                            \
    X(rx_neighbour, "ARP / ND frames")                                                              \
    X(rx_unexpected, "datagrams from the beacon that no scenario packet asks for")                 \
    X(rx_other, "frames not from the beacon's address and port, or not to a daemon")

struct CounterSnapshot {
#define PKTGEN_FIELD(name, help) uint64_t name = 0;
    PKTGEN_COUNTERS(PKTGEN_FIELD)
#undef PKTGEN_FIELD
    // sent_hostile by variant (HostileVariant order; they add up to sent_hostile).
    std::array<uint64_t, kHostileVariantCount> sent_hostile_variant{};

    CounterSnapshot& operator+=(const CounterSnapshot& o);
    CounterSnapshot operator-(const CounterSnapshot& o) const;
    // Calls f(name, value) for every counter, in list order.
    template <class F>
    void each(F&& f) const {
#define PKTGEN_VISIT(name, help) f(std::string_view(#name), name);
        PKTGEN_COUNTERS(PKTGEN_VISIT)
#undef PKTGEN_VISIT
    }
};

// A counter one lcore writes and any thread reads.
class Counter {
public:
    void add(uint64_t n = 1) { std::atomic_ref<uint64_t>(value_).store(value_ + n, std::memory_order_relaxed); }
    uint64_t get() const {
        return std::atomic_ref<uint64_t>(const_cast<uint64_t&>(value_)).load(std::memory_order_relaxed);
    }
    void reset() { std::atomic_ref<uint64_t>(value_).store(0, std::memory_order_relaxed); }

private:
    uint64_t value_ = 0;
};

struct alignas(64) WorkerCounters {
#define PKTGEN_FIELD(name, help) Counter name;
    PKTGEN_COUNTERS(PKTGEN_FIELD)
#undef PKTGEN_FIELD
    std::array<Counter, kHostileVariantCount> sent_hostile_variant;

    CounterSnapshot snapshot() const;
    void reset();
};

}  // namespace pb::pktgen
