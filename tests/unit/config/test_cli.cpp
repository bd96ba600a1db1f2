// tests/unit/config/test_cli.cpp — the original beacon's flags under Go's
// flag-package rules, our own flags, BEACON_PUNCH_WHITELIST, precedence,
// and the -addr host check.
#include <gtest/gtest.h>

#include "tests/unit/config/config_test_util.hpp"

namespace pb::config::test {
namespace {

TEST(ConfigCli, ValueFlagFormsAreEquivalent) {
    const std::vector<std::vector<std::string_view>> forms = {
        {"-addr", ":9002"}, {"--addr", ":9002"}, {"-addr=:9002"}, {"--addr=:9002"}};
    for (const auto& args : forms) {
        auto p = parse(args);
        ASSERT_TRUE(p.ok()) << args[0] << ": " << render_errors(p.errors, "");
        ASSERT_EQ(p.command_line.overrides.size(), 1u);
        EXPECT_EQ(p.command_line.overrides[0], (Override{"beacon.port", "9002", ValueKind::Scalar, "-addr"}));
        EXPECT_EQ(p.command_line.listen_host, "");
    }
}

TEST(ConfigCli, AValueMayStartWithADash) {
    auto p = parse({"-registry-admin-token", "-secret=", "--config", "x.yaml"});
    ASSERT_TRUE(p.ok()) << render_errors(p.errors, "");
    EXPECT_EQ(p.command_line.overrides[0].value, "-secret=");
    EXPECT_EQ(p.command_line.config_file, "x.yaml");
}

TEST(ConfigCli, BoolFlagsTakeNoSeparateValue) {
    auto on = load_with(kMinimal, {"-require-punch-token"});
    EXPECT_TRUE(on.config.beacon.require_punch_token);
    auto off = load_with(std::string(kMinimal) + "beacon: {require_punch_token: true}\n",
                         {"--require-punch-token=F"});
    EXPECT_FALSE(off.config.beacon.require_punch_token);
    EXPECT_TRUE(parse({"--check=true", "-h"}).command_line.check);

    auto bad = parse({"-require-punch-token=maybe", "-require-punch-token", "false"});
    ASSERT_EQ(bad.errors.size(), 2u) << render_errors(bad.errors, "");
    EXPECT_EQ(bad.errors[0].to_string(),
              "beacon.require_punch_token: invalid boolean value 'maybe' for -require-punch-token");
    EXPECT_EQ(bad.errors[1].to_string(), "unexpected argument 'false': pilot-beacond takes flags only");
}

TEST(ConfigCli, OwnFlags) {
    auto p = parse({"--check", "-version", "--help", "--config=/etc/pilot-beacon/beacon.yaml"});
    ASSERT_TRUE(p.ok()) << render_errors(p.errors, "");
    EXPECT_TRUE(p.command_line.check);
    EXPECT_TRUE(p.command_line.version);
    EXPECT_TRUE(p.command_line.help);
    EXPECT_EQ(p.command_line.config_file, "/etc/pilot-beacon/beacon.yaml");
    EXPECT_FALSE(parse({}).command_line.check);
}

TEST(ConfigCli, CommandLineErrors) {
    auto p = parse({"-frobnicate", "---addr", ":1", "-", "--", "-peers", "-health"});
    const char* expected[] = {
        "flag provided but not defined: -frobnicate",
        "bad flag syntax: ---addr",
        "unexpected argument ':1': pilot-beacond takes flags only",
        "unexpected argument '-': pilot-beacond takes flags only",
        "unexpected argument '-peers': pilot-beacond takes flags only",
        "unexpected argument '-health': pilot-beacond takes flags only",
    };
    EXPECT_EQ(p.errors.size(), std::size(expected)) << render_errors(p.errors, "");
    for (const char* e : expected) EXPECT_TRUE(has_error(p.errors, e));
    EXPECT_TRUE(has_error(parse({"-beacon-id"}).errors, "beacon.beacon_id: flag needs an argument: -beacon-id"));
}

TEST(ConfigCli, BadNumbersAreErrorsNamingKeyAndFlag) {
    auto r = load_with(kMinimal, {"-beacon-id", "twelve"});
    EXPECT_TRUE(has_error(r.errors, "beacon.beacon_id: expected an integer, got 'twelve' (from -beacon-id)"));
    r = load_with(kMinimal, {"-beacon-id=4294967296"});
    EXPECT_TRUE(has_error(r.errors, "beacon.beacon_id: 4294967296 is out of range 0..4294967295 (from -beacon-id)"));
    auto p = parse({"-addr", ":99999"});
    EXPECT_TRUE(has_error(p.errors, "beacon.port: invalid value ':99999' for -addr: expected HOST:PORT, "
                                    "[IPv6]:PORT or :PORT with PORT 1..65535"));
}

TEST(ConfigCli, EveryOriginalFlagSetsItsKey) {
    auto r = load_with(kMinimal, {"-addr", "10.0.0.1:9100", "-beacon-id", "7", "-peers", "10.0.0.2:9001, b.example:9001,",
                                  "-health", ":8081", "-registry", "registry.example:9000", "-registry-admin-token",
                                  "tok", "-advertise-addr", "203.0.113.5:9100", "-log-level", "debug", "-log-format",
                                  "json", "-punch-whitelist", "*", "-require-punch-token"});
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    const Config& c = r.config;
    EXPECT_EQ(c.beacon.port, 9100);
    EXPECT_EQ(c.beacon.beacon_id, 7u);
    EXPECT_EQ(c.beacon.peers, (std::vector<std::string>{"10.0.0.2:9001", "b.example:9001"}));
    EXPECT_EQ(c.control.health, ":8081");
    EXPECT_EQ(c.control.registry, "registry.example:9000");
    EXPECT_EQ(c.control.registry_admin_token, "tok");
    EXPECT_EQ(c.control.advertise_addr, "203.0.113.5:9100");
    EXPECT_EQ(c.log.level, LogLevel::Debug);
    EXPECT_EQ(c.log.format, LogFormat::Json);
    EXPECT_EQ(c.beacon.punch_whitelist, (std::vector<std::string>{"*"}));
    EXPECT_TRUE(c.beacon.require_punch_token);
}

TEST(ConfigCli, FlagValueErrorsUseTheKeyPath) {
    auto r = load_with(kMinimal, {"-log-level", "verbose", "-peers", "a:1,nope", "-health", "somewhere"});
    EXPECT_EQ(r.errors.size(), 3u) << render_errors(r.errors, "");
    EXPECT_TRUE(has_error(r.errors, "log.level: 'verbose' is not one of debug, info, warn, error (from -log-level)"));
    EXPECT_TRUE(has_error(r.errors, "beacon.peers[1]: 'nope' is not HOST:PORT (or [IPv6]:PORT) (from -peers)"));
    EXPECT_TRUE(has_error(r.errors, "control.health: 'somewhere' is not a listen address (IP:PORT, [IPv6]:PORT or "
                                    ":PORT) (from -health)"));
}

TEST(ConfigCli, EmptyListFlagClearsTheList) {
    auto r = load_with(std::string(kMinimal) + "beacon: {peers: ['a:1']}\n", {"-peers="});
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_TRUE(r.config.beacon.peers.empty());
}

TEST(ConfigPrecedence, DefaultsThenFileThenEnvThenCommandLineInOrder) {
    const std::string file = std::string(kMinimal) + "beacon: {port: 9100, punch_whitelist: ['10.0.0.7']}\n";
    const Env env{{"BEACON_PUNCH_WHITELIST", "10.0.0.8"}};
    auto r = load_with(file, {}, env);
    EXPECT_EQ(r.config.beacon.port, 9100);
    EXPECT_EQ(r.config.beacon.punch_whitelist, (std::vector<std::string>{"10.0.0.8"}));
    EXPECT_EQ(r.config.beacon.max_nodes, Config{}.beacon.max_nodes);

    r = load_with(file, {"-addr", ":9200", "--set", "beacon.port=9300"}, env);
    EXPECT_EQ(r.config.beacon.port, 9300);
    r = load_with(file, {"--set", "beacon.port=9300", "-addr", ":9200"}, env);
    EXPECT_EQ(r.config.beacon.port, 9200);
    r = load_with(file, {"--set", "beacon.punch_whitelist=[10.0.0.9]"}, env);
    EXPECT_EQ(r.config.beacon.punch_whitelist, (std::vector<std::string>{"10.0.0.9"}));
}

TEST(ConfigEnv, PunchWhitelistFromTheEnvironmentWhenTheFlagIsAbsent) {
    const Env env{{"BEACON_PUNCH_WHITELIST", " 10.0.0.8 , fd00::8 "}};
    auto p = parse({}, env);
    ASSERT_EQ(p.command_line.overrides.size(), 1u);
    EXPECT_EQ(p.command_line.overrides[0].origin, "env BEACON_PUNCH_WHITELIST");
    auto r = load_yaml_text(kMinimal, p.command_line);
    EXPECT_EQ(r.config.beacon.punch_whitelist, (std::vector<std::string>{"10.0.0.8", "fd00::8"}));

    // With the flag the environment is not read at all, so its errors cannot show.
    r = load_with(kMinimal, {"-punch-whitelist", "all"}, {{"BEACON_PUNCH_WHITELIST", "bogus"}});
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.beacon.punch_whitelist, (std::vector<std::string>{"all"}));

