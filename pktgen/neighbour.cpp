// pktgen/neighbour.cpp — ARP and IPv6 ND frames, built and parsed.
#include "pktgen/neighbour.hpp"

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>

#include <algorithm>
#include <cstring>

#include "pktgen/frame.hpp"

namespace pb::pktgen {

namespace {

// ICMPv6 types and ND option types (RFC 4861 §4.3, §4.4, §4.6.1).
enum class Nd : uint8_t { Solicitation = 135, Advertisement = 136 };
enum class NdOption : uint8_t { SourceLinkLayer = 1, TargetLinkLayer = 2 };
constexpr uint32_t kAdvertSolicitedOverride = 0x60000000;
constexpr std::size_t kNdBody = 4 + 4 + 16 + 8;  // type code checksum, flags, target, one link-layer option
constexpr Mac kBroadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

std::size_t write_arp(std::span<uint8_t> out, uint16_t op, const Mac& sha, const net::IpAddress& spa, const Mac& tha,
                      const net::IpAddress& tpa, const Mac& eth_dst) {
    write_ethernet(out, sha, eth_dst, RTE_ETHER_TYPE_ARP);
    auto* arp = reinterpret_cast<rte_arp_hdr*>(out.data() + kEthernetHeader);
    arp->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
    arp->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
    arp->arp_hlen = RTE_ETHER_ADDR_LEN;
    arp->arp_plen = 4;
    arp->arp_opcode = rte_cpu_to_be_16(op);
    std::memcpy(arp->arp_data.arp_sha.addr_bytes, sha.data(), 6);
    std::memcpy(&arp->arp_data.arp_sip, spa.bytes.data(), 4);
    std::memcpy(arp->arp_data.arp_tha.addr_bytes, tha.data(), 6);
    std::memcpy(&arp->arp_data.arp_tip, tpa.bytes.data(), 4);
    return kEthernetHeader + sizeof(rte_arp_hdr);
}

// ICMPv6 NS or NA with one link-layer address option.
std::size_t write_nd(std::span<uint8_t> out, Nd type, const Mac& our_mac, const net::IpAddress& src,
                     const net::IpAddress& dst, const Mac& eth_dst, const net::IpAddress& target) {
    write_ethernet(out, our_mac, eth_dst, RTE_ETHER_TYPE_IPV6);
    auto* ip = reinterpret_cast<rte_ipv6_hdr*>(out.data() + kEthernetHeader);
    ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
    ip->payload_len = rte_cpu_to_be_16(kNdBody);
    ip->proto = IPPROTO_ICMPV6;
    ip->hop_limits = 255;  // RFC 4861 §7.1.1: ND is only accepted at 255
    std::memcpy(ip->src_addr, src.bytes.data(), 16);
    std::memcpy(ip->dst_addr, dst.bytes.data(), 16);
    uint8_t* body = out.data() + kEthernetHeader + kIpv6Header;
    std::memset(body, 0, kNdBody);
    body[0] = uint8_t(type);
    if (type == Nd::Advertisement) {
        const uint32_t flags = rte_cpu_to_be_32(kAdvertSolicitedOverride);
        std::memcpy(body + 4, &flags, 4);
    }
    std::memcpy(body + 8, target.bytes.data(), 16);
    body[24] = uint8_t(type == Nd::Advertisement ? NdOption::TargetLinkLayer : NdOption::SourceLinkLayer);
    body[25] = 1;  // in units of 8 bytes
    std::memcpy(body + 26, our_mac.data(), 6);
    const uint16_t checksum = rte_ipv6_udptcp_cksum(ip, body);  // any L4 with the pseudo-header
    std::memcpy(body + 2, &checksum, 2);
    return kEthernetHeader + kIpv6Header + kNdBody;
}

net::IpAddress solicited_node(const net::IpAddress& target) {
    net::IpAddress group = *net::IpAddress::parse("ff02::1:ff00:0");
    std::memcpy(group.bytes.data() + 13, target.bytes.data() + 13, 3);
    return group;
}

std::optional<NeighbourMessage> parse_arp(std::span<const uint8_t> frame) {
    if (frame.size() < kEthernetHeader + sizeof(rte_arp_hdr)) return std::nullopt;
    const auto* arp = reinterpret_cast<const rte_arp_hdr*>(frame.data() + kEthernetHeader);
    const uint16_t op = rte_be_to_cpu_16(arp->arp_opcode);
    if (arp->arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
        arp->arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) || arp->arp_plen != 4 ||
        (op != RTE_ARP_OP_REQUEST && op != RTE_ARP_OP_REPLY))
        return std::nullopt;
    NeighbourMessage m;
    m.request = op == RTE_ARP_OP_REQUEST;
    m.sender = net::IpAddress::v4_bytes(reinterpret_cast<const uint8_t*>(&arp->arp_data.arp_sip));
    std::memcpy(m.sender_mac.data(), arp->arp_data.arp_sha.addr_bytes, 6);
    // A reply answers for its sender address; a request asks about its target.
    m.target = m.request ? net::IpAddress::v4_bytes(reinterpret_cast<const uint8_t*>(&arp->arp_data.arp_tip))
                         : m.sender;
    return m;
}

std::optional<NeighbourMessage> parse_nd(std::span<const uint8_t> frame) {
    if (frame.size() < kEthernetHeader + kIpv6Header + 24) return std::nullopt;
    const auto* ip = reinterpret_cast<const rte_ipv6_hdr*>(frame.data() + kEthernetHeader);
    const uint8_t* body = frame.data() + kEthernetHeader + kIpv6Header;
    const auto type = Nd(body[0]);
    if (ip->proto != IPPROTO_ICMPV6 || (type != Nd::Solicitation && type != Nd::Advertisement)) return std::nullopt;
    NeighbourMessage m;
    m.request = type == Nd::Solicitation;
    m.target = net::IpAddress::v6_bytes(body + 8);
    m.sender = m.request ? net::IpAddress::v6_bytes(ip->src_addr) : m.target;
    std::memcpy(m.sender_mac.data(), frame.data() + 6, 6);  // the Ethernet source, unless an option says otherwise
    const std::size_t end = std::min(frame.size(), kEthernetHeader + kIpv6Header + rte_be_to_cpu_16(ip->payload_len));
    for (std::size_t at = kEthernetHeader + kIpv6Header + 24; at + 8 <= end && frame[at + 1] != 0;
         at += std::size_t(frame[at + 1]) * 8) {
        const auto option = NdOption(frame[at]);
        if (option == NdOption::SourceLinkLayer || option == NdOption::TargetLinkLayer)
            std::memcpy(m.sender_mac.data(), &frame[at + 2], 6);
    }
    return m;
}

}  // namespace

