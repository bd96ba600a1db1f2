// tests/unit/http/test_status_report.cpp — the status view's figures: rates
// from counter deltas, the largest drop reasons, text and JSON renderings.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>

#include "controlplane/http/status_report.hpp"
#include "tests/unit/http/fake_dataplane_view.hpp"

namespace pb::cp {
namespace {

using namespace std::chrono_literals;

class StatusReportTest : public ::testing::Test {
protected:
    StatusReport report() {
        return make_status_report({"pilot-beacond 9.9", "serving", 3725, {true, "ready"}}, view, rates);
    }

    test::FakeDataplaneView view{{1, 2}};
    CounterRates rates{view};
    CounterRates::Clock::time_point t0 = CounterRates::Clock::now();
};

TEST_F(StatusReportTest, RatesFromDeltasOverTheInterval) {
    rates.sample(t0);
    view.worker_counters[0].rx_packets.add(100);
    view.worker_counters[1].rx_packets.add(300);
    view.worker_counters[0].relay_forwarded_local.add(20);
    view.worker_counters[1].relay_forwarded_peer.add(20);
    view.worker_counters[1].relay_not_found.add(6);
    view.worker_counters[0].udp_bad_checksum.add(8);
    view.frag[1].timeout.add(2);
    rates.sample(t0 + 2s);
    const StatusReport r = report();
    EXPECT_DOUBLE_EQ(r.rates.rx_packets, 200);
    EXPECT_DOUBLE_EQ(r.rates.relay_forwarded, 20);
    EXPECT_DOUBLE_EQ(r.rates.relay_not_found, 3);
    EXPECT_DOUBLE_EQ(r.rates.dropped, 5);
    ASSERT_EQ(r.workers.size(), 2u);
    EXPECT_EQ(r.workers[1].lcore, 2u);
    EXPECT_DOUBLE_EQ(r.workers[1].rx_per_s, 150);
}

TEST_F(StatusReportTest, TopDropsLargestFirstAtMostFive) {
    rates.sample(t0);
    uint64_t n = 1;
    view.worker_counters[0].l2_truncated.add(n++);
    view.worker_counters[0].l2_not_for_us.add(n++);
    view.worker_counters[1].ip_malformed.add(n++);
    view.worker_counters[1].udp_other_port.add(n++);
    view.worker_counters[0].relay_over_budget.add(n++);
    view.worker_counters[1].relay_over_budget.add(n++);
    view.worker_counters[0].arp_malformed.add(n++);
    view.worker_counters[0].discover_received.add(100);  // not a drop
    const StatusReport r = report();
    ASSERT_EQ(r.top_drops.size(), kTopDropReasons);
    EXPECT_EQ(r.top_drops[0].counter, "relay_dropped{reason=\"over_budget\"}");
    EXPECT_EQ(r.top_drops[0].total, 11u);
    EXPECT_EQ(r.top_drops[1].counter, "arp_dropped{reason=\"malformed\"}");
    EXPECT_EQ(r.top_drops[2].counter, "udp_dropped{reason=\"other_port\"}");
    EXPECT_EQ(r.top_drops[4].counter, "l2_dropped{reason=\"not_for_us\"}");
}

TEST_F(StatusReportTest, TextIsOneScreen) {
    rates.sample(t0);
    const std::string text = render_status_text(report());
    EXPECT_EQ(text.rfind("pilot-beacond 9.9: serving, up 0d 01:02:05, ready\n", 0), 0u) << text;
    EXPECT_NE(text.find("nodes    local 3 of 100, peer 1 of 100, wss 0 of 50\n"), std::string::npos) << text;
    EXPECT_NE(text.find("drops    none\n"), std::string::npos) << text;
    EXPECT_LT(std::count(text.begin(), text.end(), '\n'), 25);
}

TEST_F(StatusReportTest, JsonCarriesTheSameFigures) {
    rates.sample(t0);
    view.worker_counters[1].tx_packets.add(50);
    rates.sample(t0 + 1s);
    const auto json = boost::json::parse(render_status_json(report())).as_object();
    EXPECT_EQ(json.at("version").as_string(), "pilot-beacond 9.9");
    EXPECT_EQ(json.at("uptime_s").as_int64(), 3725);
    EXPECT_EQ(json.at("ready").as_bool(), true);
    EXPECT_EQ(json.at("port").at("driver").as_string(), "net_fake");
    EXPECT_EQ(json.at("rates_per_s").at("tx_packets").as_int64(), 50);
    EXPECT_EQ(json.at("workers").at(1).at("tx_per_s").as_int64(), 50);
    EXPECT_EQ(json.at("nodes").at("wss").at("capacity").as_int64(), 50);
}

}  // namespace
}  // namespace pb::cp
