// pktgen/sequence.hpp — per-flow accounting of the sequence numbers that
// come back: unique arrivals, duplicates, reordering. A flow is one virtual
// daemon's stream of relays (its sequence numbers count up from 0). Each
// flow keeps the highest sequence seen and a window of the kWindow most
// recent sequence numbers, so that a duplicate within the window is told
// apart from a late (reordered) first arrival. Arrivals older than the
// window are counted as `too_old` (neither unique nor duplicate: unknown).
//
// Loss is not decided here: the sender knows what it sent, so
// loss = sent − unique, taken over every tracker after a drain.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace pb::pktgen {

struct SequenceCounts {
    uint64_t received = 0;    // every arrival
    uint64_t unique = 0;      // first arrivals of a sequence number
    uint64_t duplicates = 0;  // a sequence number seen again
    uint64_t reordered = 0;   // first arrivals after a higher sequence number
    uint64_t too_old = 0;     // older than the window: not classified

    SequenceCounts& operator+=(const SequenceCounts& o);
    friend bool operator==(const SequenceCounts&, const SequenceCounts&) = default;
};

enum class Arrival : uint8_t { InOrder, Reordered, Duplicate, TooOld };

class SequenceTracker {
public:
    static constexpr uint64_t kWindow = 1024;  // sequence numbers remembered per flow

    explicit SequenceTracker(uint32_t flows);

    Arrival record(uint32_t flow, uint64_t seq);
    // Forgets every flow (between measurement phases).
    void reset();

    const SequenceCounts& counts() const { return counts_; }
    uint32_t flows() const { return uint32_t(flows_.size()); }

private:
    struct Flow {
        uint64_t highest = 0;
        bool started = false;
        std::array<uint64_t, kWindow / 64> seen{};  // bit (seq % kWindow)

        bool test(uint64_t seq) const { return seen[(seq % kWindow) / 64] >> (seq % 64) & 1; }
        void set(uint64_t seq) { seen[(seq % kWindow) / 64] |= uint64_t(1) << (seq % 64); }
        void clear(uint64_t seq) { seen[(seq % kWindow) / 64] &= ~(uint64_t(1) << (seq % 64)); }
        void advance_to(uint64_t seq);
    };

    std::vector<Flow> flows_;
    SequenceCounts counts_;
};

}  // namespace pb::pktgen
