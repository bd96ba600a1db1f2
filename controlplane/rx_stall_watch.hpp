// controlplane/rx_stall_watch.hpp — tells a port that has stopped receiving
// for good from an idle one: its received-packets total stands still for
// kStallAfter while its missed total (imissed: frames the driver could not
// take) grows by kMinMissed or more. Seen on net_af_xdp with DPDK 22.11
// (docs/reliability.md, "Defects found and fixed"): the kernel ends up
// holding every frame of the XSK fill ring and the driver refills that ring
// only after a receive that returned packets, so nothing is received again
// until the socket is created anew. Fed once per housekeeping tick with the
// port's totals; pure logic (no DPDK), so that it can be tested on its own.
#pragma once

#include <chrono>
#include <cstdint>

namespace pb::cp {

class RxStallWatch {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::seconds kStallAfter{5};
    static constexpr uint64_t kMinMissed = 64;

    // One sample of the port's totals: true while the port is stalled (the
    // caller acts on the first true).
    bool stalled(Clock::time_point now, uint64_t received, uint64_t missed);

private:
    bool primed_ = false;
    uint64_t received_ = 0;
    uint64_t missed_ = 0;     // when the received total last moved
    Clock::time_point since_{};  // when the received total last moved
};

}  // namespace pb::cp
