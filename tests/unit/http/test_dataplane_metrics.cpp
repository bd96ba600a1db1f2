// tests/unit/http/test_dataplane_metrics.cpp — the beacon's own /metrics
// families from a fake dataplane: one series per worker and counter with
// the worker's lcore id, no summed series, NIC figures per queue or for the
// port, every family with help text and a row in docs/operations.md.
#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>

#include "controlplane/dataplane_metrics.hpp"
#include "controlplane/http/counter_catalogue.hpp"
#include "tests/unit/http/fake_dataplane_view.hpp"

namespace pb::cp {
namespace {

using test::FakeDataplaneView;

double sample(const MetricsWriter& w, const std::string& series) {
    for (const auto& [name, value] : w.samples())
        if (name == series) return value;
    ADD_FAILURE() << "no series " << series;
    return -1;
}

MetricsWriter collect(const FakeDataplaneView& view) {
    MetricsWriter w;
    write_dataplane_metrics(w, view);
    return w;
}

void expect_samples(const MetricsWriter& w, std::initializer_list<std::pair<std::string, double>> expected) {
    for (const auto& [series, value] : expected) EXPECT_EQ(sample(w, series), value) << series;
}

TEST(DataplaneMetrics, EveryCounterPerWorkerWithItsLcore) {
    FakeDataplaneView view({3, 7});
    view.worker_counters[0].relay_forwarded_local.add(5);
    view.worker_counters[1].relay_forwarded_local.add(2);
    view.worker_counters[1].rx_packets.add(9);
    view.frag[0].timeout.add(4);
    const MetricsWriter w = collect(view);
    expect_samples(w, {{"pilot_beacon_relay_forwarded_total{lcore=\"3\",tier=\"local\"}", 5},
                       {"pilot_beacon_relay_forwarded_total{lcore=\"7\",tier=\"local\"}", 2},
                       {"pilot_beacon_rx_packets_total{lcore=\"7\"}", 9},
                       {"pilot_beacon_frag_datagram_dropped_total{lcore=\"3\",reason=\"timeout\"}", 4}});
    for (const CounterInfo& c : kWorkerCounters) {
        const auto& family = w.families().at("pilot_beacon_" + std::string(c.family) + "_total");
        std::size_t series_of_this_counter = 0;
        for (const MetricSeries& s : family.series) {
            ASSERT_FALSE(s.labels.empty());
            EXPECT_EQ(s.labels[0].first, "lcore") << c.family << ": a per-worker series without lcore (a sum?)";
            if (c.label_key.empty() || (s.labels.size() == 2 && s.labels[1].second == c.label_value))
                ++series_of_this_counter;
        }
        EXPECT_EQ(series_of_this_counter, 2u) << c.field;
    }
}

TEST(DataplaneMetrics, HeartbeatAndHotLogDropsPerWorker) {
    FakeDataplaneView view({1});
    view.beat();
    view.beat();
    view.hot_log_drops[0] = 6;
    expect_samples(collect(view), {{"pilot_beacon_worker_polls_total{lcore=\"1\"}", 2},
                                   {"pilot_beacon_hot_log_dropped_total{lcore=\"1\"}", 6}});
}

TEST(DataplaneMetrics, NodesPortAndPool) {
    FakeDataplaneView view({1});
    view.port_figures.link_up = false;
    expect_samples(collect(view), {{"pilot_beacon_nodes{table=\"local\"}", 3},
                                   {"pilot_beacon_node_table_capacity{table=\"wss\"}", 50},
                                   {"pilot_beacon_port_link_up", 0},
                                   {"pilot_beacon_mbufs{state=\"in_use\"}", 10},
                                   {"pilot_beacon_mbufs{state=\"available\"}", 1013}});
}

TEST(DataplaneMetrics, NicPerQueueWhenTheDriverKeepsThem) {
    FakeDataplaneView view({1});
    view.nic_figures.valid = true;
    view.nic_figures.total = {30, 20, 3000, 2000};
    view.nic_figures.queues = {{10, 5, 1000, 500}, {20, 15, 2000, 1500}};
    view.nic_figures.rx_missed = 4;
    view.nic_figures.kernel_rx_packets = 37;
    const MetricsWriter w = collect(view);
    expect_samples(w, {{"pilot_beacon_nic_rx_packets_total{queue=\"1\"}", 20},
                       {"pilot_beacon_nic_tx_bytes_total{queue=\"0\"}", 500},
                       {"pilot_beacon_nic_rx_missed_total", 4},
                       {"pilot_beacon_kernel_iface_rx_packets_total", 37}});
    EXPECT_EQ(w.families().at("pilot_beacon_nic_rx_packets_total").series.size(), 2u)
        << "no port total beside the queues";
}

TEST(DataplaneMetrics, NicPortTotalsOtherwise) {
    FakeDataplaneView view({1});
    view.nic_figures.valid = true;
    view.nic_figures.total = {30, 20, 3000, 2000};
    expect_samples(collect(view), {{"pilot_beacon_nic_rx_packets_total{queue=\"all\"}", 30}});
    EXPECT_EQ(collect(view).families().count("pilot_beacon_kernel_iface_rx_packets_total"), 0u)
        << "only ports on a kernel interface have one";
    view.nic_figures.valid = false;
    EXPECT_EQ(collect(view).families().count("pilot_beacon_nic_rx_packets_total"), 0u);
}

TEST(DataplaneMetrics, PhaseIsAStateSet) {
    MetricsWriter w;
    write_process_metrics(w, Phase::Draining);
    EXPECT_EQ(sample(w, "pilot_beacon_phase{phase=\"draining\"}"), 1);
    EXPECT_EQ(sample(w, "pilot_beacon_phase{phase=\"serving\"}"), 0);
    EXPECT_GE(sample(w, "pilot_beacon_uptime_seconds"), 0);
}

TEST(DataplaneMetrics, EveryWorkerFamilyHasItsOwnHelp) {
    const std::string_view generic = worker_family_help("no such family");
    for (const CounterInfo& c : kWorkerCounters)
        EXPECT_NE(worker_family_help(c.family), generic) << c.family << ": add its help to dataplane_metrics.cpp";
}

// docs/operations.md has a row per family: `pilot_beacon_<name>` in backticks.
TEST(DataplaneMetrics, EveryFamilyIsDocumented) {
    std::ifstream file(std::string(PB_SOURCE_DIR) + "/docs/operations.md");
    ASSERT_TRUE(file) << "docs/operations.md not found";
    std::stringstream text;
    text << file.rdbuf();
    FakeDataplaneView view({1});
    view.nic_figures.valid = true;
    MetricsWriter w = collect(view);
    write_process_metrics(w, Phase::Serving);
    for (const auto& [name, family] : w.families())
        EXPECT_NE(text.str().find("`" + name + "`"), std::string::npos) << name << " is missing in docs/operations.md";
}

}  // namespace
}  // namespace pb::cp
