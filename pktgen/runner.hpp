// pktgen/runner.hpp — a live run of a scenario on the generator's DPDK
// port, driven from the main lcore: EAL and port bring-up (pilot-beacond's
// own code, from the scenario's dpdk and port sections), then the phases —
// resolve the beacon's MAC, register the daemons, warm up, measure (or
// search the rate), drain — with a progress line per interval, and the
// Report at the end.
#pragma once

#include <cstdio>

#include "pktgen/measurement.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

struct RunOptions {
    std::FILE* progress = stdout;  // per-interval lines; nullptr = quiet
};

// Throws std::runtime_error when the port or a phase fails (MAC not
// resolved, too few daemons registered).
Report run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace pb::pktgen
