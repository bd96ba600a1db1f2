// tests/unit/config/test_decode.cpp — YAML file -> Config: defaults, every
// class of error (unknown key, wrong type, out of range, invalid value,
// missing key, syntax, unreadable file), and all errors reported at once.
#include <gtest/gtest.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "tests/unit/config/config_test_util.hpp"

namespace pb::config::test {
namespace {

constexpr const char* kDeviceMissing =
    "port.device: missing required key (a DPDK vdev such as \"net_tap0,iface=pb0\" or a PCI address such as "
    "\"0000:01:00.0\")";

TEST(ConfigDefaults, EmptyFileKeepsDefaultsAndAsksForTheRequiredKeys) {
    auto r = load_yaml_text("");
    EXPECT_EQ(r.config, Config{});
    ASSERT_EQ(r.errors.size(), 2u) << render_errors(r.errors, "");
    EXPECT_TRUE(has_error(r.errors, kDeviceMissing));
    EXPECT_TRUE(has_error(r.errors, "port: missing required key: port.ipv4.address, port.ipv6.address or both"));
}

TEST(ConfigDefaults, MinimalFileLoadsWithEveryOtherKeyAtItsDefault) {
    auto r = load_yaml_text(kMinimal);
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config, minimal_config());
    EXPECT_EQ(r.config.beacon.port, 9001);
    EXPECT_EQ(r.config.control.health, "127.0.0.1:8080");
    EXPECT_EQ(r.config.log.level, LogLevel::Info);
}

TEST(ConfigDefaults, EmptyValuesMeanDefaultSectionsEmptyStringsAndEmptyLists) {
    auto r = load_yaml_text(std::string(kMinimal) +
                            "dpdk:\n"
                            "control: {health: , registry: ''}\n"
                            "beacon: {peers: , punch_whitelist: []}\n");
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.control.health, "");
    EXPECT_TRUE(r.config.beacon.peers.empty());
    EXPECT_EQ(r.config.dpdk, DpdkConfig{});
}

TEST(ConfigDecode, ReadsEveryKindOfValue) {
    auto r = load_yaml_text(
        "dpdk: {lcores: '0@0,1@1,2@1', hugepages: yes, memory_mb: 2048, extra_args: [--log-level, '8']}\n"
        "port:\n"
        "  device: 0000:01:00.0\n"
        "  ipv4: {address: 10.77.0.1/24, gateway: 10.77.0.254}\n"
        "  ipv6: {address: 'fd77::1/64', gateway: 'fd77::fe'}\n"
        "beacon: {port: 9100, peers: ['10.0.0.2:9001', 'beacon.example:9001', '[fd00::2]:9001'],\n"
        "         punch_whitelist: ['*', 10.0.0.9, 'fd00::9'], limits: {discover_interval_s: 0}}\n"
        "log: {level: debug, format: json}\n");
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    const Config& c = r.config;
    EXPECT_EQ(c.dpdk.lcores, "0@0,1@1,2@1");
    EXPECT_TRUE(c.dpdk.hugepages);
    EXPECT_EQ(c.dpdk.memory_mb, 2048u);
    EXPECT_EQ(c.dpdk.extra_args, (std::vector<std::string>{"--log-level", "8"}));
    EXPECT_EQ(c.port.device, "0000:01:00.0");
    EXPECT_EQ(c.port.ipv4.address, net::IpPrefix::parse("10.77.0.1/24"));
    EXPECT_EQ(c.port.ipv4.gateway, net::IpAddress::parse("10.77.0.254"));
    EXPECT_EQ(c.port.ipv6.address, net::IpPrefix::parse("fd77::1/64"));
    EXPECT_EQ(c.beacon.port, 9100);
    EXPECT_EQ(c.beacon.peers.size(), 3u);
    EXPECT_EQ(c.beacon.punch_whitelist.size(), 3u);
    EXPECT_EQ(c.beacon.limits.discover_interval_s, 0u);
    EXPECT_EQ(c.log.level, LogLevel::Debug);
    EXPECT_EQ(c.log.format, LogFormat::Json);
}

TEST(ConfigDecode, JsonIsYamlToo) {
    auto r = load_yaml_text(R"({"port": {"device": "net_tap0", "ipv6": {"address": "fd00::1/64"}},
                                "beacon": {"port": 9002, "require_punch_token": true}})");
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.beacon.port, 9002);
    EXPECT_TRUE(r.config.beacon.require_punch_token);
}

// One mistake in an otherwise valid file: exactly one error, as rendered.
// The cases are data: error_cases.yaml.
struct BadKey {
    std::string name;  // "<class>_<case>"
    std::string yaml;
    std::string error;
};

std::vector<BadKey> load_cases() {
    std::vector<BadKey> cases;
    try {
        for (const auto& group : YAML::LoadFile(source_path("tests/unit/config/error_cases.yaml")))
            for (const auto& c : group.second)
                cases.push_back({group.first.as<std::string>() + "_" + c["name"].as<std::string>(),
                                 c["yaml"].as<std::string>(), c["error"].as<std::string>()});
    } catch (const YAML::Exception& e) {
        ADD_FAILURE() << "error_cases.yaml: " << e.what();
    }
    return cases;
}

