// pktgen/ramp.cpp — the binary search's state.
#include "pktgen/ramp.hpp"

#include <algorithm>

namespace pb::pktgen {

RateSearch::RateSearch(const RampConfig& cfg, uint64_t ceiling_pps)
    : cfg_(cfg), ceiling_(std::max(ceiling_pps, cfg.min_pps)) {}

uint64_t RateSearch::next_rate() const {
    if (trials_.empty()) return ceiling_;
    return (pass_ + fail_) / 2;
}

bool RateSearch::done() const {
    if (trials_.empty()) return false;
    if (trials_.size() >= cfg_.max_trials) return true;
    if (fail_ == 0) return true;  // the ceiling passed: nothing above it to find
    if (double(fail_ - pass_) <= cfg_.resolution * double(fail_)) return true;
    return next_rate() < cfg_.min_pps;  // below the floor: give up
}

double RateSearch::best_offered() const {
    for (const RampTrial& t : trials_)
        if (t.passed && t.rate_pps == pass_) return t.offered_pps;
    return 0;
}

void RateSearch::record(uint64_t rate_pps, double offered_pps, double loss) {
    const bool passed = loss <= cfg_.loss_threshold;
    trials_.push_back({rate_pps, offered_pps, loss, passed});
    if (!passed) fail_ = fail_ == 0 ? rate_pps : std::min(fail_, rate_pps);
    // The best pass lies below the lowest failure: a noisy pass above it is not trusted.
    pass_ = 0;
    for (const RampTrial& t : trials_)
        if (t.passed && (fail_ == 0 || t.rate_pps < fail_)) pass_ = std::max(pass_, t.rate_pps);
}

}  // namespace pb::pktgen
