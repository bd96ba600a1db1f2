// pktgen/measurement.cpp — derived figures of a measured phase.
#include "pktgen/measurement.hpp"

#include <algorithm>

namespace pb::pktgen {

namespace {
double missing_fraction(uint64_t got, uint64_t expected) {
    if (expected == 0) return 0;
    return 1.0 - double(std::min(got, expected)) / double(expected);
}
}  // namespace

PortCounts PortCounts::operator-(const PortCounts& o) const {
    return {.ipackets = ipackets - o.ipackets,
            .opackets = opackets - o.opackets,
            .imissed = imissed - o.imissed,
            .ierrors = ierrors - o.ierrors,
            .oerrors = oerrors - o.oerrors,
            .rx_nombuf = rx_nombuf - o.rx_nombuf};
}

uint64_t Measurement::scenario_packets_sent() const {
    const CounterSnapshot& c = counters;
    return c.sent_relay + c.sent_not_found + c.sent_discover + c.sent_punch + c.sent_hostile;
}

double Measurement::offered_pps() const { return seconds > 0 ? double(scenario_packets_sent()) / seconds : 0; }

double Measurement::delivered_pps() const { return seconds > 0 ? double(sequence.unique) / seconds : 0; }

double Measurement::relay_loss() const { return missing_fraction(sequence.unique, counters.sent_relay); }

double Measurement::discover_loss() const {
    return missing_fraction(counters.rx_discover_reply, counters.sent_discover + counters.sent_keepalive);
}

double Measurement::punch_loss() const { return missing_fraction(counters.rx_punch_command, 2 * counters.sent_punch); }

double Measurement::loss() const {
    if (counters.sent_relay > 0) return relay_loss();
    if (counters.sent_punch > 0) return punch_loss();
    if (counters.sent_discover > 0) return discover_loss();
    return 0;
}

}  // namespace pb::pktgen