class ConfigErrors : public ::testing::TestWithParam<BadKey> {};

TEST_P(ConfigErrors, ReportsExactlyThisError) {
    const BadKey& p = GetParam();
    auto r = load_yaml_text(p.yaml.starts_with("port:") ? p.yaml : std::string(kMinimal) + p.yaml);
    EXPECT_EQ(r.errors.size(), 1u) << render_errors(r.errors, "");
    EXPECT_TRUE(has_error(r.errors, p.error));
}

INSTANTIATE_TEST_SUITE_P(File, ConfigErrors, ::testing::ValuesIn(load_cases()),
                         [](const auto& info) { return info.param.name; });

TEST(ConfigErrors, CaseFileCoversEveryErrorClass) {
    std::vector<std::string> classes;
    for (const auto& c : load_cases()) {
        std::string cls = c.name.substr(0, c.name.find('_'));
        if (std::find(classes.begin(), classes.end(), cls) == classes.end()) classes.push_back(cls);
    }
    EXPECT_EQ(classes, (std::vector<std::string>{"UnknownKey", "WrongType", "OutOfRange", "InvalidValue", "MissingKey"}));
}

std::string port_with(std::string_view extra) { return "port:\n  device: net_tap0\n" + std::string(extra); }

TEST(ConfigErrors, Ipv6AloneSatisfiesTheAddressRequirement) {
    auto r = load_yaml_text(port_with("  ipv6: {address: 'fd00::1/64'}\n"));
    EXPECT_TRUE(r.ok()) << render_errors(r.errors, "");
}

TEST(ConfigErrors, AnInvalidAddressIsNotAlsoReportedMissing) {
    auto r = load_yaml_text(port_with("  ipv4: {address: nonsense, gateway: 10.0.0.254}\n"));
    ASSERT_EQ(r.errors.size(), 1u) << render_errors(r.errors, "");
    EXPECT_EQ(r.errors[0].path, "port.ipv4.address");
}

TEST(ConfigErrors, TopLevelMustBeAMap) {
    auto r = load_yaml_text("- a\n- b\n");
    EXPECT_EQ(r.errors.size(), 1u) << render_errors(r.errors, "");
    EXPECT_TRUE(has_error(r.errors,
                          "expected a map of sections (dpdk, port, beacon, ...) at the top level, got a list"));
}

TEST(ConfigErrors, SyntaxErrorNamesSourceLineAndColumn) {
    auto r = load_yaml_text("beacon:\n  port: 9001\n  peers: [a, b\n", {}, "test.yaml");
    ASSERT_EQ(r.errors.size(), 1u) << render_errors(r.errors, "");
    EXPECT_EQ(r.errors[0].path, "");
    EXPECT_EQ(r.errors[0].message, "test.yaml:4:1: YAML syntax error: end of sequence flow not found");
}

TEST(ConfigErrors, SyntaxErrorInAFileNamesTheFile) {
    auto r = load_yaml_text("a: b: c\n", {}, "x.yaml");
    EXPECT_TRUE(has_error(r.errors, "x.yaml:1:5: YAML syntax error: illegal map value"));
}

TEST(ConfigErrors, UnreadableFileNamesPathAndReason) {
    CommandLine cmd;
    cmd.config_file = "/nonexistent/pilot-beacon.yaml";
    auto r = load(cmd);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].to_string(), "/nonexistent/pilot-beacon.yaml: cannot read: No such file or directory");
    cmd.config_file = "/";
    EXPECT_TRUE(has_error(load(cmd).errors, "/: cannot read: Is a directory"));
}

TEST(ConfigErrors, EveryProblemIsReportedAtOnce) {
    auto r = load_yaml_text(
        "port:\n"
        "  ipv4: {address: 10.0.0.1/24, gateway: 10.9.9.9}\n"
        "  mtu: 100\n"
        "beacon: {port: 99999, prot: 1, peers: [nohost], require_punch_token: maybe}\n"
        "log: {level: loud}\n"
        "control: {wss: {tls_cert: c.pem}}\n");
    const char* expected[] = {
        "port.mtu: 100 is out of range 576..9600",
        "beacon.port: 99999 is out of range 1..65535",
        "beacon.peers[0]: 'nohost' is not HOST:PORT (or [IPv6]:PORT)",
        "beacon.require_punch_token: expected true or false, got 'maybe'",
        "beacon.prot: unknown key",
        "log.level: 'loud' is not one of debug, info, warn, error",
        kDeviceMissing,
        "port.ipv4.gateway: 10.9.9.9 is outside port.ipv4.address 10.0.0.1/24",
        "control.wss.tls_key: missing: control.wss.tls_cert is set, and TLS needs both a certificate and its key",
    };
    EXPECT_EQ(r.errors.size(), std::size(expected)) << render_errors(r.errors, "");
    for (const char* e : expected) EXPECT_TRUE(has_error(r.errors, e));
}

}  // namespace
}  // namespace pb::config::test
