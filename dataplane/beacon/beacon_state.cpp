// dataplane/beacon/beacon_state.cpp — builds the shared beacon state from
// the configuration.
#include "dataplane/beacon/beacon_state.hpp"

#include <rte_random.h>

#include <algorithm>

namespace pb::dp {

namespace {
constexpr uint64_t kSecondNs = 1'000'000'000ull;
// PROTOCOL.md §8: limiter entries idle this long are reclaimed.
constexpr uint64_t kRelayPunchIdleNs = 300 * kSecondNs;
constexpr uint64_t kDiscoverIdleNs = 60 * kSecondNs;
// Sources tracked per limiter (80 B each): active senders, not nodes. When
// full, established sources keep their budgets and new ones are refused
// (see window_limiter.hpp).
constexpr uint32_t kMaxLimitedSources = 1u << 20;

size_t limited_sources(const config::Config& cfg) { return std::min(cfg.beacon.max_nodes, kMaxLimitedSources); }
}  // namespace

bool BeaconSettings::punch_exempt(const net::IpAddress& source) const {
    return punch_whitelist_all || std::find(punch_whitelist.begin(), punch_whitelist.end(), source) != punch_whitelist.end();
}

BeaconSettings BeaconSettings::from_config(const config::Config& cfg) {
    BeaconSettings s;
    s.discover_interval_s = cfg.beacon.limits.discover_interval_s;
    s.max_relay_payload = cfg.beacon.limits.max_relay_payload;
    s.require_punch_token = cfg.beacon.require_punch_token;
    s.strict_discover = cfg.beacon.strict_discover;
    for (const std::string& entry : cfg.beacon.punch_whitelist) {
        if (entry == "*" || entry == "all") {
            s.punch_whitelist_all = true;
        } else if (auto address = net::IpAddress::parse(entry)) {
            s.punch_whitelist.push_back(address->unmapped());
        }
    }
    return s;
}

BeaconState::BeaconState(const config::Config& cfg)
    : settings(BeaconSettings::from_config(cfg)),
      nodes(cfg.beacon.max_nodes),
      peer_nodes(cfg.beacon.max_nodes),
      wss_peers(cfg.control.wss.max_peers != 0 ? cfg.control.wss.max_peers : kDefaultWssPeersTracked),
      relay_budget(limited_sources(cfg), cfg.beacon.limits.relay_per_source_per_s, kSecondNs, kRelayPunchIdleNs,
                   rte_rand()),
      punch_per_ip(limited_sources(cfg), cfg.beacon.limits.punch_per_ip_per_s, kSecondNs, kRelayPunchIdleNs,
                   rte_rand()),
      punch_global(cfg.beacon.limits.punch_global_per_s, kSecondNs),
      reply_budget(limited_sources(cfg), cfg.beacon.limits.reply_per_source_per_s, kSecondNs, kDiscoverIdleNs,
                   rte_rand()) {}

}  // namespace pb::dp
