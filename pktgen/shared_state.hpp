// pktgen/shared_state.hpp — what the workers of one run share: the
// scenario's read-only parts, the port and pools, and the few things any
// worker may learn from a received frame (the beacon's MAC, which daemons
// are registered, when a daemon's Discover or PunchRequest left, closed-loop
// credits). Those are atomics; everything else a worker writes is its own.
#pragma once

#include <rte_mempool.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "pktgen/daemons.hpp"
#include "pktgen/generator.hpp"
#include "pktgen/mix.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

class EgressFragmenter;

enum class PhaseKind : uint8_t { Resolve, Register, Traffic, Drain };

struct Phase {
    PhaseKind kind = PhaseKind::Drain;
    uint64_t end_tsc = 0;   // workers stop here (0: when the main lcore says so)
    uint64_t rate_pps = 0;  // Traffic: all workers together; 0 = unpaced
    uint8_t epoch = 0;      // probes of this phase
};

struct alignas(64) Credit {
    std::atomic<uint64_t> delivered{0};  // closed loop: first arrivals of this worker's relays
};

struct SharedState {
    SharedState(const Scenario& s, const DaemonSet& d, const PairPicker& p, const KindTable& k, unsigned workers);

    const Scenario& scenario;
    const DaemonSet& daemons;
    const PairPicker& pairs;
    const KindTable& kinds;
    unsigned workers;
    uint16_t port_id = 0;
    Mac our_mac{};
    rte_mempool* pool = nullptr;
    rte_mempool* jumbo_pool = nullptr;      // whole large relays before fragmentation
    rte_mempool* indirect_pool = nullptr;   // the fragmenter's indirect mbufs
    bool tx_multi_segs = false;
    uint64_t tsc_hz = 1;
    double ns_per_tsc = 1;

    Phase phase;
    std::atomic<bool> stop{false};

    // The beacon's MAC once known: kMacKnown | the 6 bytes.
    static constexpr uint64_t kMacKnown = uint64_t(1) << 63;
    std::atomic<uint64_t> beacon_mac{0};
    void learn_beacon_mac(const Mac& mac);
    std::optional<Mac> beacon_mac_known() const;

    std::unique_ptr<std::atomic<uint8_t>[]> registered;  // per daemon
    std::atomic<uint32_t> registered_count{0};
    void mark_registered(uint32_t daemon);

    std::unique_ptr<std::atomic<uint64_t>[]> pending_tsc;  // per daemon: its request's TSC, 0 = none
    std::vector<uint8_t> flow_owner;                       // relay flow → worker
    std::unique_ptr<Credit[]> credits;                     // per worker
};

}  // namespace pb::pktgen
