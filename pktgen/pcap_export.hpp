// pktgen/pcap_export.hpp — `--pcap`: a scenario's packets written to a pcap
// file instead of a port, for Pktgen-DPDK, TRex or tcpreplay: first one
// Discover per daemon (so a replay registers them), then `count` packets of
// the mix, time-stamped at the scenario's rate. Large relays are cut by the
// same egress fragmenter as on a live run (which needs an EAL without a
// port: started on demand).
#pragma once

#include <cstdint>
#include <string>

#include "pktgen/scenario.hpp"

namespace pb::pktgen {

struct PcapRequest {
    std::string path;
    uint64_t count = 10000;
    Mac src_mac{0x02, 0, 0, 0, 0, 0x01};
    Mac dst_mac{0x02, 0, 0, 0, 0, 0x02};
};

// Returns the frames written; throws std::runtime_error on failure.
uint64_t export_pcap(const Scenario& scenario, const PcapRequest& request);

}  // namespace pb::pktgen
