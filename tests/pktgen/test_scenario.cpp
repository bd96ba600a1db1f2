// tests/pktgen/test_scenario.cpp — scenario loading: every key read into
// the model, the defaults, --set overrides, and every error with its key
// path; the shipped scenarios load.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "pktgen/scenario_load.hpp"

namespace pb::pktgen {
namespace {

constexpr const char* kMinimal = R"(
port: { device: "net_af_packet0,iface=x" }
beacon: { address: 10.0.0.1 }
daemons: { addresses: { first: 10.0.0.100 } }
)";

constexpr const char* kEveryKey = R"(
name: every-key
description: "all of them"
dpdk: { lcores: "0@0,1@1,2@1", hugepages: true, memory_mb: 1024, file_prefix: pk, extra_args: ["--log-level=7"] }
port: { device: "net_af_xdp0,iface=v", queues: 2, rx_desc: 512, tx_desc: 2048, mbufs: 8191, mtu: 9000 }
beacon: { address: "fd00::1", port: 9100, mac: "02:00:00:00:00:aa" }
daemons:
  count: 300
  addresses: { first: "fd00::100", count: 10 }
  ports: { first: 30000, count: 30 }
  node_ids: { first: 77, scattered: true }
  discover_ex: true
  keepalive_s: 5
  register_rate_pps: 1234
  register_timeout_s: 7
  min_registered_percent: 90
traffic:
  mix: { relay: 5, not_found: 4, discover: 3, punch: 2, hostile: 1 }
  relay: { payload_bytes: 4096, pairs: fixed, fixed: [[0, 1], [2, 3]] }
  discover: { fresh_ids: true }
  hostile: { variants: [bad_udp_checksum, orphan_fragment] }
  udp_checksum: false
  seed: 99
load:
  mode: closed
  rate_pps: 5000
  window: 64
  window_timeout_ms: 50
  duration_s: 2.5
  warmup_s: 0.5
  drain_ms: 250
  burst: 16
ramp:
  enabled: false
  min_pps: 500
  max_pps: 90000
  loss_threshold: 0.01
  trial_s: 1.5
  resolution: 0.05
  max_trials: 7
  followup_percent: 25
report: { interval_s: 0.5 }
)";

ScenarioLoad load(const std::string& yaml, std::vector<config::Override> overrides = {}) {
    return load_scenario_text(yaml, overrides);
}

config::Override set(std::string path, std::string value) {
    return {std::move(path), std::move(value), config::ValueKind::Yaml, "--set"};
}

// Every error's "path: message", for readable failures.
std::vector<std::string> error_texts(const ScenarioLoad& l) {
    std::vector<std::string> out;
    for (const auto& e : l.errors) out.push_back(e.to_string());
    return out;
}

// Every non-empty line of `expected` ("path: part of the message") is the
// start of one error's "path: message" text.
::testing::AssertionResult has_errors(const ScenarioLoad& l, std::string_view expected) {
    const std::vector<std::string> got = error_texts(l);
    std::vector<std::string> missing;
    for (std::size_t at = 0; at < expected.size();) {
        std::size_t end = expected.find('\n', at);
        if (end == std::string_view::npos) end = expected.size();
        const std::string line(expected.substr(at, end - at));
        at = end + 1;
        if (line.find_first_not_of(' ') == std::string::npos) continue;
        const std::string want = line.substr(line.find_first_not_of(' '));
        if (std::none_of(got.begin(), got.end(), [&](const std::string& e) { return e.starts_with(want); }))
            missing.push_back(want);
    }
    if (missing.empty()) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure() << "missing errors:";
    for (const auto& m : missing) failure << "\n  " << m;
    failure << "\nerrors found:";
    for (const auto& e : got) failure << "\n  " << e;
    return failure;
}

