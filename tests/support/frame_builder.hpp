// tests/support/frame_builder.hpp — builds the frames the dataplane tests
// inject: Ethernet (optionally 802.1Q-tagged) carrying ARP, IPv4 or IPv6
// with UDP, ICMP/ICMPv6 (echo, Neighbour Solicitation) or raw payloads.
// Every length and checksum is correct by default; each knob breaks exactly
// one field so that a test can name the counter that must catch it.
//
//   Bytes f = FrameBuilder().eth_src(peer).eth_dst(us)
//                 .ip(ip("10.77.0.2"), ip("10.77.0.1"))
//                 .udp(40000, 9001, payload).l4_checksum(Checksum::Bad)
//                 .build();
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "tests/support/net_types.hpp"

namespace pb::test {

enum class Checksum : uint8_t {
    Correct,
    Zero,  // the field is 0 (UDP over IPv4: "no checksum")
    Bad,   // the correct value with bits flipped
};

inline constexpr uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr uint16_t kEtherTypeArp = 0x0806;
inline constexpr uint16_t kEtherTypeVlan = 0x8100;
inline constexpr uint16_t kEtherTypeIpv6 = 0x86dd;
inline constexpr uint8_t kProtoIcmp = 1;
inline constexpr uint8_t kProtoUdp = 17;
inline constexpr uint8_t kProtoIcmp6 = 58;
inline constexpr uint8_t kIcmpEchoRequest = 8;
inline constexpr uint8_t kIcmpEchoReply = 0;
inline constexpr uint8_t kIcmp6EchoRequest = 128;
inline constexpr uint8_t kIcmp6EchoReply = 129;
inline constexpr uint8_t kIcmp6NeighbourSolicitation = 135;
inline constexpr uint8_t kIcmp6NeighbourAdvertisement = 136;
inline constexpr uint16_t kArpRequest = 1;
inline constexpr uint16_t kArpReply = 2;
inline constexpr std::size_t kMinEthernetFrame = 60;  // without the FCS

struct ArpFields {
    uint16_t hardware = 1;        // Ethernet
    uint16_t protocol = kEtherTypeIpv4;
    uint8_t hlen = 6;
    uint8_t plen = 4;
    uint16_t opcode = kArpRequest;
    Mac sha{};
    net::IpAddress spa;
    Mac tha{};
    net::IpAddress tpa;

    friend bool operator==(const ArpFields&, const ArpFields&) = default;
};

// A who-has request for `target` from `sender_mac`/`sender_ip`.
ArpFields arp_request(const Mac& sender_mac, const net::IpAddress& sender_ip, const net::IpAddress& target);

class FrameBuilder {
public:
    // --- Ethernet
    FrameBuilder& eth_src(const Mac& mac);
    FrameBuilder& eth_dst(const Mac& mac);
    FrameBuilder& vlan(uint16_t id, uint8_t priority = 0);
    FrameBuilder& no_vlan();
    FrameBuilder& ether_type(uint16_t type);         // instead of the one the payload implies
    FrameBuilder& pad_to(std::size_t frame_len, uint8_t fill = 0);  // Ethernet padding after the payload
    FrameBuilder& truncate_to(std::size_t frame_len);  // cut the finished frame

    // --- what follows the Ethernet header (one of)
    FrameBuilder& arp(const ArpFields& fields);
    FrameBuilder& l3_raw(Bytes bytes);  // opaque; set ether_type() too
    FrameBuilder& ip(const net::IpAddress& src, const net::IpAddress& dst);  // IPv4 or IPv6 by family

    // --- IP header knobs
    FrameBuilder& ttl(uint8_t hops);             // IPv4 TTL / IPv6 hop limit (default 64; NS 255)
    FrameBuilder& ip_version(uint8_t version);   // the version nibble, whatever the header
    FrameBuilder& ipv4_ihl(uint8_t words);       // instead of 5 + options
    FrameBuilder& ipv4_options(Bytes options);   // a multiple of 4 bytes
    FrameBuilder& ipv4_fragment(uint16_t offset_units, bool more_fragments);
    FrameBuilder& ip_checksum(Checksum mode);    // IPv4 header checksum
    FrameBuilder& ip_length_delta(int delta);    // added to total length (v4) / payload length (v6)

    // --- L4 (one of)
    FrameBuilder& udp(uint16_t src_port, uint16_t dst_port, Bytes payload);
    FrameBuilder& udp_length_delta(int delta);   // added to the UDP length field
    FrameBuilder& icmp_echo(uint16_t id, uint16_t sequence, Bytes data);  // ICMP or ICMPv6 by IP family
    FrameBuilder& icmp(uint8_t type, uint8_t code, Bytes body);           // body: after type/code/checksum
    FrameBuilder& neighbour_solicitation(const net::IpAddress& target, std::optional<Mac> source_link_layer);
    FrameBuilder& l4_raw(uint8_t protocol, Bytes bytes);
    FrameBuilder& l4_checksum(Checksum mode);    // UDP / ICMP / ICMPv6 checksum

    Bytes build() const;

private:
    enum class L3 : uint8_t { None, Arp, Raw, Ip };
    enum class L4 : uint8_t { None, Udp, Icmp, IcmpEcho, Raw };

    FrameBuilder& set_l4(L4 kind, Bytes body);
    bool is_v6() const { return !src_.is_v4(); }
    uint8_t l4_protocol() const;
    Bytes l4_segment() const;
    Bytes ipv4_packet(const Bytes& segment) const;
    Bytes ipv6_packet(const Bytes& segment) const;
    Bytes l3_bytes() const;
    uint16_t implied_ether_type() const;

    Mac eth_src_{};
    Mac eth_dst_{};
    std::optional<uint16_t> vlan_tci_;
    std::optional<uint16_t> ether_type_;
    std::size_t pad_to_ = 0;
    uint8_t pad_fill_ = 0;
    std::optional<std::size_t> truncate_to_;

    L3 l3_ = L3::None;
    ArpFields arp_;
    Bytes l3_raw_;
    net::IpAddress src_, dst_;
    std::optional<uint8_t> ttl_;
    std::optional<uint8_t> version_;
    std::optional<uint8_t> ihl_;
    Bytes ipv4_options_;
    uint16_t fragment_field_ = 0;
    Checksum ip_checksum_ = Checksum::Correct;
    int ip_length_delta_ = 0;

    L4 l4_ = L4::None;
    uint8_t raw_protocol_ = 0;
    uint16_t src_port_ = 0, dst_port_ = 0;
    uint8_t icmp_type_ = 0, icmp_code_ = 0;
    uint16_t echo_id_ = 0, echo_sequence_ = 0;
    uint8_t default_ttl_ = 64;
    Bytes l4_body_;
    int udp_length_delta_ = 0;
    Checksum l4_checksum_ = Checksum::Correct;
};

// Echo data of `size` bytes with a recognisable pattern.
Bytes pattern_bytes(std::size_t size, uint8_t seed = 0);

}  // namespace pb::test
