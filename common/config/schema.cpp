// common/config/schema.cpp — every YAML key: name, type, default (taken from
// config.hpp) and accepted values. docs/config.md documents this table; the
// ranges below are the ones it lists.
#include "common/config/schema.hpp"

#include "common/config/errors.hpp"

namespace pb::config {

namespace {

using Problem = std::optional<std::string>;

Problem not_empty(std::string_view v) {
    if (v.empty()) return "must not be empty";
    return std::nullopt;
}

Problem file_prefix(std::string_view v) {
    if (v.empty() || v.find('/') != std::string_view::npos)
        return quoted(v) + " is not a file prefix (non-empty, no '/')";
    return std::nullopt;
}

// A socket we listen on: IP:PORT, [IPv6]:PORT or :PORT (all addresses); "" = off.
Problem listen_address_or_off(std::string_view v) {
    if (v.empty() || net::Endpoint::parse(v)) return std::nullopt;
    return quoted(v) + " is not a listen address (IP:PORT, [IPv6]:PORT or :PORT)";
}

// Somewhere we send to: HOST:PORT or [IPv6]:PORT, HOST an IP or a name.
Problem remote_address(std::string_view v) {
    auto hp = net::HostPort::parse(v);
    if (hp && !hp->host.empty()) return std::nullopt;
    return quoted(v) + " is not HOST:PORT (or [IPv6]:PORT)";
}

Problem remote_address_or_off(std::string_view v) { return v.empty() ? std::nullopt : remote_address(v); }

Problem whitelist_entry(std::string_view v) {
    if (v == "*" || v == "all" || net::IpAddress::parse(v)) return std::nullopt;
    return quoted(v) + " is neither an IP address nor \"*\" / \"all\"";
}

Problem url_path(std::string_view v) {
    if (v.starts_with('/')) return std::nullopt;
    return quoted(v) + " is not a URL path (starts with '/')";
}

constexpr uint64_t kU32Max = 0xffffffffu;

void visit_interface(Visitor& v, InterfaceAddress& c, net::Family family) {
    v.prefix("address", c.address, family);
    v.address("gateway", c.gateway, family);  // inside the prefix: validate.cpp
}

void visit_port(Visitor& v, PortConfig& c) {
    v.text("device", c.device, nullptr);  // required: validate.cpp
    v.number("queues", c.queues, {0, 64});
    v.number("rx_desc", c.rx_desc, {64, 32768, true});
    v.number("tx_desc", c.tx_desc, {64, 32768, true});
    v.number("mbufs", c.mbufs, {0, 67108864});
    v.number("mtu", c.mtu, {576, 9600});
    v.number("vlan", c.vlan, {0, 4094});
    v.section("ipv4", [&v, &c] { visit_interface(v, c.ipv4, net::Family::V4); });
    v.section("ipv6", [&v, &c] { visit_interface(v, c.ipv6, net::Family::V6); });
}

void visit_beacon(Visitor& v, BeaconConfig& c) {
    v.number("port", c.port, {1, 65535});
    v.number("beacon_id", c.beacon_id, {0, kU32Max});
    v.text_list("peers", c.peers, remote_address);
    v.number("max_nodes", c.max_nodes, {1, 100000000});
    v.boolean("require_punch_token", c.require_punch_token);
    v.text_list("punch_whitelist", c.punch_whitelist, whitelist_entry);
    v.boolean("strict_gossip", c.strict_gossip);
    v.boolean("strict_discover", c.strict_discover);
    v.section("limits", [&v, &l = c.limits] {
        v.number("discover_interval_s", l.discover_interval_s, {0, 86400});
        v.number("punch_global_per_s", l.punch_global_per_s, {1, 10000000});
        v.number("punch_per_ip_per_s", l.punch_per_ip_per_s, {1, 10000000});
        v.number("relay_per_source_per_s", l.relay_per_source_per_s, {1, 100000000});
        v.number("max_relay_payload", l.max_relay_payload, {1, 65535});
        v.number("reply_per_source_per_s", l.reply_per_source_per_s, {0, 10000000});
    });
    v.section("timers", [&v, &t = c.timers] {
        v.number("node_ttl_s", t.node_ttl_s, {1, 604800});
        v.number("sweep_interval_s", t.sweep_interval_s, {1, 86400});
        v.number("gossip_interval_s", t.gossip_interval_s, {1, 3600});
        v.number("peer_route_ttl_s", t.peer_route_ttl_s, {1, 86400});
    });
}

void visit_control(Visitor& v, ControlConfig& c) {
    v.text("health", c.health, listen_address_or_off);
    v.text("registry", c.registry, remote_address_or_off);
    v.text("registry_admin_token", c.registry_admin_token, nullptr);
    v.text("advertise_addr", c.advertise_addr, remote_address_or_off);
    v.number("registry_interval_s", c.registry_interval_s, {1, 3600});
    v.boolean("telemetry", c.telemetry);
    v.number("drain_grace_s", c.drain_grace_s, {0, 3600});
    v.section("wss", [&v, &w = c.wss] {
        v.text("bind", w.bind, listen_address_or_off);
        v.text("path", w.path, url_path);
        v.text("tls_cert", w.tls_cert, nullptr);  // cert and key together: validate.cpp
        v.text("tls_key", w.tls_key, nullptr);
        v.text("pubkeys_file", w.pubkeys_file, nullptr);
        v.number("max_peers", w.max_peers, {0, 10000000});
        v.number("auth_timeout_s", w.auth_timeout_s, {1, 3600});
        v.number("idle_timeout_s", w.idle_timeout_s, {1, 86400});
        v.number("max_frame_bytes", w.max_frame_bytes, {1024, 16777216});
        v.number("send_queue_frames", w.send_queue_frames, {1, 1048576});
    });
}

}  // namespace

void visit(Visitor& v, Config& c) {
    v.section("dpdk", [&v, &d = c.dpdk] {
        v.text("lcores", d.lcores, not_empty);
        v.boolean("hugepages", d.hugepages);
        v.number("memory_mb", d.memory_mb, {64, 1048576});
        v.text("file_prefix", d.file_prefix, file_prefix);
        v.text_list("extra_args", d.extra_args, nullptr);
    });
    v.section("port", [&v, &c] { visit_port(v, c.port); });
    v.section("beacon", [&v, &c] { visit_beacon(v, c.beacon); });
    v.section("dataplane", [&v, &d = c.dataplane] {
        v.number("burst", d.burst, {1, 512});
        v.number("ring_size", d.ring_size, {64, 1048576, true});
        v.section("idle_backoff", [&v, &b = d.idle_backoff] {
            v.boolean("enabled", b.enabled);
            v.number("max_sleep_us", b.max_sleep_us, {1, 1000000});
        });
        v.section("frag", [&v, &f = d.frag] {
            v.number("max_datagrams", f.max_datagrams, {1, 1048576});
            v.number("timeout_ms", f.timeout_ms, {1, 60000});
            v.number("max_held_mbufs", f.max_held_mbufs, {64, 1048576});
        });
    });
    v.section("control", [&v, &c] { visit_control(v, c.control); });
    v.section("log", [&v, &l = c.log] {
        v.enumeration("level", l.level, kLogLevelNames);
        v.enumeration("format", l.format, kLogFormatNames);
        v.number("hot_path_per_s", l.hot_path_per_s, {0, 1000000});
    });
}

std::string_view to_string(LogLevel level) { return kLogLevelNames[static_cast<size_t>(level)]; }
std::string_view to_string(LogFormat format) { return kLogFormatNames[static_cast<size_t>(format)]; }

}  // namespace pb::config
