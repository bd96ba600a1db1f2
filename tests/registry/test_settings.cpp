// tests/registry/test_settings.cpp — the announced address and the other
// settings taken from the configuration.
#include <gtest/gtest.h>

#include "controlplane/registry/settings.hpp"

namespace pb::registry {
namespace {

config::Config base_config() {
    config::Config cfg;
    cfg.beacon.port = 9001;
    cfg.beacon.beacon_id = 7;
    cfg.control.registry = "registry.example:9000";
    cfg.control.registry_admin_token = "tok";
    cfg.control.registry_interval_s = 30;
    return cfg;
}

TEST(Settings, AnnouncesTheAdvertiseAddressWhenSet) {
    config::Config cfg = base_config();
    cfg.port.ipv4.address = net::IpPrefix::parse("10.77.0.1/24");
    cfg.control.advertise_addr = "beacon.example:443";
    EXPECT_EQ(announced_address(cfg), "beacon.example:443");
}

TEST(Settings, OtherwiseAnnouncesTheDataPortsIpv4AddressAndBeaconPort) {
    config::Config cfg = base_config();
    cfg.port.ipv4.address = net::IpPrefix::parse("10.77.0.1/24");
    cfg.port.ipv6.address = net::IpPrefix::parse("fd77::1/64");
    EXPECT_EQ(announced_address(cfg), "10.77.0.1:9001");
}

TEST(Settings, FallsBackToTheIpv6Address) {
    config::Config cfg = base_config();
    cfg.port.ipv6.address = net::IpPrefix::parse("fd77::1/64");
    cfg.beacon.port = 9100;
    EXPECT_EQ(announced_address(cfg), "[fd77::1]:9100");
}

TEST(Settings, CarriesRegistryTokenIdAndInterval) {
    config::Config cfg = base_config();
    cfg.port.ipv4.address = net::IpPrefix::parse("10.77.0.1/24");
    const RegistrySettings settings = settings_from(cfg);
    EXPECT_EQ(settings.registry, "registry.example:9000");
    EXPECT_EQ(settings.admin_token, "tok");
    EXPECT_EQ(settings.beacon_id, 7u);
    EXPECT_EQ(settings.interval, std::chrono::seconds(30));
    EXPECT_TRUE(settings.registers());
    cfg.beacon.beacon_id = 0;
    EXPECT_FALSE(settings_from(cfg).registers());
}

}  // namespace
}  // namespace pb::registry
