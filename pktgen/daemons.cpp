// pktgen/daemons.cpp — address, port and id arithmetic of the daemon set.
#include "pktgen/daemons.hpp"

#include <cstring>

#include "common/wire/byte_order.hpp"

namespace pb::pktgen {

namespace {
std::size_t low_offset(bool ipv6) { return ipv6 ? 12 : 0; }
}  // namespace

uint32_t scatter32(uint32_t x) {
    // Each step is invertible: odd multiplications and xor-shifts.
    x *= 0x9e3779b1u;
    x ^= x >> 16;
    x *= 0x85ebca6bu;
    x ^= x >> 13;
    return x;
}

DaemonSet::DaemonSet(const DaemonsConfig& cfg)
    : count_(cfg.count),
      first_address_(cfg.addresses.first),
      address_count_(cfg.addresses.count),
      first_low_(wire::load_be<uint32_t>(cfg.addresses.first.bytes.data() + low_offset(!cfg.addresses.first.is_v4()))),
      first_port_(cfg.ports.first),
      first_id_(cfg.node_ids.first),
      scattered_(cfg.node_ids.scattered) {}

uint32_t DaemonSet::id_at(uint64_t index) const {
    const uint32_t linear = uint32_t(first_id_ + index);
    return scattered_ ? scatter32(linear) : linear;
}

net::IpAddress DaemonSet::address(uint32_t daemon) const {
    net::IpAddress a = first_address_;
    wire::store_be<uint32_t>(a.bytes.data() + low_offset(!a.is_v4()), first_low_ + daemon % address_count_);
    return a;
}

std::optional<uint32_t> DaemonSet::address_index(const uint8_t* ip, bool ipv6) const {
    if (ipv6 == first_address_.is_v4()) return std::nullopt;
    const std::size_t at = low_offset(ipv6);
    if (std::memcmp(ip, first_address_.bytes.data(), at) != 0) return std::nullopt;
    const uint32_t offset = wire::load_be<uint32_t>(ip + at) - first_low_;
    if (offset >= address_count_) return std::nullopt;
    return offset;
}

std::optional<uint32_t> DaemonSet::daemon_at(const uint8_t* ip, bool ipv6, uint16_t port) const {
    const auto a = address_index(ip, ipv6);
    if (!a || port < first_port_) return std::nullopt;
    const uint64_t daemon = uint64_t(port - first_port_) * address_count_ + *a;
    if (daemon >= count_) return std::nullopt;
    return uint32_t(daemon);
}

}  // namespace pb::pktgen
