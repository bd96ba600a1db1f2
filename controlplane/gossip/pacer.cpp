// controlplane/gossip/pacer.cpp — linear pacing over a window.
#include "controlplane/gossip/pacer.hpp"

#include <algorithm>

namespace pb::cp::gossip {

void Pacer::start(uint64_t now_ms, uint64_t window_ms, size_t total_frames) {
    start_ms_ = now_ms;
    window_ms_ = std::max<uint64_t>(window_ms, 1);
    total_ = total_frames;
    sent_ = 0;
}

size_t Pacer::allowance(uint64_t now_ms) const {
    const uint64_t elapsed = std::min(now_ms - std::min(now_ms, start_ms_), window_ms_);
    const size_t due = std::min(total_, size_t(uint64_t(total_) * elapsed / window_ms_) + kHeadStart);
    const size_t left = due > sent_ ? due - sent_ : 0;
    return elapsed == window_ms_ ? std::max(left, kHeadStart) : left;  // late (estimate short): keep going
}

}  // namespace pb::cp::gossip
