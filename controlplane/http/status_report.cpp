// controlplane/http/status_report.cpp — assembling the status view's figures.
#include "controlplane/http/status_report.hpp"

#include <algorithm>

namespace pb::cp {

namespace {

constexpr std::size_t kRxPackets = counter_index("rx_packets");
constexpr std::size_t kTxPackets = counter_index("tx_packets");
static_assert(kRxPackets < kWorkerCounterCount && kTxPackets < kWorkerCounterCount);

template <class Values, class Select>
double sum_where(const Values& values, Select select) {
    double sum = 0;
    for (std::size_t i = 0; i < kWorkerCounterCount; ++i)
        if (select(kWorkerCounters[i])) sum += double(values[i]);
    return sum;
}

auto family_is(std::string_view family) {
    return [family](const CounterInfo& info) { return info.family == family; };
}

std::string counter_name(const CounterInfo& info) {
    std::string name(info.family);
    if (!info.label_key.empty())
        name += "{" + std::string(info.label_key) + "=\"" + std::string(info.label_value) + "\"}";
    return name;
}

std::vector<DropStatus> top_drops(const DataplaneView& view, const RateValues& rates) {
    CounterValues totals{};
    for (unsigned w = 0; w < view.worker_count(); ++w) {
        const CounterValues values = read_counters(view, w);
        for (std::size_t i = 0; i < kWorkerCounterCount; ++i) totals[i] += values[i];
    }
    std::vector<DropStatus> drops;
    for (std::size_t i = 0; i < kWorkerCounterCount; ++i)
        if (kWorkerCounters[i].is_drop() && totals[i] > 0)
            drops.push_back({counter_name(kWorkerCounters[i]), totals[i], rates[i]});
    std::sort(drops.begin(), drops.end(), [](const auto& a, const auto& b) { return a.total > b.total; });
    if (drops.size() > kTopDropReasons) drops.resize(kTopDropReasons);
    return drops;
}

}  // namespace

StatusReport make_status_report(StatusHeader header, const DataplaneView& view, const CounterRates& rates) {
    StatusReport report{std::move(header), view.port(), view.pool(), view.nodes(), {}, {}, {}};
    for (unsigned w = 0; w < view.worker_count(); ++w) {
        const RateValues& r = rates.worker_rates(w);
        report.workers.push_back({view.lcore(w), view.queues_of(w), r[kRxPackets], r[kTxPackets]});
    }
    const RateValues total = rates.total_rates();
    report.rates = {total[kRxPackets], total[kTxPackets], sum_where(total, family_is("relay_forwarded")),
                    sum_where(total, family_is("relay_not_found")),
                    sum_where(total, [](const CounterInfo& info) { return info.is_drop(); })};
    report.top_drops = top_drops(view, total);
    return report;
}

}  // namespace pb::cp
