// common/config/config.hpp — the typed configuration model of pilot-beacond.
// Every field carries its documented default (docs/config.md lists them with
// their YAML key paths). The loader (loader.hpp) fills this from YAML, the
// original beacon's CLI flags and --set overrides, and validates it.
// Equality is defaulted so that reloads can tell what changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/net/ip_address.hpp"

namespace pb::config {

struct DpdkConfig {
    std::string lcores = "0@0,1@1";      // EAL --lcores; first = main (control plane), rest = workers
    bool hugepages = false;              // false -> --no-huge
    uint32_t memory_mb = 512;            // EAL -m
    std::string file_prefix = "beacon";  // EAL --file-prefix
    std::vector<std::string> extra_args; // passed to EAL verbatim

    friend bool operator==(const DpdkConfig&, const DpdkConfig&) = default;
};

struct InterfaceAddress {
    std::optional<net::IpPrefix> address;   // our address on the data port, with prefix length
    std::optional<net::IpAddress> gateway;  // next hop for destinations outside the prefix

    friend bool operator==(const InterfaceAddress&, const InterfaceAddress&) = default;
};

struct PortConfig {
    std::string device;       // vdev spec ("net_tap0,iface=pb0") or PCI address ("0000:3b:00.0")
    uint16_t queues = 0;      // RX/TX queue pairs; 0 = one per worker lcore
    uint16_t rx_desc = 1024;  // descriptors per RX queue (power of two)
    uint16_t tx_desc = 1024;  // descriptors per TX queue (power of two)
    uint32_t mbufs = 0;       // mbuf pool size; 0 = derived from queues, descriptors and rings
    uint16_t mtu = 1500;      // L3 MTU of the port (egress fragmentation size)
    uint16_t vlan = 0;        // 802.1Q tag on the data port; 0 = untagged
    InterfaceAddress ipv4;
    InterfaceAddress ipv6;

    friend bool operator==(const PortConfig&, const PortConfig&) = default;
};

struct BeaconLimits {
    uint32_t discover_interval_s = 30;      // min seconds between endpoint moves per node id
    uint32_t punch_global_per_s = 10;       // punch requests per second, all sources together
    uint32_t punch_per_ip_per_s = 1;        // punch requests per second per source IP
    uint32_t relay_per_source_per_s = 4000; // relays per 1-s window per transport source
    uint32_t max_relay_payload = 65535;     // bytes of relay payload
    uint32_t reply_per_source_per_s = 50;   // Discover/STUN replies per second per source IP; 0 = unlimited

    friend bool operator==(const BeaconLimits&, const BeaconLimits&) = default;
};

struct BeaconTimers {
    uint32_t node_ttl_s = 600;         // a node not refreshed for this long is removed
    uint32_t sweep_interval_s = 60;    // how often expired nodes are reaped
    uint32_t gossip_interval_s = 10;   // Sync period towards peer beacons
    uint32_t peer_route_ttl_s = 90;    // routes of a silent peer beacon are withdrawn after this

    friend bool operator==(const BeaconTimers&, const BeaconTimers&) = default;
};

struct BeaconConfig {
    uint16_t port = 9001;                  // UDP port of the beacon on the data port
    uint32_t beacon_id = 0;                // 0 = standalone
    std::vector<std::string> peers;        // host:port of peer beacons
    uint32_t max_nodes = 1000000;          // node table capacity
    bool require_punch_token = false;      // PunchRequest must carry a valid grant trailer
    std::vector<std::string> punch_whitelist;  // source IPs exempt from punch limits; "*" or "all" = everyone
    bool strict_gossip = false;            // accept Sync only from known peer IPs
    bool strict_discover = false;          // a node whose key is known does not move by unsigned Discover
    BeaconLimits limits;
    BeaconTimers timers;

    friend bool operator==(const BeaconConfig&, const BeaconConfig&) = default;
};

struct IdleBackoff {
    bool enabled = false;         // sleep when idle (development boxes); off on appliances
    uint32_t max_sleep_us = 100;  // upper bound of one idle sleep = wake-up latency bound

    friend bool operator==(const IdleBackoff&, const IdleBackoff&) = default;
};

struct FragConfig {
    uint32_t max_datagrams = 4096;  // datagrams being reassembled at once, per worker
    uint32_t timeout_ms = 2000;     // an incomplete datagram is dropped after this
    uint32_t max_held_mbufs = 8192; // fragments held at once, per worker (bounds a never-completed flood)

    friend bool operator==(const FragConfig&, const FragConfig&) = default;
};

struct DataplaneConfig {
    uint16_t burst = 32;          // packets per rx/tx burst
    uint32_t ring_size = 4096;    // entries per control<->worker ring (power of two)
    IdleBackoff idle_backoff;
    FragConfig frag;

    friend bool operator==(const DataplaneConfig&, const DataplaneConfig&) = default;
};

struct WssConfig {
    std::string bind;              // "" = WSS bridge off; else host:port
    std::string path = "/v1/compat";
    std::string tls_cert;          // PEM; with tls_key, terminate TLS in-process
    std::string tls_key;
    std::string pubkeys_file;      // YAML map node id -> base64 Ed25519 key
    uint32_t max_peers = 0;        // 0 = unlimited
    uint32_t auth_timeout_s = 10;
    uint32_t idle_timeout_s = 90;
    uint32_t max_frame_bytes = 65536;
    uint32_t send_queue_frames = 256;  // per-connection outbound queue before drops

    friend bool operator==(const WssConfig&, const WssConfig&) = default;
};

struct ControlConfig {
    std::string health = "127.0.0.1:8080";  // /healthz /readyz /metrics; "" = off
    std::string registry;                   // host:port; "" = no registry
    std::string registry_admin_token;
    std::string advertise_addr;             // host:port announced to the registry
    uint32_t registry_interval_s = 30;
    bool telemetry = true;                  // rte_telemetry commands
    uint32_t drain_grace_s = 10;            // SIGTERM: seconds of 503 before stopping
    WssConfig wss;

    friend bool operator==(const ControlConfig&, const ControlConfig&) = default;
};

enum class LogLevel { Debug, Info, Warn, Error };
enum class LogFormat { Text, Json };

struct LogConfig {
    LogLevel level = LogLevel::Info;
    LogFormat format = LogFormat::Text;
    uint32_t hot_path_per_s = 10;  // dataplane log lines per second per call site

    friend bool operator==(const LogConfig&, const LogConfig&) = default;
};

struct Config {
    DpdkConfig dpdk;
    PortConfig port;
    BeaconConfig beacon;
    DataplaneConfig dataplane;
    ControlConfig control;
    LogConfig log;

    friend bool operator==(const Config&, const Config&) = default;
};

}  // namespace pb::config
