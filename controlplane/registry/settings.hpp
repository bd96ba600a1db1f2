// controlplane/registry/settings.hpp — what the registry client takes from
// the configuration, re-read on SIGHUP: the registry address, admin token,
// the address this beacon announces, its id and the cycle interval — and
// the tunable limits (timeouts, back-off, cache) whose defaults are the
// protocol's values and which tests shorten.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/config/config.hpp"
#include "controlplane/registry/key_cache.hpp"
#include "controlplane/registry/session_limits.hpp"

namespace pb::registry {

struct RegistrySettings {
    std::string registry;     // host:port; "" = no registry
    std::string admin_token;  // "" = not sent
    std::string addr;         // host:port announced in beacon_register
    uint32_t beacon_id = 0;   // 0 = standalone: no registration
    std::chrono::milliseconds interval{30000};

    bool registers() const { return !registry.empty() && beacon_id != 0; }
    friend bool operator==(const RegistrySettings&, const RegistrySettings&) = default;
};

struct RegistryTimings {
    SessionLimits session;                   // 5 s connect, 10 s exchange, 1 MiB replies
    std::chrono::milliseconds backoff_initial{1000};
    std::chrono::milliseconds backoff_cap{30000};
    double backoff_jitter = 0.2;             // up to 20 % off each retry delay
    KeyCacheLimits key_cache;                // 16 Ki entries, 5 min / 30 s
    size_t max_lookups_in_flight = 64;
};

// The announced address: control.advertise_addr when set; otherwise the
// data port's address (IPv4, else IPv6) with beacon.port. The beacon's UDP
// socket is the DPDK port, not a Linux socket, so the original's "local
// address of the TCP connection to the registry" would name the management
// interface instead.
std::string announced_address(const config::Config& cfg);

RegistrySettings settings_from(const config::Config& cfg);

}  // namespace pb::registry
