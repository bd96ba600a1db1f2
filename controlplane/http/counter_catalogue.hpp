// controlplane/http/counter_catalogue.hpp — every per-worker counter as data:
// the rows of dataplane/counters.hpp (PB_WORKER_COUNTERS) and of
// dataplane/frag/frag_counters.hpp (PB_FRAG_COUNTERS), each with its metric
// family and optional label, and their values read into one plain array, so
// that metrics, rates, the status view and telemetry walk one list.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "dataplane/counters.hpp"
#include "dataplane/frag/frag_counters.hpp"

namespace pb::cp {

struct CounterInfo {
    std::string_view field;      // WorkerCounters / FragCounters member
    std::string_view family;     // pilot_beacon_<family>_total
    std::string_view label_key;  // "" when the family has one series per worker
    std::string_view label_value;

    // Outcome counters whose family ends in _dropped count frames lost.
    constexpr bool is_drop() const { return family.ends_with("_dropped"); }
};

#define PB_WORKER_COUNTER_INFO(field, family, label_key, label_value) \
    CounterInfo{#field, family, label_key, label_value},
#define PB_FRAG_COUNTER_INFO(field, family, reason) \
    CounterInfo{"frag." #field, family, *reason ? "reason" : "", reason},
inline constexpr CounterInfo kWorkerCounters[] = {PB_WORKER_COUNTERS(PB_WORKER_COUNTER_INFO)
                                                      PB_FRAG_COUNTERS(PB_FRAG_COUNTER_INFO)};
#undef PB_FRAG_COUNTER_INFO
#undef PB_WORKER_COUNTER_INFO

inline constexpr std::size_t kWorkerCounterCount = std::size(kWorkerCounters);

// Values in kWorkerCounters' order.
using CounterValues = std::array<uint64_t, kWorkerCounterCount>;

inline CounterValues read_counters(const dp::WorkerCounters& worker, const dp::frag::FragCounters& frag) {
    CounterValues values{};
    std::size_t i = 0;
#define PB_READ_WORKER_COUNTER(field, ...) values[i++] = worker.field.read();
#define PB_READ_FRAG_COUNTER(field, ...) values[i++] = frag.field.read();
    PB_WORKER_COUNTERS(PB_READ_WORKER_COUNTER)
    PB_FRAG_COUNTERS(PB_READ_FRAG_COUNTER)
#undef PB_READ_FRAG_COUNTER
#undef PB_READ_WORKER_COUNTER
    return values;
}

// Index of a counter by its field name ("rx_packets", "frag.timeout");
// kWorkerCounterCount when there is none.
constexpr std::size_t counter_index(std::string_view field) {
    for (std::size_t i = 0; i < kWorkerCounterCount; ++i)
        if (kWorkerCounters[i].field == field) return i;
    return kWorkerCounterCount;
}

}  // namespace pb::cp
