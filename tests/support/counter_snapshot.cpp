// tests/support/counter_snapshot.cpp — reads WorkerCounters through the
// X-macro list of dataplane/counters.hpp, so new counters appear here without
// changes.
#include "tests/support/counter_snapshot.hpp"

#include <set>
#include <stdexcept>

namespace pb::test {

namespace {
const std::set<std::string, std::less<>> kTrafficTotals{"rx_packets", "rx_bytes", "tx_packets", "tx_bytes"};
}  // namespace

CounterSnapshot::CounterSnapshot(const dp::WorkerCounters& counters) {
#define PB_TEST_READ_COUNTER(field, ...) values_[#field] = counters.field.read();
    PB_WORKER_COUNTERS(PB_TEST_READ_COUNTER)
#undef PB_TEST_READ_COUNTER
}

CounterSnapshot& CounterSnapshot::operator+=(const CounterSnapshot& other) {
    for (const auto& [name, value] : other.values_) values_[name] += value;
    return *this;
}

uint64_t CounterSnapshot::operator[](std::string_view name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) throw std::out_of_range("no worker counter named " + std::string(name));
    return it->second;
}

Outcomes CounterSnapshot::outcomes() const { return outcomes_since(CounterSnapshot{}); }

Outcomes CounterSnapshot::outcomes_since(const CounterSnapshot& before) const {
    Outcomes changed;
    for (const auto& [name, value] : values_) {
        const auto it = before.values_.find(name);
        const uint64_t previous = it == before.values_.end() ? 0 : it->second;
        if (value != previous && !kTrafficTotals.contains(name)) changed[name] = value - previous;
    }
    return changed;
}

}  // namespace pb::test
