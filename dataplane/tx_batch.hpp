// dataplane/tx_batch.hpp — the frames a worker transmits at the end of a
// burst. Handlers that emit more than one frame (punch: two commands;
// fragmentation: many pieces) append to it in the order they must leave.
#pragma once

#include <rte_mbuf.h>

#include <array>
#include <cstdint>

namespace pb::dp {

class TxBatch {
public:
    static constexpr uint16_t kCapacity = 2048;  // a burst of 32 relays of 64 KiB, fragmented, fits

    // false when full: the caller frees the frame and counts the drop.
    bool push(rte_mbuf* m) {
        if (count_ == kCapacity) return false;
        frames_[count_++] = m;
        return true;
    }
    uint16_t room() const { return uint16_t(kCapacity - count_); }
    rte_mbuf** data() { return frames_.data(); }
    uint16_t size() const { return count_; }
    void clear() { count_ = 0; }

private:
    std::array<rte_mbuf*, kCapacity> frames_{};
    uint16_t count_ = 0;
};

}  // namespace pb::dp