std::size_t write_neighbour_request(std::span<uint8_t> out, const Mac& our_mac, const net::IpAddress& sender,
                                    const net::IpAddress& target) {
    if (target.is_v4()) return write_arp(out, RTE_ARP_OP_REQUEST, our_mac, sender, Mac{}, target, kBroadcast);
    const net::IpAddress group = solicited_node(target);
    const Mac group_mac{0x33, 0x33, group.bytes[12], group.bytes[13], group.bytes[14], group.bytes[15]};
    return write_nd(out, Nd::Solicitation, our_mac, sender, group, group_mac, target);
}

std::size_t write_neighbour_answer(std::span<uint8_t> out, const Mac& our_mac, const NeighbourMessage& request) {
    if (request.target.is_v4())
        return write_arp(out, RTE_ARP_OP_REPLY, our_mac, request.target, request.sender_mac, request.sender,
                         request.sender_mac);
    return write_nd(out, Nd::Advertisement, our_mac, request.target, request.sender, request.sender_mac,
                    request.target);
}

std::optional<NeighbourMessage> parse_neighbour(std::span<const uint8_t> frame) {
    if (frame.size() < kEthernetHeader) return std::nullopt;
    const uint16_t ether_type = uint16_t(frame[12] << 8 | frame[13]);
    if (ether_type == RTE_ETHER_TYPE_ARP) return parse_arp(frame);
    if (ether_type == RTE_ETHER_TYPE_IPV6) return parse_nd(frame);
    return std::nullopt;
}

}  // namespace pb::pktgen
