// controlplane/gossip/udp_frame.cpp — UDP frame building and parsing.
#include "controlplane/gossip/udp_frame.hpp"

#include <netinet/in.h>
#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <cstring>

#include "controlplane/neighbours/addresses.hpp"
#include "controlplane/neighbours/ether_frame.hpp"

namespace pb::cp::gossip {

namespace {
constexpr uint8_t kTtl = 64;
constexpr size_t kMaxIpLength = 65535;

void write_udp_header(uint8_t* at, const dp::LocalInterface& iface, uint16_t to_port, size_t udp_len) {
    auto* udp = reinterpret_cast<rte_udp_hdr*>(at);
    udp->src_port = iface.beacon_port;
    udp->dst_port = rte_cpu_to_be_16(to_port);
    udp->dgram_len = rte_cpu_to_be_16(uint16_t(udp_len));
    udp->dgram_cksum = 0;
}

}  // namespace

size_t udp_frame_size(const dp::LocalInterface& iface, net::Family family, size_t payload) {
    const size_t ip_len = family == net::Family::V4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr);
    return frames::l2_header_length(iface) + ip_len + sizeof(rte_udp_hdr) + payload;
}

bool build_udp_frame(std::vector<uint8_t>& out, const dp::LocalInterface& iface, const net::Endpoint& to,
                     const tables::Mac& next_hop, std::span<const uint8_t> payload, uint16_t ipv4_id) {
    const bool v4 = to.address.is_v4();
    const size_t ip_len = v4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr);
    const size_t udp_len = sizeof(rte_udp_hdr) + payload.size();
    if (!(v4 ? iface.has_ipv4 : iface.has_ipv6) || udp_len + (v4 ? ip_len : 0) > kMaxIpLength) return false;
    const size_t l2 = frames::l2_header_length(iface);
    out.resize(l2 + ip_len + udp_len);
    frames::write_l2(out, next_hop, v4 ? frames::kEtherTypeIpv4 : frames::kEtherTypeIpv6, iface);
    uint8_t* l3 = out.data() + l2;
    uint8_t* l4 = l3 + ip_len;
    write_udp_header(l4, iface, to.port, udp_len);
    std::memcpy(l4 + sizeof(rte_udp_hdr), payload.data(), payload.size());
    auto* udp = reinterpret_cast<rte_udp_hdr*>(l4);
    if (v4) {
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(l3);
        std::memset(ip, 0, sizeof *ip);
        ip->version_ihl = RTE_IPV4_VHL_DEF;
        ip->total_length = rte_cpu_to_be_16(uint16_t(ip_len + udp_len));
        ip->packet_id = rte_cpu_to_be_16(ipv4_id);
        ip->time_to_live = kTtl;
        ip->next_proto_id = IPPROTO_UDP;
        ip->src_addr = iface.ipv4;
        std::memcpy(&ip->dst_addr, to.address.bytes.data(), 4);
        ip->hdr_checksum = rte_ipv4_cksum(ip);
        udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
    } else {
        auto* ip = reinterpret_cast<rte_ipv6_hdr*>(l3);
        ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
        ip->payload_len = rte_cpu_to_be_16(uint16_t(udp_len));
        ip->proto = IPPROTO_UDP;
        ip->hop_limits = kTtl;
        const auto& source = is_ipv6_link_local(to.address) ? iface.ipv6_link_local : iface.ipv6;
        std::memcpy(ip->src_addr, source.data(), 16);
        std::memcpy(ip->dst_addr, to.address.bytes.data(), 16);
        udp->dgram_cksum = rte_ipv6_udptcp_cksum(ip, udp);
    }
    return true;
}

namespace {

// The UDP header and payload inside `l4` of `l4_len` bytes.
std::optional<std::span<const uint8_t>> udp_payload(std::span<const uint8_t> l4) {
    if (l4.size() < sizeof(rte_udp_hdr)) return std::nullopt;
    const size_t length = (size_t(l4[4]) << 8) | l4[5];
    if (length < sizeof(rte_udp_hdr) || length > l4.size()) return std::nullopt;
    return l4.subspan(sizeof(rte_udp_hdr), length - sizeof(rte_udp_hdr));
}

uint16_t source_port(std::span<const uint8_t> l4) { return uint16_t((l4[0] << 8) | l4[1]); }

}  // namespace

std::optional<UdpFrameView> parse_udp_frame(std::span<const uint8_t> frame) {
    const auto l2 = frames::parse_l2(frame);
    if (!l2) return std::nullopt;
    const std::span<const uint8_t> l3 = frame.subspan(l2->length);
    UdpFrameView view;
    view.source_mac = l2->source;
    std::span<const uint8_t> l4;
    if (l2->ether_type == frames::kEtherTypeIpv4) {
        if (l3.size() < sizeof(rte_ipv4_hdr) || (l3[0] >> 4) != 4 || l3[9] != IPPROTO_UDP) return std::nullopt;
        const size_t header = size_t(l3[0] & 0x0f) * 4;
        const size_t total = (size_t(l3[2]) << 8) | l3[3];
        if (header < sizeof(rte_ipv4_hdr) || total < header || total > l3.size()) return std::nullopt;
        view.source.address = net::IpAddress::v4_bytes(&l3[12]);
        l4 = l3.subspan(header, total - header);
    } else if (l2->ether_type == frames::kEtherTypeIpv6) {
        if (l3.size() < sizeof(rte_ipv6_hdr) || (l3[0] >> 4) != 6 || l3[6] != IPPROTO_UDP) return std::nullopt;
        const size_t payload = (size_t(l3[4]) << 8) | l3[5];
        if (sizeof(rte_ipv6_hdr) + payload > l3.size()) return std::nullopt;
        view.source.address = net::IpAddress::v6_bytes(&l3[8]).unmapped();
        l4 = l3.subspan(sizeof(rte_ipv6_hdr), payload);
    } else {
        return std::nullopt;
    }
    const auto payload = udp_payload(l4);
    if (!payload) return std::nullopt;
    view.source.port = source_port(l4);
    view.payload = *payload;
    return view;
}

}  // namespace pb::cp::gossip
