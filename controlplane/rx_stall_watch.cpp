// controlplane/rx_stall_watch.cpp — see the header.
#include "controlplane/rx_stall_watch.hpp"

namespace pb::cp {

bool RxStallWatch::stalled(Clock::time_point now, uint64_t received, uint64_t missed) {
    // Moving (or first seen, or counters reset under us): a new reference.
    if (!primed_ || received != received_ || missed < missed_) {
        primed_ = true;
        received_ = received;
        missed_ = missed;
        since_ = now;
        return false;
    }
    return now - since_ >= kStallAfter && missed - missed_ >= kMinMissed;
}

}  // namespace pb::cp
