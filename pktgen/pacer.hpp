// pktgen/pacer.hpp — open-loop pacing on the TSC: how many packets are due
// now to hold `rate` packets per second since start(). A generator more
// than max_backlog packets behind skips ahead instead of bursting to catch
// up (counted), so a phase's offered load is never burstier than asked.
#pragma once

#include <algorithm>
#include <cstdint>

namespace pb::pktgen {

class Pacer {
public:
    // rate 0 = unpaced: every call allows `cap` packets.
    void start(uint64_t now_tsc, double rate_pps, uint64_t tsc_hz, uint64_t max_backlog) {
        start_ = now_tsc;
        per_tsc_ = rate_pps / double(tsc_hz);
        unpaced_ = rate_pps <= 0;
        max_backlog_ = std::max<uint64_t>(max_backlog, 1);
        done_ = 0;
        skipped_ = 0;
    }

    // Packets to send now, at most `cap`; skipped() grows when behind.
    uint64_t due(uint64_t now_tsc, uint64_t cap) {
        if (unpaced_) return cap;
        const uint64_t target = uint64_t(double(now_tsc - start_) * per_tsc_);
        if (target <= done_) return 0;
        if (target - done_ > max_backlog_) {
            skipped_ += target - done_ - max_backlog_;
            done_ = target - max_backlog_;
        }
        return std::min(target - done_, cap);
    }
    void sent(uint64_t n) { done_ += n; }
    uint64_t skipped() const { return skipped_; }

private:
    uint64_t start_ = 0;
    double per_tsc_ = 0;
    bool unpaced_ = true;
    uint64_t max_backlog_ = 1;
    uint64_t done_ = 0;
    uint64_t skipped_ = 0;
};

}  // namespace pb::pktgen
