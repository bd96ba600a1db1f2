// dataplane/ipv6_input.cpp — validates IPv6 headers, answers Neighbour
// Solicitations for our addresses (RFC 4861) and ICMPv6 echo in place, and
// passes UDP to the beacon port on to the beacon dispatcher.
#include "dataplane/ipv6_input.hpp"

#include <rte_byteorder.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include <cstring>

#include "dataplane/checksum.hpp"
#include "dataplane/fragments.hpp"
#include "dataplane/mbuf_trim.hpp"
#include "dataplane/punt.hpp"
#include "dataplane/udp_datagram.hpp"

namespace pb::dp {

namespace {

constexpr uint8_t kIcmp6EchoRequest = 128;
constexpr uint8_t kIcmp6EchoReply = 129;
constexpr uint8_t kNeighbourSolicitation = 135;
constexpr uint8_t kNeighbourAdvertisement = 136;
constexpr uint8_t kOptionSourceLinkLayer = 1;
constexpr uint8_t kOptionTargetLinkLayer = 2;
constexpr uint8_t kNdHopLimit = 255;
constexpr uint8_t kDefaultHopLimit = 64;
constexpr uint8_t kAllNodes[16] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

struct Icmp6Header {
    uint8_t type;
    uint8_t code;
    rte_be16_t checksum;
} __rte_packed;

// Neighbour Solicitation / Advertisement body after the 4-byte ICMPv6 header.
struct NeighbourMessage {
    rte_be32_t flags;  // NA: R S O bits; NS: reserved
    uint8_t target[16];
} __rte_packed;

struct LinkLayerOption {
    uint8_t type;
    uint8_t length;  // in units of 8 bytes
    uint8_t mac[RTE_ETHER_ADDR_LEN];
} __rte_packed;

constexpr rte_be32_t kNaSolicitedOverride = RTE_BE32(0x60000000);
constexpr rte_be32_t kNaOverride = RTE_BE32(0x20000000);
constexpr uint16_t kNaLength = sizeof(Icmp6Header) + sizeof(NeighbourMessage) + sizeof(LinkLayerOption);

bool is_solicited_node_multicast_of(const uint8_t* dst, const std::array<uint8_t, 16>& addr) {
    static constexpr uint8_t kPrefix[13] = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff};
    return std::memcmp(dst, kPrefix, sizeof kPrefix) == 0 && std::memcmp(dst + 13, addr.data() + 13, 3) == 0;
}

bool addressed_to_us(const uint8_t* dst, const LocalInterface& iface) {
    return iface.owns_ipv6(dst) || std::memcmp(dst, kAllNodes, 16) == 0 ||
           is_solicited_node_multicast_of(dst, iface.ipv6) ||
           is_solicited_node_multicast_of(dst, iface.ipv6_link_local);
}

bool is_unspecified(const uint8_t* address) { return std::memcmp(address, in6addr_any.s6_addr, 16) == 0; }

// RFC 4291 §2.7: ff00::/8. Never a sender.
bool is_multicast(const uint8_t* address) { return address[0] == 0xff; }

// A source no single host sends from (RFC 4291 §2.5.2-3, §2.7), or our own
// address looped back. The unspecified address is legal only in a DAD
// Neighbour Solicitation, which handle_neighbour_solicitation checks.
bool is_bogus_source(const uint8_t* src, const LocalInterface& iface) {
    return is_multicast(src) || std::memcmp(src, in6addr_loopback.s6_addr, 16) == 0 || iface.owns_ipv6(src);
}

void ipv6_multicast_mac(const uint8_t* group, rte_ether_addr& mac) {
    mac.addr_bytes[0] = 0x33;
    mac.addr_bytes[1] = 0x33;
    std::memcpy(mac.addr_bytes + 2, group + 12, 4);  // RFC 2464 §7
}

// Finishes an ICMPv6 reply that answers `ip`'s sender: addresses, hop limit,
// checksum, Ethernet header. A sender of :: (a DAD probe) is answered on
// the all-nodes group, at IP and Ethernet level.
Verdict send_icmp6_reply(rte_mbuf* m, rte_ipv6_hdr* ip, const uint8_t* our_source, uint8_t hop_limit,
                         WorkerContext& ctx) {
    uint8_t source[16];
    std::memcpy(source, our_source, 16);  // may point into the header being rewritten
    auto* eth = rte_pktmbuf_mtod(m, rte_ether_hdr*);
    l2_return_to_sender(eth, ctx.iface.mac);
    if (is_unspecified(ip->src_addr)) {
        std::memcpy(ip->dst_addr, kAllNodes, 16);
        ipv6_multicast_mac(kAllNodes, eth->dst_addr);
    } else {
        std::memcpy(ip->dst_addr, ip->src_addr, 16);
    }
    std::memcpy(ip->src_addr, source, 16);
    ip->hop_limits = hop_limit;
    auto* icmp = reinterpret_cast<Icmp6Header*>(ip + 1);
    icmp->checksum = 0;
    icmp->checksum = rte_ipv6_udptcp_cksum(ip, icmp);
    return Verdict::Transmit;
}

// RFC 4861 §7.1.1 validity of a solicitation beyond its length and hop
// limit: code 0, well-formed options, and a DAD probe (source ::) sent to a
// solicited-node group without a source link-layer option.
bool solicitation_is_valid(const rte_ipv6_hdr* ip, const Icmp6Header* icmp, uint16_t icmp_len) {
    if (icmp->code != 0) return false;
    const bool dad = is_unspecified(ip->src_addr);
    if (dad && !(ip->dst_addr[0] == 0xff && ip->dst_addr[1] == 0x02 && ip->dst_addr[11] == 1 && ip->dst_addr[12] == 0xff))
        return false;
    const auto* options = reinterpret_cast<const uint8_t*>(icmp) + sizeof(Icmp6Header) + sizeof(NeighbourMessage);
    uint32_t left = icmp_len - sizeof(Icmp6Header) - sizeof(NeighbourMessage);
    while (left > 0) {  // each option: type, length in 8-byte units (never 0)
        if (left < 2 || options[1] == 0 || options[1] * 8u > left) return false;
        if (dad && options[0] == kOptionSourceLinkLayer) return false;
        left -= options[1] * 8u;
        options += options[1] * 8u;
    }
    return true;
}

Verdict handle_neighbour_solicitation(rte_mbuf* m, uint16_t l2_len, rte_ipv6_hdr* ip, uint16_t icmp_len,
                                      WorkerContext& ctx) {
    auto* icmp = reinterpret_cast<Icmp6Header*>(ip + 1);
    if (icmp_len < sizeof(Icmp6Header) + sizeof(NeighbourMessage) || ip->hop_limits != kNdHopLimit ||
        !solicitation_is_valid(ip, icmp, icmp_len)) {
        ctx.counters.icmp6_malformed.add();
        return Verdict::Drop;
    }
    auto* ns = reinterpret_cast<NeighbourMessage*>(reinterpret_cast<uint8_t*>(icmp) + sizeof(Icmp6Header));
    if (!ctx.iface.owns_ipv6(ns->target)) {
        ctx.counters.icmp6_ignored.add();
        return Verdict::Drop;
    }
    // Rewrite as an Advertisement of the target, with our MAC as option.
    const uint16_t new_len = uint16_t(l2_len + sizeof(rte_ipv6_hdr) + kNaLength);
    if (rte_pktmbuf_pkt_len(m) < new_len && !rte_pktmbuf_append(m, uint16_t(new_len - rte_pktmbuf_pkt_len(m)))) {
        ctx.counters.icmp6_malformed.add();
        return Verdict::Drop;
    }
    trim_frame(m, new_len);
    icmp->type = kNeighbourAdvertisement;
    icmp->code = 0;
    // RFC 4861 §7.2.4: Solicited only in answer to a unicast-capable sender (not DAD).
    ns->flags = is_unspecified(ip->src_addr) ? kNaOverride : kNaSolicitedOverride;
    auto* option = reinterpret_cast<LinkLayerOption*>(ns + 1);
    option->type = kOptionTargetLinkLayer;
    option->length = 1;
    std::memcpy(option->mac, ctx.iface.mac.addr_bytes, RTE_ETHER_ADDR_LEN);
    ip->payload_len = rte_cpu_to_be_16(kNaLength);
    ctx.counters.nd_advert_sent.add();
    return send_icmp6_reply(m, ip, ns->target, kNdHopLimit, ctx);
}

Verdict handle_icmp6(rte_mbuf* m, uint16_t l2_len, rte_ipv6_hdr* ip, WorkerContext& ctx) {
    const uint16_t icmp_len = rte_be_to_cpu_16(ip->payload_len);
    if (icmp_len < sizeof(Icmp6Header) || rte_pktmbuf_data_len(m) < l2_len + sizeof(rte_ipv6_hdr) + icmp_len) {
        ctx.counters.icmp6_malformed.add();
        return Verdict::Drop;
    }
    if (l4_over_ipv6_checksum(m, ip, uint16_t(l2_len + sizeof(rte_ipv6_hdr))) != ChecksumVerdict::Good) {
        ctx.counters.icmp6_bad_checksum.add();
        return Verdict::Drop;
    }
    auto* icmp = reinterpret_cast<Icmp6Header*>(ip + 1);
    switch (icmp->type) {
        case kNeighbourSolicitation: return handle_neighbour_solicitation(m, l2_len, ip, icmp_len, ctx);
        case kIcmp6EchoRequest:
            if (!ctx.iface.owns_ipv6(ip->dst_addr)) break;
            if (is_unspecified(ip->src_addr)) {
                ctx.counters.ip_bad_source.add();
                return Verdict::Drop;
            }
            icmp->type = kIcmp6EchoReply;
            ctx.counters.icmp6_echo_replied.add();
            return send_icmp6_reply(m, ip, ip->dst_addr, kDefaultHopLimit, ctx);
        case kNeighbourAdvertisement:
            ctx.counters.nd_advert_punted.add();
            return punt_to_control(m, PuntReason::Neighbour, ctx);  // the neighbour table is the control plane's
        default: break;
    }
    ctx.counters.icmp6_ignored.add();
    return Verdict::Drop;
}

Verdict handle_udp6(rte_mbuf* m, uint16_t l2_len, rte_ipv6_hdr* ip, WorkerContext& ctx) {
    const uint16_t l4_len = rte_be_to_cpu_16(ip->payload_len);
    const uint16_t l4_offset = uint16_t(l2_len + sizeof(rte_ipv6_hdr));
    if (l4_len < sizeof(rte_udp_hdr) || rte_pktmbuf_data_len(m) < l4_offset + sizeof(rte_udp_hdr)) {
        ctx.counters.udp_malformed.add();
        return Verdict::Drop;
    }
    auto* udp = reinterpret_cast<rte_udp_hdr*>(ip + 1);
    if (rte_be_to_cpu_16(udp->dgram_len) != l4_len) {
        ctx.counters.udp_malformed.add();
        return Verdict::Drop;
    }
    if (udp->dst_port != ctx.iface.beacon_port || !ctx.iface.owns_ipv6(ip->dst_addr)) {
        ctx.counters.udp_other_port.add();
        return Verdict::Drop;
    }
    if (l4_over_ipv6_checksum(m, ip, l4_offset) != ChecksumVerdict::Good) {
        ctx.counters.udp_bad_checksum.add();
        return Verdict::Drop;
    }
    UdpDatagram dgram;
    dgram.l2_len = l2_len;
    dgram.l3_len = sizeof(rte_ipv6_hdr);
    dgram.ipv6 = true;
    dgram.payload_offset = uint16_t(l4_offset + sizeof(rte_udp_hdr));
    dgram.payload_len = uint16_t(l4_len - sizeof(rte_udp_hdr));
    return handle_beacon_datagram(m, dgram, ctx);
}

}  // namespace

