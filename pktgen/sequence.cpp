// pktgen/sequence.cpp — the per-flow sliding window of seen sequence numbers.
#include "pktgen/sequence.hpp"

namespace pb::pktgen {

SequenceCounts& SequenceCounts::operator+=(const SequenceCounts& o) {
    received += o.received;
    unique += o.unique;
    duplicates += o.duplicates;
    reordered += o.reordered;
    too_old += o.too_old;
    return *this;
}

SequenceTracker::SequenceTracker(uint32_t flows) : flows_(flows) {}

void SequenceTracker::reset() {
    for (Flow& f : flows_) f = Flow{};
    counts_ = {};
}

void SequenceTracker::Flow::advance_to(uint64_t seq) {
    // Sequence numbers between the old highest and `seq` have not been seen yet.
    if (seq - highest >= kWindow) {
        seen.fill(0);
    } else {
        for (uint64_t s = highest + 1; s < seq; ++s) clear(s);
    }
    highest = seq;
    set(seq);
}

Arrival SequenceTracker::record(uint32_t flow, uint64_t seq) {
    Flow& f = flows_[flow];
    ++counts_.received;
    if (!f.started || seq > f.highest) {
        if (!f.started) {
            f.started = true;
            f.highest = seq;
            f.seen.fill(0);
            f.set(seq);
        } else {
            f.advance_to(seq);
        }
        ++counts_.unique;
        return Arrival::InOrder;
    }
    if (f.highest - seq >= kWindow) {
        ++counts_.too_old;
        return Arrival::TooOld;
    }
    if (f.test(seq)) {
        ++counts_.duplicates;
        return Arrival::Duplicate;
    }
    f.set(seq);
    ++counts_.unique;
    ++counts_.reordered;
    return Arrival::Reordered;
}

}  // namespace pb::pktgen