TEST(Scenario, EveryKeyIsRead) {
    const ScenarioLoad l = load(kEveryKey);
    ASSERT_TRUE(l.ok()) << ::testing::PrintToString(error_texts(l));
    const Scenario& s = l.scenario;
    EXPECT_EQ(s.name, "every-key");
    EXPECT_EQ(s.description, "all of them");
    EXPECT_EQ(s.eal.dpdk.lcores, "0@0,1@1,2@1");
    EXPECT_TRUE(s.eal.dpdk.hugepages);
    EXPECT_EQ(s.eal.dpdk.memory_mb, 1024u);
    EXPECT_EQ(s.eal.dpdk.file_prefix, "pk");
    EXPECT_EQ(s.eal.dpdk.extra_args, std::vector<std::string>{"--log-level=7"});
    EXPECT_EQ(s.eal.port.device, "net_af_xdp0,iface=v");
    EXPECT_EQ(s.eal.port.queues, 2);
    EXPECT_EQ(s.eal.port.rx_desc, 512);
    EXPECT_EQ(s.eal.port.tx_desc, 2048);
    EXPECT_EQ(s.eal.port.mbufs, 8191u);
    EXPECT_EQ(s.eal.port.mtu, 9000);
    EXPECT_EQ(s.beacon.address.to_string(), "fd00::1");
    EXPECT_EQ(s.beacon.port, 9100);
    EXPECT_EQ(s.beacon.mac, (Mac{2, 0, 0, 0, 0, 0xaa}));
    EXPECT_EQ(s.daemons.count, 300u);
    EXPECT_EQ(s.daemons.addresses.first.to_string(), "fd00::100");
    EXPECT_EQ(s.daemons.addresses.count, 10u);
    EXPECT_EQ(s.daemons.ports.first, 30000);
    EXPECT_EQ(s.daemons.ports.count, 30u);
    EXPECT_EQ(s.daemons.node_ids.first, 77u);
    EXPECT_TRUE(s.daemons.node_ids.scattered);
    EXPECT_TRUE(s.daemons.discover_ex);
    EXPECT_EQ(s.daemons.keepalive_s, 5u);
    EXPECT_EQ(s.daemons.register_rate_pps, 1234u);
    EXPECT_EQ(s.daemons.register_timeout_s, 7u);
    EXPECT_EQ(s.daemons.min_registered_percent, 90u);
    EXPECT_EQ(s.traffic.mix, (std::array<uint32_t, kKindCount>{5, 4, 3, 2, 1}));
    EXPECT_EQ(s.traffic.relay.payload_bytes, 4096u);
    EXPECT_EQ(s.traffic.relay.pairs, PairMode::Fixed);
    EXPECT_EQ(s.traffic.relay.fixed, (std::vector<std::pair<uint32_t, uint32_t>>{{0, 1}, {2, 3}}));
    EXPECT_TRUE(s.traffic.discover_fresh_ids);
    EXPECT_EQ(s.traffic.hostile,
              (std::vector<HostileVariant>{HostileVariant::BadUdpChecksum, HostileVariant::OrphanFragment}));
    EXPECT_FALSE(s.traffic.udp_checksum);
    EXPECT_EQ(s.traffic.seed, 99u);
    EXPECT_EQ(s.load.mode, LoopMode::Closed);
    EXPECT_EQ(s.load.rate_pps, 5000u);
    EXPECT_EQ(s.load.window, 64u);
    EXPECT_EQ(s.load.window_timeout_ms, 50u);
    EXPECT_DOUBLE_EQ(s.load.duration_s, 2.5);
    EXPECT_DOUBLE_EQ(s.load.warmup_s, 0.5);
    EXPECT_EQ(s.load.drain_ms, 250u);
    EXPECT_EQ(s.load.burst, 16);
    EXPECT_FALSE(s.ramp.enabled);
    EXPECT_EQ(s.ramp.min_pps, 500u);
    EXPECT_EQ(s.ramp.max_pps, 90000u);
    EXPECT_DOUBLE_EQ(s.ramp.loss_threshold, 0.01);
    EXPECT_DOUBLE_EQ(s.ramp.trial_s, 1.5);
    EXPECT_DOUBLE_EQ(s.ramp.resolution, 0.05);
    EXPECT_EQ(s.ramp.max_trials, 7u);
    EXPECT_EQ(s.ramp.followup_percent, 25u);
    EXPECT_DOUBLE_EQ(s.report_interval_s, 0.5);
    EXPECT_TRUE(s.ipv6());
    EXPECT_FALSE(s.needs_fragments());  // 4 KiB fits a 9000-byte MTU
}

