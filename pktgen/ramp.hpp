// pktgen/ramp.hpp — the RFC 2544-style search for the highest rate whose
// loss stays at or below a threshold: a first trial at the ceiling (the
// configured ramp.max_pps, or what an unpaced trial achieved), then binary
// search between the highest rate that passed and the lowest that failed,
// until they are within `resolution` of each other or the trials run out.
// Pure bookkeeping: the runner performs the trials.
#pragma once

#include <cstdint>
#include <vector>

#include "pktgen/scenario.hpp"

namespace pb::pktgen {

struct RampTrial {
    uint64_t rate_pps = 0;     // the target of the trial
    double offered_pps = 0;    // what the generator achieved (below the target when it falls behind)
    double loss = 0;           // fraction lost
    bool passed = false;
};

class RateSearch {
public:
    RateSearch(const RampConfig& cfg, uint64_t ceiling_pps);

    bool done() const;
    uint64_t next_rate() const;
    void record(uint64_t rate_pps, double offered_pps, double loss);

    // The highest target that passed; 0 when none did.
    uint64_t best() const { return pass_; }
    // The rate the generator achieved in that trial: the figure to report.
    double best_offered() const;
    const std::vector<RampTrial>& trials() const { return trials_; }

private:
    RampConfig cfg_;
    uint64_t ceiling_;
    uint64_t pass_ = 0;
    uint64_t fail_ = 0;  // 0: no failure yet
    std::vector<RampTrial> trials_;
};

}  // namespace pb::pktgen
