// tests/support/counter_snapshot.hpp — worker counters by name, as plain
// numbers: one worker's or the sum over several, and the outcome counters
// that moved (everything except the rx/tx packet and byte totals), so that a
// test can assert "exactly this counter, once, and nothing else":
//
//   EXPECT_EQ(dataplane.counter_totals().outcomes(), (Outcomes{{"ip_bad_checksum", 1}}));
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "dataplane/counters.hpp"

namespace pb::test {

using Outcomes = std::map<std::string, uint64_t>;

class CounterSnapshot {
public:
    CounterSnapshot() = default;
    explicit CounterSnapshot(const dp::WorkerCounters& counters);

    CounterSnapshot& operator+=(const CounterSnapshot& other);

    // The value of the counter field `name`; throws std::out_of_range for an unknown name.
    uint64_t operator[](std::string_view name) const;
    const std::map<std::string, uint64_t, std::less<>>& values() const { return values_; }

    // Non-zero counters other than rx/tx packet and byte totals.
    Outcomes outcomes() const;
    // The same for what changed since `before`.
    Outcomes outcomes_since(const CounterSnapshot& before) const;

private:
    std::map<std::string, uint64_t, std::less<>> values_;
};

}  // namespace pb::test
