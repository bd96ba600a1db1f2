// controlplane/http/readiness.cpp — readiness from phase, link and heartbeats.
#include "controlplane/http/readiness.hpp"

#include <cstdio>

namespace pb::cp {

namespace {
uint64_t heartbeat_of(const DataplaneView& view, unsigned worker) {
    return view.counters(worker).heartbeat.load(std::memory_order_relaxed);
}
}  // namespace

ReadinessProbe::ReadinessProbe(const Lifecycle& lifecycle, const DataplaneView& view, Clock::duration stall_limit)
    : lifecycle_(lifecycle), view_(view), stall_limit_(stall_limit), heartbeats_(view.worker_count()) {
    for (unsigned w = 0; w < heartbeats_.size(); ++w) heartbeats_[w].value = heartbeat_of(view, w);
}

void ReadinessProbe::observe(Clock::time_point now) {
    for (unsigned w = 0; w < heartbeats_.size(); ++w) {
        const uint64_t value = heartbeat_of(view_, w);
        Heartbeat& beat = heartbeats_[w];
        if (value == beat.value) continue;
        beat.value = value;
        beat.moved = true;
        beat.last_move = now;
    }
}

std::string ReadinessProbe::stalled_worker(Clock::time_point now) const {
    for (unsigned w = 0; w < heartbeats_.size(); ++w) {
        const Heartbeat& beat = heartbeats_[w];
        const std::string who = "worker lcore " + std::to_string(view_.lcore(w));
        if (!beat.moved) return who + " has not polled yet";
        const auto silent = std::chrono::duration<double>(now - beat.last_move).count();
        if (now - beat.last_move > stall_limit_) {
            char seconds[32];
            std::snprintf(seconds, sizeof seconds, "%.1f", silent);
            return who + " has not polled for " + seconds + " s";
        }
    }
    return {};
}

Readiness ReadinessProbe::check(Clock::time_point now) {
    observe(now);
    if (const Phase phase = lifecycle_.phase(); phase != Phase::Serving) return {false, std::string(phase_name(phase))};
    if (!view_.link_up()) return {false, "port link down"};
    if (std::string stalled = stalled_worker(now); !stalled.empty()) return {false, std::move(stalled)};
    return {true, "ready"};
}

}  // namespace pb::cp
