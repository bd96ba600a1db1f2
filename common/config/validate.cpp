// common/config/validate.cpp — cross-key checks (see validate.hpp).
#include "common/config/validate.hpp"

namespace pb::config {

namespace {

constexpr unsigned kIpv6MinMtu = 1280;

void check_required(const Config& c, ErrorList& errors) {
    if (c.port.device.empty() && !errors.has_error_affecting("port.device"))
        errors.add("port.device", "missing required key (a DPDK vdev such as \"net_tap0,iface=pb0\" "
                                  "or a PCI address such as \"0000:01:00.0\")");
    if (!c.port.ipv4.address && !c.port.ipv6.address && !errors.has_error_affecting("port.ipv4.address") &&
        !errors.has_error_affecting("port.ipv6.address"))
        errors.add("port", "missing required key: port.ipv4.address, port.ipv6.address or both");
}

void check_gateway(const std::string& section, const InterfaceAddress& iface, ErrorList& errors) {
    const std::string address_key = section + ".address", gateway_key = section + ".gateway";
    if (!iface.gateway || errors.has_error_affecting(address_key)) return;
    const std::string gateway = iface.gateway->to_string();
    if (!iface.address)
        errors.add(gateway_key, gateway + " is set without " + address_key);
    else if (iface.gateway == iface.address->address)
        errors.add(gateway_key, gateway + " is our own address (" + address_key + ")");
    else if (!iface.address->contains(*iface.gateway))
        errors.add(gateway_key, gateway + " is outside " + address_key + " " + iface.address->to_string());
}

void check_mtu(const Config& c, ErrorList& errors) {
    if (c.port.ipv6.address && c.port.mtu < kIpv6MinMtu)
        errors.add("port.mtu", std::to_string(c.port.mtu) + " is below " + std::to_string(kIpv6MinMtu) +
                                   ", the IPv6 minimum (port.ipv6.address is set)");
}

void check_tls_pair(const WssConfig& wss, ErrorList& errors) {
    if (wss.tls_cert.empty() == wss.tls_key.empty()) return;
    const bool cert_only = wss.tls_key.empty();
    errors.add(cert_only ? "control.wss.tls_key" : "control.wss.tls_cert",
               std::string("missing: ") + (cert_only ? "control.wss.tls_cert" : "control.wss.tls_key") +
                   " is set, and TLS needs both a certificate and its key");
}

void check_timers(const BeaconTimers& t, ErrorList& errors) {
    if (t.peer_route_ttl_s < t.gossip_interval_s && !errors.has_error_affecting("beacon.timers"))
        errors.add("beacon.timers.peer_route_ttl_s",
                   std::to_string(t.peer_route_ttl_s) + " is shorter than beacon.timers.gossip_interval_s " +
                       std::to_string(t.gossip_interval_s) + ": peer routes would expire between Syncs");
}

// -addr HOST:PORT: the beacon listens on the data port's addresses only, so
// HOST must be one of them or a wildcard.
void check_listen_host(const Config& c, const std::string& host, ErrorList& errors) {
    if (host.empty()) return;
    auto ip = net::IpAddress::parse(host);
    if (ip && ip->is_unspecified()) return;
    std::string ours;
    for (const auto* iface : {&c.port.ipv4, &c.port.ipv6}) {
        if (!iface->address) continue;
        if (ip == iface->address->address) return;
        ours += (ours.empty() ? "" : ", ") + iface->address->address.to_string();
    }
    errors.add("beacon.port",
               "host " + quoted(host) + " is neither an address of the data port (" +
                   (ours.empty() ? "none configured" : ours) + ") nor a wildcard (0.0.0.0, ::)",
               "-addr");
}

}  // namespace

void validate(const Config& c, const std::optional<std::string>& listen_host, ErrorList& errors) {
    check_required(c, errors);
    check_gateway("port.ipv4", c.port.ipv4, errors);
    check_gateway("port.ipv6", c.port.ipv6, errors);
    check_mtu(c, errors);
    check_tls_pair(c.control.wss, errors);
    check_timers(c.beacon.timers, errors);
    if (listen_host) check_listen_host(c, *listen_host, errors);
}

}  // namespace pb::config
