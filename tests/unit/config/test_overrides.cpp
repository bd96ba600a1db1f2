// tests/unit/config/test_overrides.cpp — --set key.path=value: split at the
// first '=', YAML values, created maps, paths through scalars, and errors
// reported like the file's with the option named.
#include <gtest/gtest.h>

#include "tests/unit/config/config_test_util.hpp"

namespace pb::config::test {
namespace {

TEST(ConfigSet, SplitsAtTheFirstEquals) {
    auto r = load_with(kMinimal, {"--set", "port.device=net_tap0,iface=pbtap0"});
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.port.device, "net_tap0,iface=pbtap0");
}

TEST(ConfigSet, ValueIsYaml) {
    auto r = load_with(kMinimal, {"--set", "beacon.peers=[10.0.0.2:9001, 10.0.0.3:9001]", "--set",
                                  "dpdk.hugepages=true", "--set", "beacon.max_nodes=42", "--set",
                                  "control.wss={bind: ':8443', max_peers: 7}"});
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.beacon.peers, (std::vector<std::string>{"10.0.0.2:9001", "10.0.0.3:9001"}));
    EXPECT_TRUE(r.config.dpdk.hugepages);
    EXPECT_EQ(r.config.beacon.max_nodes, 42u);
    EXPECT_EQ(r.config.control.wss.bind, ":8443");
    EXPECT_EQ(r.config.control.wss.max_peers, 7u);
}

TEST(ConfigSet, EmptyValueClearsAString) {
    auto r = load_with(kMinimal, {"--set", "control.health="});
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.control.health, "");
}

TEST(ConfigSet, CreatesMissingMaps) {
    auto r = load_with("", {"--set", "port.device=net_ring0", "--set", "port.ipv6.address=fd00::1/64", "--set",
                            "dataplane.idle_backoff.enabled=true"});
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.port.ipv6.address, net::IpPrefix::parse("fd00::1/64"));
    EXPECT_TRUE(r.config.dataplane.idle_backoff.enabled);
}

TEST(ConfigSet, LaterSetWins) {
    auto r = load_with(kMinimal, {"--set", "beacon.port=1000", "--set=beacon.port=2000"});
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.beacon.port, 2000);
}

TEST(ConfigSet, PathThroughAScalarIsAnErrorNamingThePath) {
    auto r = load_with(std::string(kMinimal) + "beacon: {port: 9001, peers: []}\n",
                       {"--set", "beacon.port.x=1", "--set", "beacon.peers.first=a:1"});
    ASSERT_EQ(r.errors.size(), 2u) << render_errors(r.errors, "");
    EXPECT_TRUE(has_error(r.errors, "beacon.port.x: cannot set: beacon.port is a scalar, not a map (from --set)"));
    EXPECT_TRUE(
        has_error(r.errors, "beacon.peers.first: cannot set: beacon.peers is a list, not a map (from --set)"));
    EXPECT_EQ(r.config.beacon.port, 9001);  // the file's value stands
}

TEST(ConfigSet, ValueErrorsAreReportedLikeTheFilesWithTheOption) {
    auto r = load_with(kMinimal, {"--set", "beacon.port=99999", "--set", "beacon.bogus=1", "--set",
                                  "port.ipv4.gateway=10.1.1.1", "--set", "beacon.peers=[a:1, nope]"});
    EXPECT_EQ(r.errors.size(), 4u) << render_errors(r.errors, "");
    EXPECT_TRUE(has_error(r.errors, "beacon.port: 99999 is out of range 1..65535 (from --set)"));
    EXPECT_TRUE(has_error(r.errors, "beacon.bogus: unknown key (from --set)"));
    EXPECT_TRUE(has_error(r.errors, "port.ipv4.gateway: 10.1.1.1 is outside port.ipv4.address 10.0.0.1/24 (from --set)"));
    EXPECT_TRUE(has_error(r.errors, "beacon.peers[1]: 'nope' is not HOST:PORT (or [IPv6]:PORT) (from --set)"));
}

TEST(ConfigSet, ErrorsInTheFileAreNotBlamedOnTheCommandLine) {
    auto r = load_with(std::string(kMinimal) + "beacon: {port: 0}\n", {"--set", "beacon.max_nodes=5"});
    EXPECT_TRUE(has_error(r.errors, "beacon.port: 0 is out of range 1..65535"));
}

TEST(ConfigSet, ASetSectionReplacesItAndTakesTheBlame) {
    auto r = load_with(std::string(kMinimal) + "log: {level: debug}\n", {"--set", "log={format: yaml}"});
    ASSERT_EQ(r.errors.size(), 1u) << render_errors(r.errors, "");
    EXPECT_EQ(r.errors[0].to_string(), "log.format: 'yaml' is not one of text, json (from --set)");
    EXPECT_EQ(r.config.log.level, LogLevel::Info);
}

TEST(ConfigSet, MalformedSetsAreErrors) {
    auto r = load_with(kMinimal, {"--set", "beacon.peers=[a:1,", "--set", "beacon..port=1"});
    ASSERT_EQ(r.errors.size(), 2u) << render_errors(r.errors, "");
    EXPECT_EQ(r.errors[0].path, "beacon.peers");
    EXPECT_NE(r.errors[0].message.find("is not valid YAML"), std::string::npos) << r.errors[0].message;
    EXPECT_TRUE(has_error(r.errors, "beacon..port: invalid key path (from --set)"));

    auto parsed = parse({"--set", "beacon.port", "--set", "=1"});
    ASSERT_EQ(parsed.errors.size(), 2u);
    EXPECT_EQ(parsed.errors[0].to_string(), "invalid value 'beacon.port' for --set: expected KEY.PATH=VALUE");
}

}  // namespace
}  // namespace pb::config::test
