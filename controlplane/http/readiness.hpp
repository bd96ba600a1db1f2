// controlplane/http/readiness.hpp — /readyz's verdict: serving (not
// starting, draining or stopping), the port's link up, and every worker's
// poll loop moving. A worker proves it is alive by bumping its heartbeat
// (WorkerCounters::heartbeat, one relaxed store per loop iteration); this
// class remembers when each heartbeat last moved.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "controlplane/http/dataplane_view.hpp"
#include "controlplane/lifecycle.hpp"

namespace pb::cp {

struct Readiness {
    bool ready = false;
    std::string reason;  // one line; "ready" when ready
};

class ReadinessProbe {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr Clock::duration kDefaultStallLimit = std::chrono::seconds(2);

    ReadinessProbe(const Lifecycle& lifecycle, const DataplaneView& view,
                   Clock::duration stall_limit = kDefaultStallLimit);

    // Notes which heartbeats moved since the previous call (call at least
    // once a second; check() calls it too).
    void observe(Clock::time_point now);
    Readiness check(Clock::time_point now);
    // The first worker whose heartbeat has not moved within the stall limit
    // as of the last observe(), in words; "" when every worker polls (the
    // systemd watchdog's rule, controlplane/service_notifier.hpp).
    std::string stalled_worker(Clock::time_point now) const;

private:
    struct Heartbeat {
        uint64_t value = 0;
        bool moved = false;           // has moved at least once since start
        Clock::time_point last_move;  // when it was last seen moving
    };

    const Lifecycle& lifecycle_;
    const DataplaneView& view_;
    Clock::duration stall_limit_;
    std::vector<Heartbeat> heartbeats_;
};

}  // namespace pb::cp
