// controlplane/http/counter_rates.cpp — counter deltas per second.
#include "controlplane/http/counter_rates.hpp"

namespace pb::cp {

CounterRates::CounterRates(const DataplaneView& view)
    : view_(view), previous_(view.worker_count()), rates_(view.worker_count()) {}

void CounterRates::sample(Clock::time_point now) {
    const double seconds = std::chrono::duration<double>(now - previous_time_).count();
    for (unsigned w = 0; w < previous_.size(); ++w) {
        const CounterValues current = read_counters(view_, w);
        if (sampled_ && seconds > 0)
            for (std::size_t i = 0; i < kWorkerCounterCount; ++i)
                rates_[w][i] = double(current[i] - previous_[w][i]) / seconds;
        previous_[w] = current;
    }
    previous_time_ = now;
    sampled_ = true;
}

RateValues CounterRates::total_rates() const {
    RateValues total{};
    for (const RateValues& worker : rates_)
        for (std::size_t i = 0; i < kWorkerCounterCount; ++i) total[i] += worker[i];
    return total;
}

}  // namespace pb::cp
