// controlplane/registry/backoff.hpp — the retry delay after failed registry
// cycles: initial, doubled per consecutive failure, capped (30 s by
// default: the registry forgets a beacon after 60 s, so a recovered
// registry hears from us again well within that). An optional jitter takes
// up to that fraction off each delay so that many beacons do not retry in
// step after a registry restart.
#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace pb::registry {

class Backoff {
public:
    Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds cap, double jitter = 0.0);

    // The delay before the next retry; each call counts one more failure.
    std::chrono::milliseconds next();
    // After a success: the next failure starts again at the initial delay.
    void reset() { failures_ = 0; }
    uint32_t failures() const { return failures_; }

private:
    std::chrono::milliseconds initial_;
    std::chrono::milliseconds cap_;
    double jitter_;
    uint32_t failures_ = 0;
    std::minstd_rand random_;
};

}  // namespace pb::registry
