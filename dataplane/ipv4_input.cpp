// dataplane/ipv4_input.cpp — validates IPv4 headers (version, lengths,
// checksum, destination), answers ICMP echo in place and passes UDP to the
// beacon port on to the beacon dispatcher. Everything else is counted.
#include "dataplane/ipv4_input.hpp"

#include <rte_byteorder.h>
#include <rte_icmp.h>
#include <rte_ip_frag.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "dataplane/checksum.hpp"
#include "dataplane/fragments.hpp"
#include "dataplane/mbuf_trim.hpp"
#include "dataplane/udp_datagram.hpp"

namespace pb::dp {

namespace {

constexpr uint8_t kDefaultTtl = 64;

// RFC 1122 §3.2.1.3: a source no single host sends from — this network
// (0/8), loopback (127/8), multicast and reserved (224/3 includes the
// limited broadcast), our subnet's broadcast — or our own address.
bool is_bogus_source(rte_be32_t src_be, const LocalInterface& iface) {
    const uint32_t src = rte_be_to_cpu_32(src_be);
    const uint8_t first = uint8_t(src >> 24);
    return first == 0 || first == 127 || first >= 224 || src_be == iface.ipv4 ||
           (iface.ipv4_broadcast != 0 && src_be == iface.ipv4_broadcast);
}

Verdict handle_icmp_echo(rte_mbuf* m, uint16_t l2_len, rte_ipv4_hdr* ip, WorkerContext& ctx) {
    const uint16_t ip_len = rte_ipv4_hdr_len(ip);
    const uint16_t icmp_len = rte_be_to_cpu_16(ip->total_length) - ip_len;
    // Echo is answered from contiguous frames only (no reassembled pings).
    if (icmp_len < sizeof(rte_icmp_hdr) || rte_pktmbuf_data_len(m) < l2_len + ip_len + icmp_len) {
        ctx.counters.icmp_ignored.add();
        return Verdict::Drop;
    }
    auto* icmp = reinterpret_cast<rte_icmp_hdr*>(reinterpret_cast<uint8_t*>(ip) + ip_len);
    if (icmp->icmp_type != RTE_IP_ICMP_ECHO_REQUEST || icmp->icmp_code != 0) {
        ctx.counters.icmp_ignored.add();
        return Verdict::Drop;
    }
    if (rte_raw_cksum(icmp, icmp_len) != 0xffff) {
        ctx.counters.icmp_bad_checksum.add();
        return Verdict::Drop;
    }
    icmp->icmp_type = RTE_IP_ICMP_ECHO_REPLY;
    icmp->icmp_cksum = 0;
    icmp->icmp_cksum = ~rte_raw_cksum(icmp, icmp_len);
    const rte_be32_t peer = ip->src_addr;
    ip->src_addr = ip->dst_addr;
    ip->dst_addr = peer;
    ip->time_to_live = kDefaultTtl;
    ip->hdr_checksum = 0;
    ip->hdr_checksum = rte_ipv4_cksum(ip);
    l2_return_to_sender(rte_pktmbuf_mtod(m, rte_ether_hdr*), ctx.iface.mac);
    ctx.counters.icmp_echo_replied.add();
    return Verdict::Transmit;
}

Verdict handle_udp(rte_mbuf* m, uint16_t l2_len, rte_ipv4_hdr* ip, WorkerContext& ctx) {
    const uint16_t ip_len = rte_ipv4_hdr_len(ip);
    const uint16_t l4_len = rte_be_to_cpu_16(ip->total_length) - ip_len;
    if (l4_len < sizeof(rte_udp_hdr) || rte_pktmbuf_data_len(m) < l2_len + ip_len + sizeof(rte_udp_hdr)) {
        ctx.counters.udp_malformed.add();
        return Verdict::Drop;
    }
    auto* udp = reinterpret_cast<rte_udp_hdr*>(reinterpret_cast<uint8_t*>(ip) + ip_len);
    if (rte_be_to_cpu_16(udp->dgram_len) != l4_len) {
        ctx.counters.udp_malformed.add();
        return Verdict::Drop;
    }
    if (udp->dst_port != ctx.iface.beacon_port) {
        ctx.counters.udp_other_port.add();
        return Verdict::Drop;
    }
    if (udp4_checksum(m, ip, udp, l2_len + ip_len) != ChecksumVerdict::Good) {
        ctx.counters.udp_bad_checksum.add();
        return Verdict::Drop;
    }
    UdpDatagram dgram;
    dgram.l2_len = l2_len;
    dgram.l3_len = ip_len;
    dgram.payload_offset = uint16_t(l2_len + ip_len + sizeof(rte_udp_hdr));
    dgram.payload_len = uint16_t(l4_len - sizeof(rte_udp_hdr));
    return handle_beacon_datagram(m, dgram, ctx);
}

}  // namespace

Verdict handle_ipv4(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx) {
    const uint32_t frame_len = rte_pktmbuf_pkt_len(m);
    if (rte_pktmbuf_data_len(m) < l2.length + sizeof(rte_ipv4_hdr)) {
        ctx.counters.ip_malformed.add();
        return Verdict::Drop;
    }
    auto* ip = rte_pktmbuf_mtod_offset(m, rte_ipv4_hdr*, l2.length);
    const uint16_t ip_len = rte_ipv4_hdr_len(ip);
    const uint16_t total = rte_be_to_cpu_16(ip->total_length);
    if ((ip->version_ihl >> 4) != 4 || ip_len < sizeof(rte_ipv4_hdr) || total < ip_len ||
        l2.length + total > frame_len || rte_pktmbuf_data_len(m) < l2.length + ip_len) {
        ctx.counters.ip_malformed.add();
        return Verdict::Drop;
    }
    if (ipv4_header_checksum(m, ip) != ChecksumVerdict::Good) {
        ctx.counters.ip_bad_checksum.add();
        return Verdict::Drop;
    }
    if (!ctx.iface.has_ipv4 || ip->dst_addr != ctx.iface.ipv4) {
        ctx.counters.ip_not_for_us.add();
        return Verdict::Drop;
    }
    if (is_bogus_source(ip->src_addr, ctx.iface)) {
        ctx.counters.ip_bad_source.add();
        return Verdict::Drop;
    }
    trim_frame(m, l2.length + total);  // Ethernet padding, or junk after the datagram
    if (rte_ipv4_frag_pkt_is_fragmented(ip)) return handle_fragment(m, l2, ctx);
    switch (ip->next_proto_id) {
        case IPPROTO_UDP: return handle_udp(m, l2.length, ip, ctx);
        case IPPROTO_ICMP: return handle_icmp_echo(m, l2.length, ip, ctx);
        default: ctx.counters.ip_other_protocol.add(); return Verdict::Drop;
    }
}

}  // namespace pb::dp
