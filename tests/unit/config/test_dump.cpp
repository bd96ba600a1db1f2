// tests/unit/config/test_dump.cpp — the --check dump round-trips, the shipped
// configs load cleanly, and docs/config.md documents every key.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/config/schema.hpp"
#include "tests/unit/config/config_test_util.hpp"

namespace pb::config::test {
namespace {

LoadResult load_file(std::string_view relative) {
    CommandLine cmd;
    cmd.config_file = source_path(relative);
    return load(cmd);
}

void expect_round_trip(const Config& config) {
    const std::string yaml = to_yaml(config);
    auto again = load_yaml_text(yaml, {}, "dump");
    ASSERT_TRUE(again.ok()) << render_errors(again.errors, "") << yaml;
    EXPECT_EQ(again.config, config) << yaml << "---\n" << to_yaml(again.config);
}

TEST(ConfigDump, DefaultsRoundTrip) { expect_round_trip(minimal_config()); }

TEST(ConfigDump, EveryKeyChangedRoundTrips) {
    auto r = load_yaml_text(R"(
dpdk: {lcores: "0@0,1@1", hugepages: true, memory_mb: 777, file_prefix: "null", extra_args: ["--x=1", "", "true"]}
port:
  device: "net_tap0,iface=pb0"
  queues: 3
  rx_desc: 512
  tx_desc: 2048
  mbufs: 12345
  mtu: 9000
  vlan: 42
  ipv4: {address: 10.1.2.3/16, gateway: 10.1.0.1}
  ipv6: {address: "2001:db8::5/48", gateway: "2001:db8::1"}
beacon:
  port: 9999
  beacon_id: 4294967295
  peers: ["[2001:db8::9]:9001", "x.example:1"]
  max_nodes: 5
  require_punch_token: true
  punch_whitelist: ["*", "all", "10.0.0.1"]
  strict_gossip: true
  strict_discover: true
  limits: {discover_interval_s: 1, punch_global_per_s: 2, punch_per_ip_per_s: 3, relay_per_source_per_s: 4,
           max_relay_payload: 5, reply_per_source_per_s: 6}
  timers: {node_ttl_s: 7, sweep_interval_s: 8, gossip_interval_s: 9, peer_route_ttl_s: 10}
dataplane: {burst: 1, ring_size: 64, idle_backoff: {enabled: true, max_sleep_us: 11}, frag: {max_datagrams: 12, timeout_ms: 13}}
control:
  health: ""
  registry: "r.example:9000"
  registry_admin_token: "~"
  advertise_addr: "203.0.113.1:9999"
  registry_interval_s: 14
  telemetry: false
  drain_grace_s: 0
  wss: {bind: "[::]:443", path: "/p", tls_cert: c.pem, tls_key: k.pem, pubkeys_file: keys.yaml, max_peers: 15,
        auth_timeout_s: 16, idle_timeout_s: 17, max_frame_bytes: 1024, send_queue_frames: 18}
log: {level: error, format: json, hot_path_per_s: 0}
)");
    ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
    EXPECT_EQ(r.config.dpdk.file_prefix, "null");
    EXPECT_EQ(r.config.control.registry_admin_token, "~");
    expect_round_trip(r.config);
}

TEST(ConfigDump, ShippedConfigsLoadWithoutErrorsAndRoundTrip) {
    for (const char* name : {"config/dev.yaml", "config/appliance.yaml"}) {
        SCOPED_TRACE(name);
        auto r = load_file(name);
        ASSERT_TRUE(r.ok()) << render_errors(r.errors, "");
        expect_round_trip(r.config);
    }
}

// The shipped files equal the defaults plus the settings they promise.
void expect_file_is(std::string_view file, std::string_view settings) {
    auto expected = load_yaml_text(settings);
    ASSERT_TRUE(expected.ok()) << render_errors(expected.errors, "");
    EXPECT_EQ(load_file(file).config, expected.config) << to_yaml(load_file(file).config);
}

TEST(ConfigDump, DevConfigIsTheDevelopmentSetup) {
    expect_file_is("config/dev.yaml", R"(
dpdk: {lcores: "0@0,1@1,2@1", hugepages: false, memory_mb: 512, file_prefix: pilot-dev}
port: {device: "net_tap0,iface=pbtap0", queues: 2, ipv4: {address: 10.99.0.1/24}, ipv6: {address: "fd99::1/64"}}
beacon: {port: 9001}
dataplane: {idle_backoff: {enabled: true}}
control: {health: "127.0.0.1:8080"})");
}

TEST(ConfigDump, ApplianceConfigIsTheApplianceSetup) {
    expect_file_is("config/appliance.yaml", R"(
dpdk: {lcores: "0-8", hugepages: true, memory_mb: 4096}
port: {device: "0000:01:00.0", queues: 8, ipv4: {address: 192.0.2.10/24, gateway: 192.0.2.1}}
beacon: {max_nodes: 10000000}
dataplane: {idle_backoff: {enabled: false}}
log: {format: json})");
}

// Lists every dotted key path of the schema.
class KeyLister final : public Visitor {
public:
    std::vector<std::string> paths;

    void section(std::string_view key, const std::function<void()>& body) override {
        std::string saved = prefix_;
        prefix_ = path(key) + ".";
        body();
        prefix_ = saved;
    }
    void text(std::string_view key, std::string&, TextRule) override { add(key); }
    void text_list(std::string_view key, std::vector<std::string>&, TextRule) override { add(key); }
    void boolean(std::string_view key, bool&) override { add(key); }
    void integer(std::string_view key, uint64_t&, Range) override { add(key); }
    void choice(std::string_view key, size_t&, std::span<const std::string_view>) override { add(key); }
    void prefix(std::string_view key, std::optional<net::IpPrefix>&, net::Family) override { add(key); }
    void address(std::string_view key, std::optional<net::IpAddress>&, net::Family) override { add(key); }

private:
    std::string path(std::string_view key) const { return prefix_ + std::string(key); }
    void add(std::string_view key) { paths.push_back(path(key)); }
    std::string prefix_;
};

TEST(ConfigDocs, EveryKeyAndFlagIsDocumented) {
    std::ifstream in(source_path("docs/config.md"));
    ASSERT_TRUE(in) << "docs/config.md";
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();

    Config config;
    KeyLister lister;
    visit(lister, config);
    EXPECT_GE(lister.paths.size(), 60u);
    for (const auto& path : lister.paths) EXPECT_NE(doc.find("`" + path + "`"), std::string::npos) << path;
    for (std::string_view flag : {"-config", "-addr", "-beacon-id", "-peers", "-health", "-registry",
                                  "-registry-admin-token", "-advertise-addr", "-log-level", "-log-format",
                                  "-punch-whitelist", "-require-punch-token", "--set", "--check", "--help",
                                  "--version", "BEACON_PUNCH_WHITELIST"})
        EXPECT_NE(doc.find("`" + std::string(flag)), std::string::npos) << flag;
}

TEST(ConfigDump, EnumNames) {
    EXPECT_EQ(to_string(LogLevel::Warn), "warn");
    EXPECT_EQ(to_string(LogFormat::Json), "json");
}

}  // namespace
}  // namespace pb::config::test
