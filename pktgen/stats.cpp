// pktgen/stats.cpp — snapshots and sums of the counter list.
#include "pktgen/stats.hpp"

namespace pb::pktgen {

CounterSnapshot& CounterSnapshot::operator+=(const CounterSnapshot& o) {
#define PKTGEN_ADD(name, help) name += o.name;
    PKTGEN_COUNTERS(PKTGEN_ADD)
#undef PKTGEN_ADD
    return *this;
}

CounterSnapshot CounterSnapshot::operator-(const CounterSnapshot& o) const {
    CounterSnapshot d;
#define PKTGEN_SUB(name, help) d.name = name >= o.name ? name - o.name : 0;
    PKTGEN_COUNTERS(PKTGEN_SUB)
#undef PKTGEN_SUB
    return d;
}

CounterSnapshot WorkerCounters::snapshot() const {
    CounterSnapshot s;
#define PKTGEN_READ(name, help) s.name = name.get();
    PKTGEN_COUNTERS(PKTGEN_READ)
#undef PKTGEN_READ
    return s;
}

void WorkerCounters::reset() {
#define PKTGEN_RESET(name, help) name.reset();
    PKTGEN_COUNTERS(PKTGEN_RESET)
#undef PKTGEN_RESET
}

}  // namespace pb::pktgen
