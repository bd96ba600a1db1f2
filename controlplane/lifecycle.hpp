// controlplane/lifecycle.hpp — the process's service state as health probes
// and operators see it: starting → serving → draining → stopping.
// Written by the control-plane thread, read by anyone (HTTP handlers).
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace pb::cp {

enum class Phase : uint8_t { Starting, Serving, Draining, Stopping };

constexpr std::string_view phase_name(Phase phase) {
    switch (phase) {
        case Phase::Starting: return "starting";
        case Phase::Serving: return "serving";
        case Phase::Draining: return "draining";
        case Phase::Stopping: return "stopping";
    }
    return "?";
}

class Lifecycle {
public:
    Phase phase() const { return phase_.load(std::memory_order_acquire); }
    void enter(Phase phase) { phase_.store(phase, std::memory_order_release); }
    // /healthz: 200 "ok" unless draining or stopping (PROTOCOL.md §6).
    bool healthy() const { return phase() == Phase::Serving || phase() == Phase::Starting; }

private:
    std::atomic<Phase> phase_{Phase::Starting};
};

}  // namespace pb::cp
