// controlplane/registry/stats.hpp — the registry client's counters and
// gauges, read by the metrics collector (registry_metrics.hpp) on the
// control-plane thread, which is also the only writer.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>

#include "controlplane/registry/outcome.hpp"

namespace pb::registry {

struct FailureCounts {
    std::array<uint64_t, kFailureKinds> by_reason{};
    void add(Failure failure) { ++by_reason[size_t(failure)]; }
    uint64_t operator[](Failure failure) const { return by_reason[size_t(failure)]; }
};

struct RegistryStats {
    uint64_t register_ok = 0;
    FailureCounts register_failed;
    uint64_t list_ok = 0;
    FailureCounts list_failed;
    uint64_t lookup_ok = 0;      // keys the registry returned
    uint64_t lookup_cached = 0;  // answers from the cache, positive or negative
    FailureCounts lookup_failed; // not_found, bad_key, timeout, …
    uint64_t peers = 0;          // peers from the last valid list
    // The end of the last cycle in which both registration and list succeeded.
    std::optional<std::chrono::steady_clock::time_point> last_success;
};

}  // namespace pb::registry
