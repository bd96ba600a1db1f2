// controlplane/http/counter_rates.hpp — per-second rates of every worker
// counter, from the deltas between two samples (the status view's timer
// takes one each second).
#pragma once

#include <array>
#include <chrono>
#include <vector>

#include "controlplane/http/counter_catalogue.hpp"
#include "controlplane/http/dataplane_view.hpp"

namespace pb::cp {

using RateValues = std::array<double, kWorkerCounterCount>;

class CounterRates {
public:
    using Clock = std::chrono::steady_clock;

    explicit CounterRates(const DataplaneView& view);

    // Reads every worker's counters; the rates become the deltas since the
    // previous sample divided by the time between them.
    void sample(Clock::time_point now);

    // Per worker (kWorkerCounters' order); zero until two samples exist.
    const RateValues& worker_rates(unsigned worker) const { return rates_.at(worker); }
    // Summed over the workers.
    RateValues total_rates() const;

private:
    const DataplaneView& view_;
    std::vector<CounterValues> previous_;
    std::vector<RateValues> rates_;
    Clock::time_point previous_time_{};
    bool sampled_ = false;
};

}  // namespace pb::cp
