// dataplane/clock.hpp — the worker's notion of time, read once per burst:
// monotonic nanoseconds and seconds since start (node table, limiters) and
// Unix seconds (grant-token expiry). Production reads the TSC; tests install
// a manual source so that intervals, windows and TTLs are deterministic.
#pragma once

#include <cstdint>

namespace pb::dp {

struct Now {
    uint64_t ns = 0;     // monotonic, since the clock's epoch
    uint32_t s = 0;      // ns / 1e9
    int64_t unix_s = 0;  // wall clock, for grant expiry
    uint64_t unix_ns = 0;  // wall clock, for hot-path log records
};

class Clock {
public:
    // TSC-based: epoch = construction; Unix time anchored once at construction.
    static Clock from_tsc();
    // Manual: now() returns what set() last stored (tests).
    static Clock manual(int64_t unix_epoch_s);

    Now now() const;
    void set(uint64_t ns) { manual_ns_ = ns; }
    void advance_s(uint32_t seconds) { manual_ns_ += uint64_t(seconds) * 1'000'000'000ull; }

private:
    bool manual_ = false;
    uint64_t tsc_start_ = 0;
    uint64_t tsc_hz_ = 1;
    int64_t unix_epoch_s_ = 0;
    uint64_t manual_ns_ = 0;
};

}  // namespace pb::dp
