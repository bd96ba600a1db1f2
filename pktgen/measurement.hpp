// pktgen/measurement.hpp — the results of one measured phase (a run, a
// warm-up, a ramp trial), summed over the workers, with the figures the
// reports show derived from them: offered and delivered rates, loss,
// reordering, latency percentiles — and the whole report of a scenario run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pktgen/histogram.hpp"
#include "pktgen/ramp.hpp"
#include "pktgen/sequence.hpp"
#include "pktgen/stats.hpp"

namespace pb::pktgen {

// The port's own counters over a phase (rte_eth_stats): what the generator's
// end of the link lost below the workers (a full RX ring, failed sends).
struct PortCounts {
    uint64_t ipackets = 0, opackets = 0, imissed = 0, ierrors = 0, oerrors = 0, rx_nombuf = 0;

    PortCounts operator-(const PortCounts& o) const;
    template <class F>
    void each(F&& f) const {
        f("ipackets", ipackets), f("opackets", opackets), f("imissed", imissed);
        f("ierrors", ierrors), f("oerrors", oerrors), f("rx_nombuf", rx_nombuf);
    }
};

struct Measurement {
    std::string label;        // "run", "trial 3", ...
    uint64_t target_pps = 0;  // 0 = unpaced
    bool closed_loop = false;
    double seconds = 0;       // sending time
    uint32_t relay_payload_bytes = 0;
    CounterSnapshot counters;
    PortCounts port;          // sending and draining, together
    SequenceCounts sequence;
    Histogram relay_latency;  // ns, relay sent → delivery received
    Histogram reply_latency;  // ns, Discover / PunchRequest → reply

    // Scenario packets (every kind) sent per second.
    double offered_pps() const;
    // Relay deliveries (first arrivals) per second.
    double delivered_pps() const;
    // Fraction of relays sent that never arrived (0 when none were sent).
    double relay_loss() const;
    // Fraction of Discovers (mix + keepalive) without a reply.
    double discover_loss() const;
    // Fraction of the two PunchCommands per request that did not come.
    double punch_loss() const;
    // The loss the rate search judges: relays if the mix sends any, else
    // punches, else Discovers; 0 for mixes that expect no answer.
    double loss() const;
    uint64_t scenario_packets_sent() const;
};

struct RampOutcome {
    uint64_t best_target_pps = 0;  // the highest target that passed
    double best_pps = 0;           // what the generator achieved at that target
    double loss_threshold = 0;
    std::vector<RampTrial> trials;
};

struct Report {
    std::string scenario, description;
    std::string lcores, device, driver;
    unsigned workers = 0;
    uint32_t daemons = 0, registered = 0;
    double register_seconds = 0;
    std::string beacon_mac;
    std::vector<Measurement> runs;
    std::optional<RampOutcome> ramp;
};

}  // namespace pb::pktgen
