// tests/support/frame_builder.cpp — assembles a frame inside out: the L4
// segment (its checksum needs the IP addresses), the IP header or ARP body,
// then the Ethernet header, padding and truncation.
#include "tests/support/frame_builder.hpp"

#include <stdexcept>

#include "tests/support/byte_io.hpp"
#include "tests/support/inet_checksum.hpp"

namespace pb::test {

namespace {

constexpr uint8_t kNdHopLimit = 255;
constexpr uint8_t kOptionSourceLinkLayer = 1;

uint16_t apply(Checksum mode, uint16_t correct) {
    switch (mode) {
        case Checksum::Zero: return 0;
        case Checksum::Bad: return uint16_t(correct ^ 0x5a5a);
        case Checksum::Correct: break;
    }
    return correct;
}

uint16_t with_delta(std::size_t length, int delta) { return uint16_t(int(length) + delta); }

}  // namespace

FrameBuilder& FrameBuilder::eth_src(const Mac& mac) { eth_src_ = mac; return *this; }
FrameBuilder& FrameBuilder::eth_dst(const Mac& mac) { eth_dst_ = mac; return *this; }
FrameBuilder& FrameBuilder::vlan(uint16_t id, uint8_t priority) {
    vlan_tci_ = uint16_t(priority << 13 | (id & 0x0fff));
    return *this;
}
FrameBuilder& FrameBuilder::no_vlan() { vlan_tci_.reset(); return *this; }
FrameBuilder& FrameBuilder::ether_type(uint16_t type) { ether_type_ = type; return *this; }
FrameBuilder& FrameBuilder::pad_to(std::size_t frame_len, uint8_t fill) {
    pad_to_ = frame_len;
    pad_fill_ = fill;
    return *this;
}
FrameBuilder& FrameBuilder::truncate_to(std::size_t frame_len) { truncate_to_ = frame_len; return *this; }

FrameBuilder& FrameBuilder::arp(const ArpFields& fields) {
    l3_ = L3::Arp;
    arp_ = fields;
    return *this;
}
FrameBuilder& FrameBuilder::l3_raw(Bytes bytes) {
    l3_ = L3::Raw;
    l3_raw_ = std::move(bytes);
    return *this;
}
FrameBuilder& FrameBuilder::ip(const net::IpAddress& src, const net::IpAddress& dst) {
    if (src.family != dst.family) throw std::invalid_argument("FrameBuilder::ip: mixed address families");
    l3_ = L3::Ip;
    src_ = src;
    dst_ = dst;
    return *this;
}

FrameBuilder& FrameBuilder::ttl(uint8_t hops) { ttl_ = hops; return *this; }
FrameBuilder& FrameBuilder::ip_version(uint8_t version) { version_ = version; return *this; }
FrameBuilder& FrameBuilder::ipv4_ihl(uint8_t words) { ihl_ = words; return *this; }
FrameBuilder& FrameBuilder::ipv4_options(Bytes options) { ipv4_options_ = std::move(options); return *this; }
FrameBuilder& FrameBuilder::ipv4_fragment(uint16_t offset_units, bool more_fragments) {
    fragment_field_ = uint16_t((more_fragments ? 0x2000 : 0) | (offset_units & 0x1fff));
    return *this;
}
FrameBuilder& FrameBuilder::ip_checksum(Checksum mode) { ip_checksum_ = mode; return *this; }
FrameBuilder& FrameBuilder::ip_length_delta(int delta) { ip_length_delta_ = delta; return *this; }

FrameBuilder& FrameBuilder::udp(uint16_t src_port, uint16_t dst_port, Bytes payload) {
    src_port_ = src_port;
    dst_port_ = dst_port;
    return set_l4(L4::Udp, std::move(payload));
}
FrameBuilder& FrameBuilder::udp_length_delta(int delta) { udp_length_delta_ = delta; return *this; }
FrameBuilder& FrameBuilder::icmp_echo(uint16_t id, uint16_t sequence, Bytes data) {
    echo_id_ = id;
    echo_sequence_ = sequence;
    return set_l4(L4::IcmpEcho, std::move(data));
}
FrameBuilder& FrameBuilder::icmp(uint8_t type, uint8_t code, Bytes body) {
    icmp_type_ = type;
    icmp_code_ = code;
    return set_l4(L4::Icmp, std::move(body));
}
FrameBuilder& FrameBuilder::neighbour_solicitation(const net::IpAddress& target, std::optional<Mac> source_link_layer) {
    Bytes body(4, 0);  // reserved
    append_address(body, target);
    if (source_link_layer) {
        body.push_back(kOptionSourceLinkLayer);
        body.push_back(1);  // length in units of 8 bytes
        append(body, *source_link_layer);
    }
    default_ttl_ = kNdHopLimit;
    return icmp(kIcmp6NeighbourSolicitation, 0, std::move(body));
}
FrameBuilder& FrameBuilder::l4_raw(uint8_t protocol, Bytes bytes) {
    raw_protocol_ = protocol;
    return set_l4(L4::Raw, std::move(bytes));
}
FrameBuilder& FrameBuilder::set_l4(L4 kind, Bytes body) {
    l4_ = kind;
    l4_body_ = std::move(body);
    return *this;
}
FrameBuilder& FrameBuilder::l4_checksum(Checksum mode) { l4_checksum_ = mode; return *this; }

uint8_t FrameBuilder::l4_protocol() const {
    switch (l4_) {
        case L4::Udp: return kProtoUdp;
        case L4::Icmp:
        case L4::IcmpEcho: return is_v6() ? kProtoIcmp6 : kProtoIcmp;
        case L4::Raw: return raw_protocol_;
        case L4::None: break;
    }
    return 59;  // IPv6 "no next header"; an unassigned protocol for IPv4 tests
}

Bytes FrameBuilder::l4_segment() const {
    Bytes segment;
    std::size_t checksum_at = 0;
    switch (l4_) {
        case L4::None: return segment;
        case L4::Raw: return l4_body_;
        case L4::Udp:
            append_be<uint16_t>(segment, src_port_);
            append_be<uint16_t>(segment, dst_port_);
            append_be<uint16_t>(segment, with_delta(8 + l4_body_.size(), udp_length_delta_));
            checksum_at = segment.size();
            append_be<uint16_t>(segment, 0);
            break;
        case L4::Icmp:
        case L4::IcmpEcho: {
            const bool echo = l4_ == L4::IcmpEcho;
            segment.push_back(echo ? (is_v6() ? kIcmp6EchoRequest : kIcmpEchoRequest) : icmp_type_);
            segment.push_back(echo ? 0 : icmp_code_);
            checksum_at = segment.size();
            append_be<uint16_t>(segment, 0);
            if (echo) {
                append_be<uint16_t>(segment, echo_id_);
                append_be<uint16_t>(segment, echo_sequence_);
            }
            break;
        }
    }
    append(segment, l4_body_);
    const bool pseudo_header = l4_ == L4::Udp || is_v6();
    uint16_t correct = pseudo_header ? pseudo_header_checksum(src_, dst_, l4_protocol(), segment)
                                     : fold_complement(ones_sum(segment));
    if (l4_ == L4::Udp && correct == 0) correct = 0xffff;  // 0 means "none" (RFC 768)
    wire::store_be<uint16_t>(segment.data() + checksum_at, apply(l4_checksum_, correct));
    return segment;
}

Bytes FrameBuilder::ipv4_packet(const Bytes& segment) const {
    const std::size_t header_len = 20 + ipv4_options_.size();
    const uint8_t ihl = ihl_.value_or(uint8_t(header_len / 4));
    Bytes packet;
    packet.push_back(uint8_t(version_.value_or(4) << 4 | (ihl & 0x0f)));
    packet.push_back(0);  // DSCP/ECN
    append_be<uint16_t>(packet, with_delta(header_len + segment.size(), ip_length_delta_));
    append_be<uint16_t>(packet, 0x4242);  // identification
    append_be<uint16_t>(packet, fragment_field_);
    packet.push_back(ttl_.value_or(default_ttl_));
    packet.push_back(l4_protocol());
    append_be<uint16_t>(packet, 0);
    append_address(packet, src_);
    append_address(packet, dst_);
    append(packet, ipv4_options_);
    wire::store_be<uint16_t>(packet.data() + 10, apply(ip_checksum_, ipv4_header_checksum(packet)));
    append(packet, segment);
    return packet;
}

Bytes FrameBuilder::ipv6_packet(const Bytes& segment) const {
    Bytes packet;
    append_be<uint32_t>(packet, uint32_t(version_.value_or(6)) << 28);
    append_be<uint16_t>(packet, with_delta(segment.size(), ip_length_delta_));
    packet.push_back(l4_protocol());
    packet.push_back(ttl_.value_or(default_ttl_));
    append_address(packet, src_);
    append_address(packet, dst_);
    append(packet, segment);
    return packet;
}

Bytes FrameBuilder::l3_bytes() const {
    switch (l3_) {
        case L3::None: return {};
        case L3::Raw: return l3_raw_;
        case L3::Ip: return is_v6() ? ipv6_packet(l4_segment()) : ipv4_packet(l4_segment());
        case L3::Arp: break;
    }
    Bytes body;
    append_be<uint16_t>(body, arp_.hardware);
    append_be<uint16_t>(body, arp_.protocol);
    body.push_back(arp_.hlen);
    body.push_back(arp_.plen);
    append_be<uint16_t>(body, arp_.opcode);
    append(body, arp_.sha);
    append_address(body, arp_.spa);
    append(body, arp_.tha);
    append_address(body, arp_.tpa);
    return body;
}

uint16_t FrameBuilder::implied_ether_type() const {
    switch (l3_) {
        case L3::Arp: return kEtherTypeArp;
        case L3::Ip: return is_v6() ? kEtherTypeIpv6 : kEtherTypeIpv4;
        case L3::None:
        case L3::Raw: break;
    }
    return 0x88b5;  // IEEE local experimental
}

Bytes FrameBuilder::build() const {
    Bytes frame;
    append(frame, eth_dst_);
    append(frame, eth_src_);
    if (vlan_tci_) {
        append_be<uint16_t>(frame, kEtherTypeVlan);
        append_be<uint16_t>(frame, *vlan_tci_);
    }
    append_be<uint16_t>(frame, ether_type_.value_or(implied_ether_type()));
    append(frame, l3_bytes());
    if (frame.size() < pad_to_) frame.resize(pad_to_, pad_fill_);
    if (truncate_to_ && frame.size() > *truncate_to_) frame.resize(*truncate_to_);
    return frame;
}

ArpFields arp_request(const Mac& sender_mac, const net::IpAddress& sender_ip, const net::IpAddress& target) {
    return ArpFields{.opcode = kArpRequest, .sha = sender_mac, .spa = sender_ip, .tpa = target};
}

Bytes pattern_bytes(std::size_t size, uint8_t seed) {
    Bytes bytes(size);
    for (std::size_t i = 0; i < size; ++i) bytes[i] = uint8_t(seed + i * 7 + (i >> 8));
    return bytes;
}

}  // namespace pb::test
