// pktgen/stats.cpp — snapshots and sums of the counter list.
#include "pktgen/stats.hpp"

#include <algorithm>

namespace pb::pktgen {

CounterSnapshot& CounterSnapshot::operator+=(const CounterSnapshot& o) {
#define PKTGEN_ADD(name, help) name += o.name;
    PKTGEN_COUNTERS(PKTGEN_ADD)
#undef PKTGEN_ADD
    for (std::size_t v = 0; v < kHostileVariantCount; ++v) sent_hostile_variant[v] += o.sent_hostile_variant[v];
    return *this;
}

CounterSnapshot CounterSnapshot::operator-(const CounterSnapshot& o) const {
    CounterSnapshot d;
#define PKTGEN_SUB(name, help) d.name = name >= o.name ? name - o.name : 0;
    PKTGEN_COUNTERS(PKTGEN_SUB)
#undef PKTGEN_SUB
    for (std::size_t v = 0; v < kHostileVariantCount; ++v)
        d.sent_hostile_variant[v] = sent_hostile_variant[v] - std::min(sent_hostile_variant[v], o.sent_hostile_variant[v]);
    return d;
}

CounterSnapshot WorkerCounters::snapshot() const {
    CounterSnapshot s;
#define PKTGEN_READ(name, help) s.name = name.get();
    PKTGEN_COUNTERS(PKTGEN_READ)
#undef PKTGEN_READ
    for (std::size_t v = 0; v < kHostileVariantCount; ++v) s.sent_hostile_variant[v] = sent_hostile_variant[v].get();
    return s;
}

void WorkerCounters::reset() {
#define PKTGEN_RESET(name, help) name.reset();
    PKTGEN_COUNTERS(PKTGEN_RESET)
#undef PKTGEN_RESET
    for (Counter& c : sent_hostile_variant) c.reset();
}

}  // namespace pb::pktgen
