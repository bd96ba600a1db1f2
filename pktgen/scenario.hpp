// pktgen/scenario.hpp — the typed model of a pilot-pktgen scenario file
// (pktgen/scenarios/*.yaml; every key and its default is listed in
// pktgen/README.md). `dpdk` and `port` are pilot-beacond's own sections
// (pb::config), decoded by its loader, so EAL and port bring-up are shared.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/config/config.hpp"
#include "common/net/ip_address.hpp"

namespace pb::pktgen {

using Mac = std::array<uint8_t, 6>;

struct BeaconTarget {
    net::IpAddress address;  // required
    uint16_t port = 9001;
    std::optional<Mac> mac;  // unset: resolved with ARP / Neighbour Solicitation
};

// A run of consecutive values: first, first + 1, … (count of them).
template <class T>
struct Range {
    T first{};
    uint32_t count = 1;
};

struct NodeIds {
    uint32_t first = 1000000;
    bool scattered = false;  // ids spread over the 32-bit space (a bijection of first + i)
};

struct DaemonsConfig {
    uint32_t count = 1024;
    Range<net::IpAddress> addresses;     // daemon i uses address i % count ...
    Range<uint16_t> ports{20000, 1024};  // ... and port i / addresses.count
    NodeIds node_ids;
    bool discover_ex = false;            // register with DiscoverEx (deliveries are RelayDeliverDest)
    uint32_t keepalive_s = 25;           // each daemon re-discovers this often; 0 = never
    uint32_t register_rate_pps = 20000;  // Discovers per second while registering
    uint32_t register_timeout_s = 15;    // give up registering after this
    uint32_t min_registered_percent = 100;  // fewer registered daemons after the timeout: fail
};

enum class PairMode : uint8_t { Random, Shuffled, Ring, Fixed };
inline constexpr std::array<std::string_view, 4> kPairModeNames{"random", "shuffled", "ring", "fixed"};

struct RelayConfig {
    uint32_t payload_bytes = 64;  // relay payload (probe included)
    PairMode pairs = PairMode::Random;
    std::vector<std::pair<uint32_t, uint32_t>> fixed;  // [sender, dest] daemon indexes, pairs: fixed
};

// Kinds of packets a scenario mixes, in weight-table order.
enum class Kind : uint8_t { Relay, NotFound, Discover, Punch, Hostile };
inline constexpr std::size_t kKindCount = 5;
inline constexpr std::array<std::string_view, kKindCount> kKindNames{"relay", "not_found", "discover", "punch",
                                                                     "hostile"};

// Hostile variants (pktgen/hostile.hpp builds them).
enum class HostileVariant : uint8_t {
    EmptyPayload,
    TypeOnly,
    TruncatedRelay,
    UnknownType,
    ReplyTypes,
    SyncFromStranger,
    SyncCountMismatch,
    BadUdpChecksum,
    BadIpChecksum,
    IpLengthOverrun,
    UdpLengthMismatch,
    WrongPort,
    OrphanFragment,
    ShortDiscover,
    ArpFlood,
    OverlappingFragment,
    SpoofedDiscover,
    SpoofedPunch,
};
inline constexpr std::size_t kHostileVariantCount = 18;
inline constexpr std::array<std::string_view, kHostileVariantCount> kHostileVariantNames{
    "empty_payload",       "type_only",          "truncated_relay",     "unknown_type",     "reply_types",
    "sync_from_stranger",  "sync_count_mismatch", "bad_udp_checksum",   "bad_ip_checksum",  "ip_length_overrun",
    "udp_length_mismatch", "wrong_port",         "orphan_fragment",     "short_discover",   "arp_flood",
    "overlapping_fragment", "spoofed_discover",  "spoofed_punch"};

struct TrafficConfig {
    std::array<uint32_t, kKindCount> mix{100, 0, 0, 0, 0};  // weights by Kind
    RelayConfig relay;
    bool discover_fresh_ids = false;  // each Discover claims a new id (fills the beacon's table)
    std::vector<HostileVariant> hostile;  // empty = all variants
    std::vector<uint32_t> hostile_victims;  // ids the spoofed variants claim; empty = the daemons' own
    bool udp_checksum = true;  // false: UDP checksum 0 ("none", RFC 768) over IPv4
    uint64_t seed = 1;
};

enum class LoopMode : uint8_t { Open, Closed };
inline constexpr std::array<std::string_view, 2> kLoopModeNames{"open", "closed"};

struct LoadConfig {
    LoopMode mode = LoopMode::Open;
    uint64_t rate_pps = 0;      // open loop, all workers together; 0 = as fast as possible
    uint32_t window = 256;      // closed loop: relays in flight per worker
    uint32_t window_timeout_ms = 200;  // closed loop: a window with no progress this long is written off
    double duration_s = 10;
    double warmup_s = 1;
    uint32_t drain_ms = 500;    // after sending stops, keep receiving this long
    uint16_t burst = 32;
};

struct RampConfig {
    bool enabled = false;
    uint64_t min_pps = 1000;
    uint64_t max_pps = 0;          // 0 = an unpaced trial first measures the ceiling
    double loss_threshold = 0.001; // highest loss fraction that passes
    double trial_s = 3;
    double resolution = 0.02;      // stop when (high − low) / high is below this
    uint32_t max_trials = 12;
    uint32_t followup_percent = 50;  // then measure load.duration_s at this % of the best rate; 0 = no
};

struct Scenario {
    std::string name;
    std::string description;
    config::Config eal;  // only dpdk and port are used
    BeaconTarget beacon;
    DaemonsConfig daemons;
    TrafficConfig traffic;
    LoadConfig load;
    RampConfig ramp;
    double report_interval_s = 1;

    // The relay payload does not fit one frame at the port's MTU.
    bool needs_fragments() const;
    // IPv4 or IPv6 traffic (the daemons' and the beacon's family).
    bool ipv6() const { return !beacon.address.is_v4(); }
};

}  // namespace pb::pktgen
