// dataplane/frag/parse.cpp — per-fragment validation for IPv4 (RFC 791) and
// IPv6 (RFC 8200 §4.5: the Fragment header directly after the fixed header).
#include "dataplane/frag/parse.hpp"

#include <rte_byteorder.h>
#include <rte_ip.h>

#include <netinet/in.h>

namespace pb::dp::frag {

namespace {

constexpr uint32_t kMaxDatagram = 65535;
constexpr uint16_t kUdpHeader = 8;
constexpr uint16_t kFragmentAlign = 8;

// Rules shared by both families once the header fields are decoded.
ParseResult check_data(const rte_mbuf* m, const FragmentView& v, uint32_t ip_header_len) {
    if (v.key.protocol != IPPROTO_UDP) return ParseResult::OtherProtocol;
    if (v.length == 0) return ParseResult::Malformed;
    if (v.more && v.length % kFragmentAlign != 0) return ParseResult::Misaligned;
    if (ip_header_len + v.offset + v.length > kMaxDatagram) return ParseResult::TooBig;
    if (v.offset == 0) {
        if (v.length < kMinFirstFragmentData) return ParseResult::TinyFirst;
        if (rte_pktmbuf_data_len(m) < v.header_len + kMinFirstFragmentData) return ParseResult::Malformed;
    }
    return ParseResult::Fragment;
}

ParseResult parse_ipv4(const rte_mbuf* m, uint16_t l2_len, FragmentView& v) {
    const uint32_t in_segment = rte_pktmbuf_data_len(m);
    if (in_segment < l2_len + sizeof(rte_ipv4_hdr)) return ParseResult::Malformed;
    const auto* ip = rte_pktmbuf_mtod_offset(m, const rte_ipv4_hdr*, l2_len);
    const uint32_t ihl = rte_ipv4_hdr_len(ip);
    const uint32_t total = rte_be_to_cpu_16(ip->total_length);
    if (ihl < sizeof(rte_ipv4_hdr) || in_segment < l2_len + ihl || total < ihl ||
        l2_len + total > rte_pktmbuf_pkt_len(m))
        return ParseResult::Malformed;
    const uint16_t flags_offset = rte_be_to_cpu_16(ip->fragment_offset);
    v.offset = uint16_t((flags_offset & RTE_IPV4_HDR_OFFSET_MASK) * RTE_IPV4_HDR_OFFSET_UNITS);
    v.more = (flags_offset & RTE_IPV4_HDR_MF_FLAG) != 0;
    if (!v.more && v.offset == 0) return ParseResult::NotFragment;
    read_flow_key(m, l2_len, v.key);
    v.l2_len = l2_len;
    v.header_len = uint16_t(l2_len + ihl);
    v.length = uint16_t(total - ihl);
    return check_data(m, v, ihl);
}

ParseResult parse_ipv6(const rte_mbuf* m, uint16_t l2_len, FragmentView& v) {
    const uint32_t in_segment = rte_pktmbuf_data_len(m);
    if (in_segment < l2_len + sizeof(rte_ipv6_hdr)) return ParseResult::Malformed;
    const auto* ip = rte_pktmbuf_mtod_offset(m, const rte_ipv6_hdr*, l2_len);
    const uint32_t payload = rte_be_to_cpu_16(ip->payload_len);
    if (l2_len + sizeof(rte_ipv6_hdr) + payload > rte_pktmbuf_pkt_len(m)) return ParseResult::Malformed;
    if (ip->proto != IPPROTO_FRAGMENT) return ParseResult::NotFragment;
    constexpr uint32_t kHeaders = sizeof(rte_ipv6_hdr) + sizeof(rte_ipv6_fragment_ext);
    if (in_segment < l2_len + kHeaders || payload < sizeof(rte_ipv6_fragment_ext)) return ParseResult::Malformed;
    const auto* fh = reinterpret_cast<const rte_ipv6_fragment_ext*>(ip + 1);
    const uint16_t frag_data = rte_be_to_cpu_16(fh->frag_data);
    read_flow_key(m, l2_len, v.key);
    v.l2_len = l2_len;
    v.header_len = uint16_t(l2_len + kHeaders);
    v.offset = uint16_t(frag_data & RTE_IPV6_EHDR_FO_MASK);
    v.more = RTE_IPV6_GET_MF(frag_data) != 0;
    v.length = uint16_t(payload - sizeof(rte_ipv6_fragment_ext));
    if (!v.more && v.offset == 0) {
        if (v.key.protocol != IPPROTO_UDP) return ParseResult::OtherProtocol;
        if (v.length < kUdpHeader || in_segment < uint32_t(v.header_len) + kUdpHeader) return ParseResult::TinyFirst;
        return ParseResult::AtomicIpv6;
    }
    // The unfragmentable part is the fixed header alone: RFC 8200's limit
    // is on the reassembled payload length.
    return check_data(m, v, 0);
}

}  // namespace

ParseResult parse_fragment(const rte_mbuf* m, uint16_t l2_len, FragmentView& view) {
    view = FragmentView{};
    if (rte_pktmbuf_data_len(m) < l2_len + 1) return ParseResult::Malformed;
    switch (*rte_pktmbuf_mtod_offset(m, const uint8_t*, l2_len) >> 4) {
        case 4: return parse_ipv4(m, l2_len, view);
        case 6: return parse_ipv6(m, l2_len, view);
        default: return ParseResult::Malformed;
    }
}

}  // namespace pb::dp::frag