TEST(Scenario, DefaultsOfAMinimalFile) {
    const ScenarioLoad l = load(kMinimal);
    ASSERT_TRUE(l.ok()) << ::testing::PrintToString(error_texts(l));
    const Scenario& s = l.scenario;
    EXPECT_EQ(s.beacon.port, 9001);
    EXPECT_FALSE(s.beacon.mac);
    EXPECT_EQ(s.daemons.count, 1024u);
    EXPECT_EQ(s.traffic.mix[std::size_t(Kind::Relay)], 100u);
    EXPECT_EQ(s.traffic.relay.payload_bytes, 64u);
    EXPECT_EQ(s.load.mode, LoopMode::Open);
    EXPECT_FALSE(s.ramp.enabled);
    EXPECT_EQ(s.eal.dpdk.file_prefix, config::DpdkConfig{}.file_prefix);
    EXPECT_FALSE(s.ipv6());
    EXPECT_FALSE(s.needs_fragments());
}

TEST(Scenario, OverridesApplyLikePilotBeacond) {
    const ScenarioLoad l = load(kMinimal, {set("load.rate_pps", "250000"), set("traffic.relay.payload_bytes", "4096"),
                                           set("port.device", "net_af_xdp0,iface=a,queue_count=1")});
    ASSERT_TRUE(l.ok()) << ::testing::PrintToString(error_texts(l));
    EXPECT_EQ(l.scenario.load.rate_pps, 250000u);
    EXPECT_EQ(l.scenario.eal.port.device, "net_af_xdp0,iface=a,queue_count=1");
    EXPECT_TRUE(l.scenario.needs_fragments());
}

