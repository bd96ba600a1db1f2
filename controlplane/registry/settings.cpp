// controlplane/registry/settings.cpp — configuration → registry settings.
#include "controlplane/registry/settings.hpp"

namespace pb::registry {

std::string announced_address(const config::Config& cfg) {
    if (!cfg.control.advertise_addr.empty()) return cfg.control.advertise_addr;
    const auto& prefix = cfg.port.ipv4.address ? cfg.port.ipv4.address : cfg.port.ipv6.address;
    if (!prefix) return {};  // not a valid configuration (validate.cpp requires one)
    return net::Endpoint{prefix->address, cfg.beacon.port}.to_string();
}

RegistrySettings settings_from(const config::Config& cfg) {
    return RegistrySettings{
        .registry = cfg.control.registry,
        .admin_token = cfg.control.registry_admin_token,
        .addr = announced_address(cfg),
        .beacon_id = cfg.beacon.beacon_id,
        .interval = std::chrono::seconds(cfg.control.registry_interval_s),
    };
}

}  // namespace pb::registry
