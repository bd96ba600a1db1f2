// tests/unit/http/test_metrics_writer.cpp — Prometheus text rendering of
// MetricsWriter: names, HELP/TYPE once per family, sorting, label and help
// escaping, number formats.
#include <gtest/gtest.h>

#include "controlplane/metrics.hpp"

namespace pb::cp {
namespace {

TEST(MetricsWriter, CounterGetsPrefixAndTotalSuffix) {
    MetricsWriter w;
    w.counter("relay_forwarded", "Relays forwarded", 7, {{"lcore", "1"}, {"tier", "local"}});
    EXPECT_EQ(w.render(),
              "# HELP pilot_beacon_relay_forwarded_total Relays forwarded\n"
              "# TYPE pilot_beacon_relay_forwarded_total counter\n"
              "pilot_beacon_relay_forwarded_total{lcore=\"1\",tier=\"local\"} 7\n");
}

TEST(MetricsWriter, FamiliesSortedHelpAndTypeOnce) {
    MetricsWriter w;
    w.gauge("nodes", "Nodes", 3, {{"table", "local"}});
    w.counter("arp_replied", "ARP", 1, {{"lcore", "2"}});
    w.gauge("nodes", "ignored: the first sample's help wins", 0, {{"table", "wss"}});
    EXPECT_EQ(w.render(),
              "# HELP pilot_beacon_arp_replied_total ARP\n"
              "# TYPE pilot_beacon_arp_replied_total counter\n"
              "pilot_beacon_arp_replied_total{lcore=\"2\"} 1\n"
              "# HELP pilot_beacon_nodes Nodes\n"
              "# TYPE pilot_beacon_nodes gauge\n"
              "pilot_beacon_nodes{table=\"local\"} 3\n"
              "pilot_beacon_nodes{table=\"wss\"} 0\n");
}

TEST(MetricsWriter, LabelValuesAreEscaped) {
    MetricsWriter w;
    w.gauge("x", "h", 1, {{"path", "C:\\dir \"quoted\"\nnext"}});
    EXPECT_EQ(w.samples().at(0).first, "pilot_beacon_x{path=\"C:\\\\dir \\\"quoted\\\"\\nnext\"}");
}

TEST(MetricsWriter, HelpIsEscapedButQuotesAreNot) {
    MetricsWriter w;
    w.gauge("x", "a \"b\" \\ c\nd", 1);
    EXPECT_EQ(w.render().substr(0, w.render().find('\n')), "# HELP pilot_beacon_x a \"b\" \\\\ c\\nd");
}

TEST(MetricsWriter, NumberFormats) {
    MetricsWriter w;
    w.gauge("a", "h", 0.25);
    w.gauge("b", "h", 1e20);
    w.gauge("c", "h", -3);
    w.counter("d", "h", 123456789012345);
    const std::string text = w.render();
    EXPECT_NE(text.find("pilot_beacon_a 0.25\n"), std::string::npos);
    EXPECT_NE(text.find("pilot_beacon_b 1e+20\n"), std::string::npos);
    EXPECT_NE(text.find("pilot_beacon_c -3\n"), std::string::npos);
    EXPECT_NE(text.find("pilot_beacon_d_total 123456789012345\n"), std::string::npos);
}

TEST(MetricsWriter, FamiliesKeepStructuredLabels) {
    MetricsWriter w;
    const Label labels[] = {{"lcore", "3"}, {"reason", "full"}};
    w.counter("drops", "h", 5, std::span<const Label>(labels));
    const MetricFamily& family = w.families().at("pilot_beacon_drops_total");
    ASSERT_EQ(family.series.size(), 1u);
    EXPECT_EQ(family.type, MetricType::Counter);
    EXPECT_EQ(family.series[0].labels.at(1), (std::pair<std::string, std::string>{"reason", "full"}));
    EXPECT_EQ(family.series[0].value, 5);
}

TEST(MetricsRegistry, RunsEveryCollector) {
    MetricsRegistry registry;
    registry.add([](MetricsWriter& w) { w.gauge("one", "h", 1); });
    registry.add([](MetricsWriter& w) { w.gauge("two", "h", 2); });
    EXPECT_EQ(registry.collect().samples().size(), 2u);
}

}  // namespace
}  // namespace pb::cp
