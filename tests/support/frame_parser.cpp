// tests/support/frame_parser.cpp — layer-by-layer parsing of sent frames.
// Each layer checks its length before reading, and records why it stopped.
#include "tests/support/frame_parser.hpp"

#include <algorithm>

#include "tests/support/byte_io.hpp"
#include "tests/support/inet_checksum.hpp"

namespace pb::test {

namespace {

constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kArpBody = 28;
constexpr std::size_t kIpv6Header = 40;
constexpr uint8_t kOptionTargetLinkLayer = 2;

using Span = std::span<const uint8_t>;

void parse_arp(Span l3, ParsedFrame& out) {
    if (l3.size() < kArpBody) {
        out.error = "ARP body shorter than 28 bytes";
        return;
    }
    ArpFields arp;
    arp.hardware = read_be<uint16_t>(l3, 0);
    arp.protocol = read_be<uint16_t>(l3, 2);
    arp.hlen = l3[4];
    arp.plen = l3[5];
    arp.opcode = read_be<uint16_t>(l3, 6);
    std::copy_n(l3.begin() + 8, 6, arp.sha.begin());
    arp.spa = read_address(l3, 14, false);
    std::copy_n(l3.begin() + 18, 6, arp.tha.begin());
    arp.tpa = read_address(l3, 24, false);
    out.arp = arp;
    out.trailing_bytes = l3.size() - kArpBody;
}

void parse_udp(const ParsedIp& ip, Span segment, ParsedFrame& out) {
    if (segment.size() < 8) {
        out.error = "UDP header truncated";
        return;
    }
    ParsedUdp udp;
    udp.src_port = read_be<uint16_t>(segment, 0);
    udp.dst_port = read_be<uint16_t>(segment, 2);
    udp.length = read_be<uint16_t>(segment, 4);
    udp.checksum = read_be<uint16_t>(segment, 6);
    udp.checksum_ok = udp.checksum != 0 && pseudo_header_checksum_ok(ip.src, ip.dst, kProtoUdp, segment);
    udp.payload.assign(segment.begin() + 8, segment.end());
    if (udp.length != segment.size()) out.error = "UDP length differs from the IP payload length";
    out.udp = std::move(udp);
}

void parse_icmp(const ParsedIp& ip, Span segment, ParsedFrame& out) {
    if (segment.size() < 4) {
        out.error = "ICMP header truncated";
        return;
    }
    ParsedIcmp icmp;
    icmp.type = segment[0];
    icmp.code = segment[1];
    icmp.checksum = read_be<uint16_t>(segment, 2);
    icmp.checksum_ok = ip.version == 6 ? pseudo_header_checksum_ok(ip.src, ip.dst, kProtoIcmp6, segment)
                                       : fold_complement(ones_sum(segment)) == 0;
    icmp.body.assign(segment.begin() + 4, segment.end());
    out.icmp = std::move(icmp);
}

// Fills `ip` from the header at the start of `l3`; returns the header length
// or 0 (with out.error set) when the header is unusable.
std::size_t parse_ip_header(Span l3, ParsedIp& ip, ParsedFrame& out) {
    if (l3.empty()) {
        out.error = "no IP header";
        return 0;
    }
    ip.version = l3[0] >> 4;
    if (ip.version == 4 && l3.size() >= 20 && (l3[0] & 0x0f) >= 5 && l3.size() >= std::size_t(l3[0] & 0x0f) * 4) {
        ip.header_len = uint16_t((l3[0] & 0x0f) * 4);
        ip.total_len = read_be<uint16_t>(l3, 2);
        ip.fragment_field = read_be<uint16_t>(l3, 6);
        ip.ttl = l3[8];
        ip.protocol = l3[9];
        ip.src = read_address(l3, 12, false);
        ip.dst = read_address(l3, 16, false);
        ip.header_checksum_ok = ipv4_header_checksum(l3.first(ip.header_len)) == 0;
        return ip.header_len;
    }
    if (ip.version == 6 && l3.size() >= kIpv6Header) {
        ip.header_len = kIpv6Header;
        ip.total_len = uint16_t(kIpv6Header + read_be<uint16_t>(l3, 4));
        ip.protocol = l3[6];
        ip.ttl = l3[7];
        ip.src = read_address(l3, 8, true);
        ip.dst = read_address(l3, 24, true);
        return ip.header_len;
    }
    out.error = "IP header truncated or of unknown version";
    return 0;
}

void parse_ip(Span l3, ParsedFrame& out) {
    ParsedIp ip;
    const std::size_t header_len = parse_ip_header(l3, ip, out);
    if (header_len == 0) return;
    out.ip = ip;
    if (ip.total_len < header_len || ip.total_len > l3.size()) {
        out.error = "IP length field outside the frame";
        return;
    }
    out.trailing_bytes = l3.size() - ip.total_len;
    const Span segment = l3.subspan(header_len, ip.total_len - header_len);
    if (ip.protocol == kProtoUdp) parse_udp(ip, segment, out);
    if (ip.protocol == kProtoIcmp || ip.protocol == kProtoIcmp6) parse_icmp(ip, segment, out);
}

}  // namespace

ParsedFrame parse_frame(Span frame) {
    ParsedFrame out;
    if (frame.size() < kEthernetHeader) {
        out.error = "shorter than an Ethernet header";
        return out;
    }
    std::copy_n(frame.begin(), 6, out.eth.dst.begin());
    std::copy_n(frame.begin() + 6, 6, out.eth.src.begin());
    std::size_t offset = 12;
    out.eth.ether_type = read_be<uint16_t>(frame, offset);
    if (out.eth.ether_type == kEtherTypeVlan) {
        if (frame.size() < kEthernetHeader + 4) {
            out.error = "VLAN tag truncated";
            return out;
        }
        out.eth.vlan_id = read_be<uint16_t>(frame, 14) & 0x0fff;
        offset += 4;
        out.eth.ether_type = read_be<uint16_t>(frame, offset);
    }
    const Span l3 = frame.subspan(offset + 2);
    switch (out.eth.ether_type) {
        case kEtherTypeArp: parse_arp(l3, out); break;
        case kEtherTypeIpv4:
        case kEtherTypeIpv6: parse_ip(l3, out); break;
        default: out.error = "unknown EtherType"; break;
    }
    return out;
}

std::optional<ParsedEcho> parse_echo(const ParsedIcmp& icmp) {
    if (icmp.body.size() < 4) return std::nullopt;
    ParsedEcho echo;
    echo.id = read_be<uint16_t>(icmp.body, 0);
    echo.sequence = read_be<uint16_t>(icmp.body, 2);
    echo.data.assign(icmp.body.begin() + 4, icmp.body.end());
    return echo;
}

std::optional<ParsedNeighbourAdvert> parse_neighbour_advert(const ParsedIcmp& icmp) {
    if (icmp.type != kIcmp6NeighbourAdvertisement || icmp.body.size() < 20) return std::nullopt;
    ParsedNeighbourAdvert na;
    const uint8_t flags = icmp.body[0];
    na.router = flags & 0x80;
    na.solicited = flags & 0x40;
    na.override_flag = flags & 0x20;
    na.target = read_address(icmp.body, 4, true);
    for (std::size_t at = 20; at < icmp.body.size();) {
        const std::size_t length = at + 1 < icmp.body.size() ? std::size_t(icmp.body[at + 1]) * 8 : 0;
        if (length == 0 || at + length > icmp.body.size()) {
            na.options_well_formed = false;
            break;
        }
        if (icmp.body[at] == kOptionTargetLinkLayer && length >= 8) {
            Mac mac;
            std::copy_n(icmp.body.begin() + long(at) + 2, 6, mac.begin());
            na.target_link_layer = mac;
        }
        at += length;
    }
    return na;
}

}  // namespace pb::test
