// dataplane/clock.cpp — TSC and manual time sources.
#include "dataplane/clock.hpp"

#include <rte_cycles.h>

#include <ctime>

namespace pb::dp {

Clock Clock::from_tsc() {
    Clock c;
    c.tsc_start_ = rte_rdtsc();
    c.tsc_hz_ = rte_get_tsc_hz();
    c.unix_epoch_s_ = int64_t(std::time(nullptr));
    return c;
}

Clock Clock::manual(int64_t unix_epoch_s) {
    Clock c;
    c.manual_ = true;
    c.unix_epoch_s_ = unix_epoch_s;
    return c;
}

Now Clock::now() const {
    uint64_t ns = manual_ns_;
    if (!manual_) {
        const uint64_t cycles = rte_rdtsc() - tsc_start_;
        ns = cycles / tsc_hz_ * 1'000'000'000ull + cycles % tsc_hz_ * 1'000'000'000ull / tsc_hz_;
    }
    Now n;
    n.ns = ns;
    n.s = uint32_t(ns / 1'000'000'000ull);
    n.unix_s = unix_epoch_s_ + int64_t(n.s);
    n.unix_ns = uint64_t(unix_epoch_s_) * 1'000'000'000ull + ns;
    return n;
}

}  // namespace pb::dp
