// dataplane/udp_emit.cpp — in-place UDP datagram construction.
#include "dataplane/udp_emit.hpp"

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <cstring>

#include "dataplane/checksum.hpp"

namespace pb::dp {

namespace {
constexpr uint8_t kTtl = 64;

uint16_t l2_header_length(const LocalInterface& iface) {
    return uint16_t(sizeof(rte_ether_hdr) + (iface.vlan_id ? sizeof(rte_vlan_hdr) : 0));
}

void write_l2(uint8_t* at, const tables::Mac& dst, uint16_t ether_type, const LocalInterface& iface) {
    auto* eth = reinterpret_cast<rte_ether_hdr*>(at);
    std::memcpy(eth->dst_addr.addr_bytes, dst.data(), RTE_ETHER_ADDR_LEN);
    rte_ether_addr_copy(&iface.mac, &eth->src_addr);
    if (iface.vlan_id == 0) {
        eth->ether_type = rte_cpu_to_be_16(ether_type);
        return;
    }
    eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
    auto* vlan = reinterpret_cast<rte_vlan_hdr*>(eth + 1);
    vlan->vlan_tci = rte_cpu_to_be_16(iface.vlan_id);
    vlan->eth_proto = rte_cpu_to_be_16(ether_type);
}
}  // namespace

ObservedSource observed_source(const rte_mbuf* m, const UdpDatagram& dgram) {
    ObservedSource src;
    const auto* eth = rte_pktmbuf_mtod(m, const rte_ether_hdr*);
    std::memcpy(src.mac.data(), eth->src_addr.addr_bytes, RTE_ETHER_ADDR_LEN);
    const auto* l3 = rte_pktmbuf_mtod_offset(m, const uint8_t*, dgram.l2_len);
    if (dgram.ipv6) {
        src.address = net::IpAddress::v6_bytes(reinterpret_cast<const rte_ipv6_hdr*>(l3)->src_addr).unmapped();
    } else {
        src.address = net::IpAddress::v4_bytes(l3 + offsetof(rte_ipv4_hdr, src_addr));
    }
    const auto* udp = reinterpret_cast<const rte_udp_hdr*>(l3 + dgram.l3_len);
    src.port = rte_be_to_cpu_16(udp->src_port);
    return src;
}

bool resize_payload(rte_mbuf* m, uint16_t payload_offset, uint16_t length) {
    const uint32_t wanted = uint32_t(payload_offset) + length;
    if (m->next != nullptr) {  // a reassembled request: the reply fits the first segment
        if (rte_pktmbuf_data_len(m) < wanted) return false;
        rte_pktmbuf_free(m->next);
        m->next = nullptr;
        m->nb_segs = 1;
        m->pkt_len = m->data_len;
    }
    const uint32_t current = rte_pktmbuf_pkt_len(m);
    if (current > wanted) return rte_pktmbuf_trim(m, uint16_t(current - wanted)) == 0;
    return current == wanted || rte_pktmbuf_append(m, uint16_t(wanted - current)) != nullptr;
}

bool emit_udp(rte_mbuf* m, uint16_t payload_offset, const tables::NodeEndpoint& to, WorkerContext& ctx,
              std::optional<uint16_t> payload_sum) {
    const LocalInterface& iface = ctx.iface;
    const bool v4 = to.address.is_v4();
    if (v4 ? !iface.has_ipv4 : !iface.has_ipv6) return false;
    const uint16_t l2_len = l2_header_length(iface);
    const uint16_t l3_len = v4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr);
    const uint16_t header_len = uint16_t(l2_len + l3_len + sizeof(rte_udp_hdr));
    const uint32_t payload_len = rte_pktmbuf_pkt_len(m) - payload_offset;
    if (payload_len + sizeof(rte_udp_hdr) + (v4 ? l3_len : 0) > UINT16_MAX) return false;  // IPv6 → IPv4 jumbo
    if (header_len <= payload_offset) {
        rte_pktmbuf_adj(m, uint16_t(payload_offset - header_len));
    } else if (!rte_pktmbuf_prepend(m, uint16_t(header_len - payload_offset))) {
        return false;
    }
    const uint32_t udp_len = rte_pktmbuf_pkt_len(m) - l2_len - l3_len;
    // A datagram that will be fragmented needs its UDP checksum in software:
    // a NIC cannot checksum one spread over fragments.
    const TxOffloads offloads = l3_len + udp_len > iface.mtu ? TxOffloads{} : iface.offloads;
    uint8_t* frame = rte_pktmbuf_mtod(m, uint8_t*);
    m->ol_flags &= ~RTE_MBUF_F_TX_OFFLOAD_MASK;
    write_l2(frame, to.next_hop, v4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6, iface);

    auto* udp = reinterpret_cast<rte_udp_hdr*>(frame + l2_len + l3_len);
    udp->src_port = iface.beacon_port;
    udp->dst_port = rte_cpu_to_be_16(to.port);
    udp->dgram_len = rte_cpu_to_be_16(uint16_t(udp_len));
    if (v4) {
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(frame + l2_len);
        ip->version_ihl = RTE_IPV4_VHL_DEF;
        ip->type_of_service = 0;
        ip->total_length = rte_cpu_to_be_16(uint16_t(l3_len + udp_len));
        ip->packet_id = rte_cpu_to_be_16(ctx.ipv4_packet_id++);
        ip->fragment_offset = 0;
        ip->time_to_live = kTtl;
        ip->next_proto_id = IPPROTO_UDP;
        ip->src_addr = iface.ipv4;
        std::memcpy(reinterpret_cast<uint8_t*>(ip) + offsetof(rte_ipv4_hdr, dst_addr), to.address.bytes.data(), 4);
        complete_udp4_checksums(m, ip, udp, l2_len, offloads, payload_sum);
    } else {
        auto* ip = reinterpret_cast<rte_ipv6_hdr*>(frame + l2_len);
        ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
        ip->payload_len = rte_cpu_to_be_16(uint16_t(udp_len));
        ip->proto = IPPROTO_UDP;
        ip->hop_limits = kTtl;
        std::memcpy(ip->src_addr, iface.ipv6.data(), 16);
        std::memcpy(ip->dst_addr, to.address.bytes.data(), 16);
        complete_udp6_checksum(m, ip, udp, l2_len, offloads, payload_sum);
    }
    return true;
}

}  // namespace pb::dp
