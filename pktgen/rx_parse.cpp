// pktgen/rx_parse.cpp — Ethernet → IPv4/IPv6 (fragment header included) → UDP.
#include "pktgen/rx_parse.hpp"

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <algorithm>

#include "pktgen/frame.hpp"

namespace pb::pktgen {

namespace {

constexpr uint8_t kIcmpv6 = 58;

RxFrame only(RxKind kind) {
    RxFrame f;
    f.kind = kind;
    return f;
}

// The UDP header at `l4` and the payload after it, up to `l4_end`.
RxFrame udp_at(RxFrame out, std::span<const uint8_t> frame, std::size_t l4, std::size_t l4_end) {
    if (l4 + kUdpHeader > frame.size()) return RxFrame{};
    const auto* udp = reinterpret_cast<const rte_udp_hdr*>(frame.data() + l4);
    out.kind = RxKind::Udp;
    out.src_port = rte_be_to_cpu_16(udp->src_port);
    out.dst_port = rte_be_to_cpu_16(udp->dst_port);
    const std::size_t datagram_end = std::min<std::size_t>(l4 + rte_be_to_cpu_16(udp->dgram_len), l4_end);
    const std::size_t end = std::min(datagram_end, frame.size());
    out.payload = end > l4 + kUdpHeader ? frame.subspan(l4 + kUdpHeader, end - l4 - kUdpHeader)
                                        : std::span<const uint8_t>();
    return out;
}

RxFrame parse_ipv4(std::span<const uint8_t> frame) {
    if (frame.size() < kEthernetHeader + kIpv4Header) return RxFrame{};
    const auto* ip = reinterpret_cast<const rte_ipv4_hdr*>(frame.data() + kEthernetHeader);
    const std::size_t ihl = rte_ipv4_hdr_len(ip);
    RxFrame out;
    out.src_ip = reinterpret_cast<const uint8_t*>(&ip->src_addr);
    out.dst_ip = reinterpret_cast<const uint8_t*>(&ip->dst_addr);
    const uint16_t fragment = rte_be_to_cpu_16(ip->fragment_offset);
    if ((fragment & RTE_IPV4_HDR_OFFSET_MASK) != 0) return only(RxKind::LaterFragment);
    if (ip->next_proto_id != IPPROTO_UDP) return RxFrame{};
    out.fragment = (fragment & RTE_IPV4_HDR_MF_FLAG) != 0;
    const std::size_t l4 = kEthernetHeader + ihl;
    return udp_at(out, frame, l4, kEthernetHeader + rte_be_to_cpu_16(ip->total_length));
}

RxFrame parse_ipv6(std::span<const uint8_t> frame) {
    if (frame.size() < kEthernetHeader + kIpv6Header) return RxFrame{};
    const auto* ip = reinterpret_cast<const rte_ipv6_hdr*>(frame.data() + kEthernetHeader);
    RxFrame out;
    out.ipv6 = true;
    out.src_ip = ip->src_addr;
    out.dst_ip = ip->dst_addr;
    std::size_t l4 = kEthernetHeader + kIpv6Header;
    const std::size_t end = l4 + rte_be_to_cpu_16(ip->payload_len);
    uint8_t next = ip->proto;
    if (next == kIcmpv6) return only(RxKind::Neighbour);  // ND or other ICMPv6: neighbour.hpp decides
    if (next == IPPROTO_FRAGMENT) {
        if (frame.size() < l4 + sizeof(rte_ipv6_fragment_ext)) return RxFrame{};
        const auto* fh = reinterpret_cast<const rte_ipv6_fragment_ext*>(frame.data() + l4);
        const uint16_t offset_flags = rte_be_to_cpu_16(fh->frag_data);
        if ((offset_flags & 0xfff8) != 0) return only(RxKind::LaterFragment);
        out.fragment = (offset_flags & 1) != 0;
        next = fh->next_header;
        l4 += sizeof(rte_ipv6_fragment_ext);
    }
    if (next != IPPROTO_UDP) return RxFrame{};
    return udp_at(out, frame, l4, end);
}

}  // namespace

RxFrame parse_rx_frame(std::span<const uint8_t> frame) {
    if (frame.size() < kEthernetHeader) return RxFrame{};
    const uint16_t ether_type = uint16_t(frame[12] << 8 | frame[13]);
    switch (ether_type) {
        case RTE_ETHER_TYPE_IPV4: return parse_ipv4(frame);
        case RTE_ETHER_TYPE_IPV6: return parse_ipv6(frame);
        case RTE_ETHER_TYPE_ARP: return only(RxKind::Neighbour);
        default: return RxFrame{};
    }
}

}  // namespace pb::pktgen