    r = load_with(kMinimal, {}, {{"BEACON_PUNCH_WHITELIST", "bogus"}});
    EXPECT_TRUE(has_error(r.errors, "beacon.punch_whitelist[0]: 'bogus' is neither an IP address nor \"*\" / \"all\" "
                                    "(from env BEACON_PUNCH_WHITELIST)"));
    EXPECT_TRUE(parse({}, {{"BEACON_PUNCH_WHITELIST", ""}}).command_line.overrides.empty());
}

TEST(ConfigAddr, HostMustBeOursOrAWildcard) {
    const std::string file = "port:\n  device: d\n  ipv4: {address: 10.0.0.1/24}\n  ipv6: {address: 'fd00::1/64'}\n";
    for (std::string_view ok : {":9001", "0.0.0.0:9001", "[::]:9001", "10.0.0.1:9001", "[fd00::1]:9001"}) {
        auto r = load_with(file, {"-addr", ok});
        EXPECT_TRUE(r.ok()) << ok << ": " << render_errors(r.errors, "");
    }
    auto r = load_with(file, {"-addr", "10.0.0.9:9001"});
    ASSERT_EQ(r.errors.size(), 1u) << render_errors(r.errors, "");
    EXPECT_EQ(r.errors[0].to_string(),
              "beacon.port: host '10.0.0.9' is neither an address of the data port (10.0.0.1, fd00::1) nor a "
              "wildcard (0.0.0.0, ::) (from -addr)");
    r = load_with(kMinimal, {"-addr", "beacon.example:9001"});
    EXPECT_TRUE(has_error(r.errors, "beacon.port: host 'beacon.example' is neither an address of the data port "
                                    "(10.0.0.1) nor a wildcard (0.0.0.0, ::) (from -addr)"));
    EXPECT_TRUE(has_error(parse({"-addr", "9001"}).errors,
                          "beacon.port: invalid value '9001' for -addr: expected HOST:PORT, [IPv6]:PORT or :PORT "
                          "with PORT 1..65535"));
}

TEST(ConfigCli, ArgvOverloadSkipsTheProgramName) {
    const char* argv[] = {"pilot-beacond", "-beacon-id", "3"};
    auto p = parse_command_line(3, argv, {});
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.command_line.overrides[0].value, "3");
}

TEST(ConfigCli, UsageListsEveryFlag) {
    const std::string text = usage();
    for (std::string_view flag : {"-config FILE", "-addr HOST:PORT", "-beacon-id N", "-peers LIST", "-health ADDR",
                                  "-registry ADDR", "-registry-admin-token TOKEN", "-advertise-addr ADDR",
                                  "-log-level LEVEL", "-log-format FORMAT", "-punch-whitelist LIST",
                                  "-require-punch-token", "--set KEY.PATH=VALUE", "--check", "--help", "--version"})
        EXPECT_NE(text.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace pb::config::test
