// controlplane/neighbours/neighbour_frames.cpp — ARP/ND request building and
// reply parsing.
#include "controlplane/neighbours/neighbour_frames.hpp"

#include <rte_arp.h>
#include <rte_byteorder.h>
#include <rte_ip.h>

#include <algorithm>
#include <cstring>

#include "controlplane/neighbours/addresses.hpp"

namespace pb::cp::nbr {

namespace {

// ICMPv6 (RFC 4443) and Neighbour Discovery (RFC 4861) numbers.
enum : uint8_t { kIcmp6 = 58, kNdHopLimit = 255, kNeighbourSolicitation = 135, kNeighbourAdvertisement = 136 };
enum : uint8_t { kOptionSourceLinkLayer = 1, kOptionTargetLinkLayer = 2 };
// ICMPv6 type, code, checksum, reserved/flags, then the 16-byte target.
constexpr size_t kNdBody = 4 + 4 + 16;
constexpr size_t kLinkLayerOption = 8;

}  // namespace

size_t build_arp_request(RequestFrame& out, const dp::LocalInterface& iface, const net::IpAddress& target,
                         const std::optional<Mac>& unicast_to) {
    if (!iface.has_ipv4 || !target.is_v4()) return 0;
    out.fill(0);
    const size_t l2 = frames::write_l2(out, unicast_to.value_or(frames::kBroadcastMac), frames::kEtherTypeArp, iface);
    auto* arp = reinterpret_cast<rte_arp_hdr*>(out.data() + l2);
    arp->arp_hardware = rte_cpu_to_be_16(RTE_ARP_HRD_ETHER);
    arp->arp_protocol = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
    arp->arp_hlen = RTE_ETHER_ADDR_LEN;
    arp->arp_plen = sizeof(uint32_t);
    arp->arp_opcode = rte_cpu_to_be_16(RTE_ARP_OP_REQUEST);
    rte_ether_addr_copy(&iface.mac, &arp->arp_data.arp_sha);
    arp->arp_data.arp_sip = iface.ipv4;
    std::memcpy(&arp->arp_data.arp_tip, target.bytes.data(), 4);  // arp_tha stays zero
    return std::max(l2 + sizeof(rte_arp_hdr), frames::kMinFrameSize);
}

size_t build_neighbour_solicitation(RequestFrame& out, const dp::LocalInterface& iface, const net::IpAddress& target,
                                    const std::optional<Mac>& unicast_to) {
    if (!iface.has_ipv6 || target.is_v4()) return 0;
    out.fill(0);
    // Solicited-node multicast: ff02::1:ffXX:XXXX and its MAC 33:33:ff:XX:XX:XX.
    std::array<uint8_t, 16> group = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff};
    std::copy_n(target.bytes.begin() + 13, 3, group.begin() + 13);
    const Mac multicast = {0x33, 0x33, 0xff, target.bytes[13], target.bytes[14], target.bytes[15]};
    const size_t l2 = frames::write_l2(out, unicast_to.value_or(multicast), frames::kEtherTypeIpv6, iface);

    const uint16_t icmp_len = kNdBody + kLinkLayerOption;
    auto* ip = reinterpret_cast<rte_ipv6_hdr*>(out.data() + l2);
    ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
    ip->payload_len = rte_cpu_to_be_16(icmp_len);
    ip->proto = kIcmp6;
    ip->hop_limits = kNdHopLimit;
    const auto& source = is_ipv6_link_local(target) ? iface.ipv6_link_local : iface.ipv6;
    std::memcpy(ip->src_addr, source.data(), 16);
    std::memcpy(ip->dst_addr, unicast_to ? target.bytes.data() : group.data(), 16);

    uint8_t* icmp = out.data() + l2 + sizeof(rte_ipv6_hdr);
    icmp[0] = kNeighbourSolicitation;
    std::memcpy(icmp + 8, target.bytes.data(), 16);
    uint8_t* option = icmp + kNdBody;
    option[0] = kOptionSourceLinkLayer;
    option[1] = 1;  // units of 8 bytes
    std::memcpy(option + 2, iface.mac.addr_bytes, RTE_ETHER_ADDR_LEN);
    const uint16_t checksum = rte_ipv6_udptcp_cksum(ip, icmp);
    std::memcpy(icmp + 2, &checksum, sizeof checksum);  // already in network order
    return l2 + sizeof(rte_ipv6_hdr) + icmp_len;
}

namespace {

std::optional<NeighbourReply> parse_arp_reply(std::span<const uint8_t> l3) {
    if (l3.size() < sizeof(rte_arp_hdr)) return std::nullopt;
    rte_arp_hdr arp;
    std::memcpy(&arp, l3.data(), sizeof arp);
    if (arp.arp_hardware != rte_cpu_to_be_16(RTE_ARP_HRD_ETHER) ||
        arp.arp_protocol != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4) || arp.arp_hlen != RTE_ETHER_ADDR_LEN ||
        arp.arp_plen != sizeof(uint32_t) || arp.arp_opcode != rte_cpu_to_be_16(RTE_ARP_OP_REPLY))
        return std::nullopt;
    NeighbourReply reply;
    reply.address = net::IpAddress::v4_bytes(reinterpret_cast<const uint8_t*>(&arp.arp_data.arp_sip));
    std::copy_n(arp.arp_data.arp_sha.addr_bytes, reply.mac.size(), reply.mac.begin());
    return reply;
}

std::optional<NeighbourReply> parse_advertisement(std::span<const uint8_t> l3, const Mac& ethernet_source) {
    if (l3.size() < sizeof(rte_ipv6_hdr) + kNdBody) return std::nullopt;
    rte_ipv6_hdr ip;
    std::memcpy(&ip, l3.data(), sizeof ip);
    const size_t icmp_len = rte_be_to_cpu_16(ip.payload_len);
    if (ip.proto != kIcmp6 || icmp_len < kNdBody || l3.size() < sizeof ip + icmp_len) return std::nullopt;
    const std::span<const uint8_t> icmp = l3.subspan(sizeof ip, icmp_len);
    if (icmp[0] != kNeighbourAdvertisement || icmp[1] != 0) return std::nullopt;
    NeighbourReply reply{net::IpAddress::v6_bytes(icmp.data() + 8), ethernet_source};
    for (size_t at = kNdBody; at + 2 <= icmp.size();) {
        const size_t length = size_t(icmp[at + 1]) * 8;
        if (length == 0 || at + length > icmp.size()) return std::nullopt;  // RFC 4861 §4.6: zero length is invalid
        if (icmp[at] == kOptionTargetLinkLayer && length >= 8) std::copy_n(icmp.begin() + at + 2, 6, reply.mac.begin());
        at += length;
    }
    return reply;
}

}  // namespace

std::optional<NeighbourReply> parse_neighbour_reply(std::span<const uint8_t> frame) {
    const auto l2 = frames::parse_l2(frame);
    if (!l2) return std::nullopt;
    const std::span<const uint8_t> l3 = frame.subspan(l2->length);
    switch (l2->ether_type) {
        case frames::kEtherTypeArp: return parse_arp_reply(l3);
        case frames::kEtherTypeIpv6: return parse_advertisement(l3, l2->source);
        default: return std::nullopt;
    }
}

}  // namespace pb::cp::nbr
