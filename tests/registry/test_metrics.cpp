// tests/registry/test_metrics.cpp — the registry series as /metrics shows
// them.
#include <gtest/gtest.h>

#include <map>

#include "controlplane/registry/registry_metrics.hpp"

namespace pb::registry {
namespace {

using namespace std::chrono_literals;

std::map<std::string, double> samples_of(const RegistryStats& stats, std::chrono::steady_clock::time_point now) {
    cp::MetricsWriter out;
    write_registry_metrics(stats, out, now);
    std::map<std::string, double> samples;
    for (const auto& [name, value] : out.samples()) samples[name] = value;
    return samples;
}

TEST(RegistryMetrics, WritesCountersByReasonAndGauges) {
    RegistryStats stats;
    stats.register_ok = 3;
    stats.register_failed.add(Failure::Timeout);
    stats.list_ok = 2;
    stats.list_failed.add(Failure::BadReply);
    stats.lookup_ok = 5;
    stats.lookup_cached = 4;
    stats.lookup_failed.add(Failure::NotFound);
    stats.peers = 6;
    const auto now = std::chrono::steady_clock::now();
    stats.last_success = now - 12s;

    const auto samples = samples_of(stats, now);
    EXPECT_EQ(samples.at("pilot_beacon_registry_register_ok_total"), 3);
    EXPECT_EQ(samples.at("pilot_beacon_registry_register_failed_total{reason=\"timeout\"}"), 1);
    EXPECT_EQ(samples.at("pilot_beacon_registry_register_failed_total{reason=\"connect\"}"), 0);
    EXPECT_EQ(samples.at("pilot_beacon_registry_list_ok_total"), 2);
    EXPECT_EQ(samples.at("pilot_beacon_registry_list_failed_total{reason=\"bad_reply\"}"), 1);
    EXPECT_EQ(samples.at("pilot_beacon_registry_lookup_ok_total"), 5);
    EXPECT_EQ(samples.at("pilot_beacon_registry_lookup_cached_total"), 4);
    EXPECT_EQ(samples.at("pilot_beacon_registry_lookup_failed_total{reason=\"not_found\"}"), 1);
    EXPECT_EQ(samples.at("pilot_beacon_registry_peers"), 6);
    EXPECT_DOUBLE_EQ(samples.at("pilot_beacon_registry_last_success_age_seconds"), 12.0);
    EXPECT_EQ(samples.count("pilot_beacon_registry_register_failed_total{reason=\"none\"}"), 0u);
}

TEST(RegistryMetrics, AgeIsMinusOneBeforeTheFirstSuccess) {
    EXPECT_EQ(samples_of(RegistryStats{}, std::chrono::steady_clock::now())
                  .at("pilot_beacon_registry_last_success_age_seconds"),
              -1);
}

}  // namespace
}  // namespace pb::registry
