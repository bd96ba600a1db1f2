// controlplane/gossip/pacer.hpp — spreads one gossip round's frames over a
// window (most of the gossip period) instead of bursting millions of ids
// into the TX ring: by any moment, the share of the round's frames that the
// elapsed share of the window allows, plus a small head start so that a
// small round leaves at once.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pb::cp::gossip {

class Pacer {
public:
    static constexpr size_t kHeadStart = 64;  // frames that may leave at once

    void start(uint64_t now_ms, uint64_t window_ms, size_t total_frames);
    // Frames that may still leave by now_ms (at least kHeadStart once the
    // window is over, should the round hold more than announced).
    size_t allowance(uint64_t now_ms) const;
    void sent(size_t frames) { sent_ += frames; }
    size_t sent() const { return sent_; }

private:
    uint64_t start_ms_ = 0;
    uint64_t window_ms_ = 1;
    size_t total_ = 0;
    size_t sent_ = 0;
};

}  // namespace pb::cp::gossip