TEST(Scenario, UnknownAndDuplicateKeysNameTheirPath) {
    EXPECT_TRUE(has_errors(load(std::string(kMinimal) + "load: { rate: 5, rate_pps: 1, rate_pps: 2 }\nextra: 1\n"), R"(
        load.rate: unknown key
        load.rate_pps: duplicate key
        extra: unknown key
    )"));
    EXPECT_TRUE(has_errors(load(kMinimal, {set("daemons.node_ids.step", "2"), set("port.colour", "red")}), R"(
        daemons.node_ids.step: unknown key (from --set)
        port.colour: unknown key (from --set)
    )"));
}

TEST(Scenario, WrongTypesAndRanges) {
    const ScenarioLoad l = load(kMinimal, {set("load.rate_pps", "fast"), set("load.burst", "0"),
                                           set("load.duration_s", "-1"), set("daemons.count", "[1]"),
                                           set("daemons.discover_ex", "maybe"), set("beacon.port", "70000"),
                                           set("ramp.loss_threshold", "x"), set("dpdk.memory_mb", "lots"),
                                           set("traffic.seed", "-4")});
    EXPECT_TRUE(has_errors(l, R"(
        load.rate_pps: expected an integer, got 'fast'
        load.burst: 0 is out of range 1..512
        load.duration_s: -1 is out of range 0.1..86400
        daemons.count: expected an integer, got a list
        daemons.discover_ex: expected true or false, got 'maybe'
        beacon.port: 70000 is out of range 1..65535
        ramp.loss_threshold: expected a number, got 'x'
        dpdk.memory_mb: expected an integer, got 'lots'
        traffic.seed: -4 is out of range
    )"));
    EXPECT_TRUE(has_errors(load(kMinimal, {set("traffic", "3")}), "traffic: expected a map, got '3'"));
}

TEST(Scenario, NamesAddressesAndMacs) {
    const ScenarioLoad l = load(kMinimal, {set("load.mode", "half-open"), set("traffic.relay.pairs", "best"),
                                           set("beacon.address", "10.0.0.300"), set("beacon.mac", "02:00:00"),
                                           set("traffic.hostile.variants", "[type_only, nonsense]")});
    EXPECT_TRUE(has_errors(l, R"(
        load.mode: 'half-open' is not one of open, closed
        traffic.relay.pairs: 'best' is not one of random, shuffled, ring, fixed
        beacon.address: '10.0.0.300' is not an IP address
        beacon.mac: '02:00:00' is not a MAC address
        traffic.hostile.variants[1]: 'nonsense' is not a hostile variant
    )"));
}

TEST(Scenario, RequiredKeys) {
    EXPECT_TRUE(has_errors(load("name: x\n"), R"(
        port.device: must be set
        beacon.address: must be set
        daemons.addresses.first: must be set
    )"));
}

TEST(Scenario, FixedPairs) {
    const auto fixed = [](const char* pairs) {
        return load(kMinimal, {set("traffic.relay.pairs", "fixed"), set("traffic.relay.fixed", pairs)});
    };
    EXPECT_TRUE(has_errors(load(kMinimal, {set("traffic.relay.pairs", "fixed")}),
                           "traffic.relay.fixed: pairs: fixed needs at least one"));
    EXPECT_TRUE(has_errors(load(kMinimal, {set("traffic.relay.fixed", "[[0, 1]]")}),
                           "traffic.relay.fixed: given, but traffic.relay.pairs is not 'fixed'"));
    EXPECT_TRUE(has_errors(fixed("[[0, 1], [2], 5, [1, 5000], [x, 1], [0, 2]]"), R"(
        traffic.relay.fixed[1]: expected [sender, dest]
        traffic.relay.fixed[2]: expected [sender, dest] (two daemon indexes), got '5'
        traffic.relay.fixed[3][1]: 5000 is out of range 0..1023
        traffic.relay.fixed[4][0]: expected an integer, got 'x'
        traffic.relay.fixed[5]: sender 0 appears twice
    )"));
}

TEST(Scenario, ChecksAcrossKeys) {
    EXPECT_TRUE(has_errors(load(kMinimal, {set("daemons.count", "3000"), set("daemons.addresses.count", "2"),
                                           set("traffic.mix", "{relay: 0}"), set("ramp.enabled", "true"),
                                           set("load.mode", "closed"), set("port.ipv4.address", "10.0.0.2/24"),
                                           set("port.vlan", "5")}),
                           R"(
        daemons.count: 3000 daemons need more address:port pairs than addresses.count × ports.count = 2048
        traffic.mix: every weight is 0
        ramp.enabled: the rate search needs load.mode: open
        port: ipv4/ipv6 are not used by pilot-pktgen
        port.vlan: VLAN tags are not supported
    )"));
    const auto one = [](const char* key, const char* value) { return load(kMinimal, {set(key, value)}); };
    EXPECT_TRUE(has_errors(one("daemons.addresses.first", "fd00::5"),
                           "daemons.addresses.first: is IPv6, the beacon's address is not: one family per scenario"));
    EXPECT_TRUE(has_errors(one("daemons.ports.first", "65500"), "daemons.ports.count: the range runs past port 65535"));
    EXPECT_TRUE(has_errors(one("daemons.node_ids.first", "4294967000"), "daemons.node_ids.first: first + count"));
    EXPECT_TRUE(has_errors(one("daemons.count", "1"), "daemons.count: relays and punches need at least 2 daemons"));
    EXPECT_TRUE(has_errors(load(kMinimal, {set("daemons.addresses.first", "255.255.255.250"),
                                           set("daemons.addresses.count", "16")}),
                           "daemons.addresses.count: the range runs past"));
    EXPECT_TRUE(has_errors(load(kMinimal, {set("ramp.enabled", "true"), set("ramp.min_pps", "500"),
                                           set("ramp.max_pps", "400")}),
                           "ramp.max_pps: must be above ramp.min_pps"));
}

TEST(Scenario, SyntaxAndFileErrors) {
    const ScenarioLoad syntax = load_scenario_text("beacon: [unclosed\n", {}, "s.yaml");
    ASSERT_FALSE(syntax.ok());
    EXPECT_NE(syntax.errors[0].message.find("s.yaml:"), std::string::npos);
    EXPECT_NE(syntax.errors[0].message.find("YAML syntax error"), std::string::npos);
    const ScenarioLoad missing = load_scenario_file("/nonexistent/s.yaml");
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.errors[0].message.find("cannot read"), std::string::npos);
    EXPECT_TRUE(has_errors(load("- 1\n- 2\n"), "expected a map, got a list"));
}

TEST(Scenario, TheShippedScenariosLoad) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(PKTGEN_SCENARIO_DIR)) {
        if (entry.path().extension() != ".yaml") continue;
        const ScenarioLoad l = load_scenario_file(entry.path().string());
        EXPECT_TRUE(l.ok()) << entry.path() << ": " << ::testing::PrintToString(error_texts(l));
        EXPECT_EQ(l.scenario.name, entry.path().stem().string());
        names.push_back(l.scenario.name);
    }
    std::sort(names.begin(), names.end());
    for (const char* wanted : {"discover-storm", "hostile-mix", "not-found", "punch-storm", "relay-1400B",
                               "relay-4KiB-fragmented", "relay-64B"})
        EXPECT_TRUE(std::binary_search(names.begin(), names.end(), std::string(wanted))) << wanted;
}

}  // namespace
}  // namespace pb::pktgen
