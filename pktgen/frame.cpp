// pktgen/frame.cpp — header writing and checksums for generated frames.
#include "pktgen/frame.hpp"

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <cstring>

namespace pb::pktgen {

void write_ethernet(std::span<uint8_t> frame, const Mac& src, const Mac& dst, uint16_t ether_type) {
    auto* eth = reinterpret_cast<rte_ether_hdr*>(frame.data());
    std::memcpy(eth->dst_addr.addr_bytes, dst.data(), 6);
    std::memcpy(eth->src_addr.addr_bytes, src.data(), 6);
    eth->ether_type = rte_cpu_to_be_16(ether_type);
}

std::size_t write_udp_frame(std::span<uint8_t> frame, const UdpFrameSpec& spec, std::size_t payload_len) {
    const bool ipv6 = !spec.src.address.is_v4();
    uint8_t* l3 = frame.data() + kEthernetHeader;
    const std::size_t l3_len = ipv6 ? kIpv6Header : kIpv4Header;
    auto* udp = reinterpret_cast<rte_udp_hdr*>(l3 + l3_len);
    const uint16_t udp_len = uint16_t(kUdpHeader + payload_len);
    write_ethernet(frame, spec.src_mac, spec.dst_mac, ipv6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
    udp->src_port = rte_cpu_to_be_16(spec.src.port);
    udp->dst_port = rte_cpu_to_be_16(spec.dst.port);
    udp->dgram_len = rte_cpu_to_be_16(udp_len);
    udp->dgram_cksum = 0;
    if (ipv6) {
        auto* ip = reinterpret_cast<rte_ipv6_hdr*>(l3);
        ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
        ip->payload_len = rte_cpu_to_be_16(udp_len);
        ip->proto = IPPROTO_UDP;
        ip->hop_limits = kDefaultTtl;
        std::memcpy(ip->src_addr, spec.src.address.bytes.data(), 16);
        std::memcpy(ip->dst_addr, spec.dst.address.bytes.data(), 16);
        udp->dgram_cksum = rte_ipv6_udptcp_cksum(ip, udp);
    } else {
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(l3);
        ip->version_ihl = RTE_IPV4_VHL_DEF;
        ip->type_of_service = 0;
        ip->total_length = rte_cpu_to_be_16(uint16_t(kIpv4Header + udp_len));
        ip->packet_id = rte_cpu_to_be_16(spec.ip_id);
        ip->fragment_offset = 0;
        ip->time_to_live = kDefaultTtl;
        ip->next_proto_id = IPPROTO_UDP;
        std::memcpy(&ip->src_addr, spec.src.address.bytes.data(), 4);
        std::memcpy(&ip->dst_addr, spec.dst.address.bytes.data(), 4);
        ip->hdr_checksum = 0;
        ip->hdr_checksum = rte_ipv4_cksum(ip);
        if (spec.udp_checksum) udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
    }
    return udp_payload_offset(ipv6) + payload_len;
}

void refresh_checksums(std::span<uint8_t> frame) {
    const auto* eth = reinterpret_cast<const rte_ether_hdr*>(frame.data());
    uint8_t* l3 = frame.data() + kEthernetHeader;
    if (eth->ether_type == rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV6)) {
        auto* ip = reinterpret_cast<rte_ipv6_hdr*>(l3);
        auto* udp = reinterpret_cast<rte_udp_hdr*>(l3 + kIpv6Header);
        udp->dgram_cksum = 0;
        udp->dgram_cksum = rte_ipv6_udptcp_cksum(ip, udp);
        return;
    }
    auto* ip = reinterpret_cast<rte_ipv4_hdr*>(l3);
    auto* udp = reinterpret_cast<rte_udp_hdr*>(l3 + kIpv4Header);
    ip->hdr_checksum = 0;
    ip->hdr_checksum = rte_ipv4_cksum(ip);
    if (udp->dgram_cksum != 0) {
        udp->dgram_cksum = 0;
        udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
    }
}

}  // namespace pb::pktgen