Verdict handle_ipv6(rte_mbuf* m, const L2Header& l2, WorkerContext& ctx) {
    const uint32_t frame_len = rte_pktmbuf_pkt_len(m);
    if (!ctx.iface.has_ipv6) {
        ctx.counters.ip_not_for_us.add();
        return Verdict::Drop;
    }
    if (rte_pktmbuf_data_len(m) < l2.length + sizeof(rte_ipv6_hdr)) {
        ctx.counters.ip_malformed.add();
        return Verdict::Drop;
    }
    auto* ip = rte_pktmbuf_mtod_offset(m, rte_ipv6_hdr*, l2.length);
    const uint32_t total = sizeof(rte_ipv6_hdr) + rte_be_to_cpu_16(ip->payload_len);
    if ((rte_be_to_cpu_32(ip->vtc_flow) >> 28) != 6 || l2.length + total > frame_len) {
        ctx.counters.ip_malformed.add();
        return Verdict::Drop;
    }
    if (!addressed_to_us(ip->dst_addr, ctx.iface)) {
        ctx.counters.ip_not_for_us.add();
        return Verdict::Drop;
    }
    if (is_bogus_source(ip->src_addr, ctx.iface) || (is_unspecified(ip->src_addr) && ip->proto != IPPROTO_ICMPV6)) {
        ctx.counters.ip_bad_source.add();
        return Verdict::Drop;
    }
    trim_frame(m, l2.length + total);  // Ethernet padding, or junk after the datagram
    switch (ip->proto) {
        case IPPROTO_UDP: return handle_udp6(m, l2.length, ip, ctx);
        case IPPROTO_ICMPV6: return handle_icmp6(m, l2.length, ip, ctx);
        case IPPROTO_FRAGMENT: return handle_fragment(m, l2, ctx);
        default: ctx.counters.ip_other_protocol.add(); return Verdict::Drop;
    }
}

}  // namespace pb::dp
