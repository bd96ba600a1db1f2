// controlplane/punt_dispatcher.hpp — drains every worker's to_control channel
// and hands each frame to the service registered for its PuntReason (gossip
// for Sync, the neighbour table for ARP/ND, the WSS bridge for tier-0
// relays). The handler borrows the frame; the dispatcher frees it after.
// Frames with no handler are counted per reason and freed.
#pragma once

#include <rte_mbuf.h>

#include <array>
#include <cstdint>
#include <functional>

#include "dataplane/dataplane.hpp"

namespace pb::cp {

class PuntDispatcher {
public:
    using Handler = std::function<void(const rte_mbuf*)>;
    static constexpr unsigned kReasons = 4;  // PuntReason values 1..3, index 0 unused

    explicit PuntDispatcher(dp::Dataplane& dataplane) : dataplane_(dataplane) {}

    void on(dp::PuntReason reason, Handler handler) { handlers_[unsigned(reason)] = std::move(handler); }
    // Drains at most `budget` frames over all workers; returns how many.
    unsigned poll(unsigned budget);

    uint64_t unhandled(dp::PuntReason reason) const { return unhandled_[unsigned(reason)]; }
    uint64_t handled(dp::PuntReason reason) const { return handled_[unsigned(reason)]; }

private:
    dp::Dataplane& dataplane_;
    std::array<Handler, kReasons> handlers_{};
    std::array<uint64_t, kReasons> handled_{};
    std::array<uint64_t, kReasons> unhandled_{};
};

}  // namespace pb::cp
