// controlplane/wss/mbuf_udp_out.cpp — building a UDP datagram in an mbuf chain.
#include "controlplane/wss/mbuf_udp_out.hpp"

#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <cstring>

#include "common/wire/types.hpp"

namespace pb::cp::wss {

namespace {

constexpr uint8_t kHopLimit = 64;
constexpr size_t kMaxIpPacket = 65535;

size_t l2_length(const dp::LocalInterface& iface) {
    return sizeof(rte_ether_hdr) + (iface.vlan_id != 0 ? sizeof(rte_vlan_hdr) : 0);
}

// Appends `bytes` to the chain, allocating segments as it fills; false: no mbuf.
bool append_bytes(rte_mbuf* head, rte_mbuf*& tail, rte_mempool* pool, std::span<const uint8_t> bytes) {
    while (!bytes.empty()) {
        if (rte_pktmbuf_tailroom(tail) == 0) {
            rte_mbuf* segment = rte_pktmbuf_alloc(pool);
            if (segment == nullptr || rte_pktmbuf_chain(head, segment) != 0) {
                rte_pktmbuf_free(segment);
                return false;
            }
            tail = segment;
        }
        const uint16_t n = uint16_t(std::min<size_t>(bytes.size(), rte_pktmbuf_tailroom(tail)));
        std::memcpy(rte_pktmbuf_mtod_offset(tail, uint8_t*, tail->data_len), bytes.data(), n);
        tail->data_len = uint16_t(tail->data_len + n);
        head->pkt_len += n;
        bytes = bytes.subspan(n);
    }
    return true;
}

}  // namespace

UdpResult MbufUdpOut::send(const tables::NodeEndpoint& to, std::span<const uint8_t> head,
                           std::span<const uint8_t> body) {
    const bool v4 = to.address.is_v4();
    const size_t l3 = v4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr);
    const size_t message_len = head.size() + body.size();
    // IPv4 counts its header in the 65,535; IPv6's payload length excludes it.
    if (!(v4 ? iface_.has_ipv4 : iface_.has_ipv6) || sizeof(rte_udp_hdr) + message_len + (v4 ? l3 : 0) > kMaxIpPacket)
        return UdpResult::Unroutable;
    rte_mbuf* m = build(l2_length(iface_) + l3 + sizeof(rte_udp_hdr), head, body);
    if (m == nullptr) return UdpResult::NoMbuf;
    write_headers(m, to, message_len);
    return transmit_(m) ? UdpResult::Sent : UdpResult::ChannelFull;
}

rte_mbuf* MbufUdpOut::build(size_t header_len, std::span<const uint8_t> head,
                            std::span<const uint8_t> body) {
    rte_mbuf* m = rte_pktmbuf_alloc(pool_);
    if (m == nullptr) return nullptr;
    rte_mbuf* tail = m;
    if (rte_pktmbuf_append(m, uint16_t(header_len)) == nullptr || !append_bytes(m, tail, pool_, head) ||
        !append_bytes(m, tail, pool_, body)) {
        rte_pktmbuf_free(m);
        return nullptr;
    }
    return m;
}

void MbufUdpOut::write_headers(rte_mbuf* m, const tables::NodeEndpoint& to, size_t message_len) {
    const bool v4 = to.address.is_v4();
    const uint16_t l2 = uint16_t(l2_length(iface_));
    const uint16_t udp_len = uint16_t(sizeof(rte_udp_hdr) + message_len);
    auto* eth = rte_pktmbuf_mtod(m, rte_ether_hdr*);
    std::memcpy(eth->dst_addr.addr_bytes, to.next_hop.data(), RTE_ETHER_ADDR_LEN);
    rte_ether_addr_copy(&iface_.mac, &eth->src_addr);
    const uint16_t ether_type = v4 ? RTE_ETHER_TYPE_IPV4 : RTE_ETHER_TYPE_IPV6;
    if (iface_.vlan_id != 0) {
        auto* tag = reinterpret_cast<rte_vlan_hdr*>(eth + 1);
        *tag = {rte_cpu_to_be_16(iface_.vlan_id), rte_cpu_to_be_16(ether_type)};
        eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_VLAN);
    } else {
        eth->ether_type = rte_cpu_to_be_16(ether_type);
    }
    uint8_t* l3 = rte_pktmbuf_mtod_offset(m, uint8_t*, l2);
    auto* udp = reinterpret_cast<rte_udp_hdr*>(l3 + (v4 ? sizeof(rte_ipv4_hdr) : sizeof(rte_ipv6_hdr)));
    *udp = {iface_.beacon_port, rte_cpu_to_be_16(to.port), rte_cpu_to_be_16(udp_len), 0};
    // Checksums in software: the datagram may be fragmented, and the port's
    // offload flags are not set on frames the control plane builds.
    m->l2_len = l2;
    if (v4) {
        auto* ip = reinterpret_cast<rte_ipv4_hdr*>(l3);
        std::memset(ip, 0, sizeof *ip);
        ip->version_ihl = RTE_IPV4_VHL_DEF;
        ip->total_length = rte_cpu_to_be_16(uint16_t(sizeof(rte_ipv4_hdr) + udp_len));
        ip->packet_id = rte_cpu_to_be_16(ipv4_id_++);
        ip->time_to_live = kHopLimit;
        ip->next_proto_id = IPPROTO_UDP;
        ip->src_addr = iface_.ipv4;
        std::memcpy(&ip->dst_addr, to.address.bytes.data(), sizeof ip->dst_addr);
        m->l3_len = sizeof(rte_ipv4_hdr);
        ip->hdr_checksum = rte_ipv4_cksum(ip);
        udp->dgram_cksum = rte_ipv4_udptcp_cksum_mbuf(m, ip, uint16_t(l2 + sizeof(rte_ipv4_hdr)));
    } else {
        auto* ip = reinterpret_cast<rte_ipv6_hdr*>(l3);
        ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
        ip->payload_len = rte_cpu_to_be_16(udp_len);
        ip->proto = IPPROTO_UDP;
        ip->hop_limits = kHopLimit;
        std::memcpy(ip->src_addr, iface_.ipv6.data(), sizeof ip->src_addr);
        std::memcpy(ip->dst_addr, to.address.bytes.data(), sizeof ip->dst_addr);
        m->l3_len = sizeof(rte_ipv6_hdr);
        udp->dgram_cksum = rte_ipv6_udptcp_cksum_mbuf(m, ip, uint16_t(l2 + sizeof(rte_ipv6_hdr)));
    }
}

}  // namespace pb::cp::wss
