// common/log/rate_limit.hpp — the per-call-site limiter of hot-path log
// lines: at most N lines per fixed one-second window, counting the lines it
// holds back so that the next line let through can report them as
// "(N similar messages suppressed)". Plain state, no atomics: one limiter
// belongs to one call site on one worker thread. Time comes from the caller
// (any nanosecond clock; only differences matter).
#pragma once

#include <cstdint>
#include <utility>

namespace pb::log {

class RateLimiter {
public:
    static constexpr uint64_t kWindowNs = 1'000'000'000;

    struct Admission {
        bool admitted = false;
        uint64_t suppressed = 0;  // lines held back since the last admitted one; 0 unless admitted
    };

    // lines_per_second: lines let through per window; 0 = no limit.
    explicit constexpr RateLimiter(uint32_t lines_per_second) : lines_per_second_(lines_per_second) {}

    Admission admit(uint64_t now_ns) noexcept {
        if (now_ns - window_start_ns_ >= kWindowNs) {  // also a clock that went backwards
            window_start_ns_ = now_ns;
            admitted_in_window_ = 0;
        }
        if (lines_per_second_ != 0 && admitted_in_window_ >= lines_per_second_) {
            ++suppressed_;
            return {};
        }
        ++admitted_in_window_;
        return {true, std::exchange(suppressed_, 0)};
    }

    // Hands back the count of an admitted line that could not be delivered,
    // so that the next admitted line reports it.
    void restore_suppressed(uint64_t suppressed) noexcept { suppressed_ += suppressed; }

private:
    uint32_t lines_per_second_;
    uint32_t admitted_in_window_ = 0;
    uint64_t window_start_ns_ = 0;
    uint64_t suppressed_ = 0;
};

}  // namespace pb::log
