// tests/support/frame_parser.hpp — takes apart a frame the beacon sent so
// that tests can assert on its fields: Ethernet/VLAN, ARP, IPv4/IPv6, UDP,
// ICMP/ICMPv6 (with Neighbour Advertisement bodies), and whether the IPv4
// header checksum and the UDP/ICMP checksums it carries are correct.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "tests/support/frame_builder.hpp"

namespace pb::test {

struct ParsedEthernet {
    Mac dst{};
    Mac src{};
    std::optional<uint16_t> vlan_id;
    uint16_t ether_type = 0;  // after the tag
};

struct ParsedIp {
    uint8_t version = 0;
    net::IpAddress src, dst;
    uint8_t ttl = 0;             // hop limit for IPv6
    uint8_t protocol = 0;        // next header for IPv6
    uint16_t header_len = 0;
    uint16_t total_len = 0;      // header + payload as the header states it
    uint16_t fragment_field = 0; // IPv4 flags and offset
    bool header_checksum_ok = true;  // IPv4 only
};

struct ParsedUdp {
    uint16_t src_port = 0, dst_port = 0, length = 0, checksum = 0;
    bool checksum_ok = false;  // present (non-zero) and correct
    Bytes payload;
};

struct ParsedIcmp {
    uint8_t type = 0, code = 0;
    uint16_t checksum = 0;
    bool checksum_ok = false;
    Bytes body;  // after type, code and checksum
};

struct ParsedFrame {
    ParsedEthernet eth;
    std::optional<ArpFields> arp;
    std::optional<ParsedIp> ip;
    std::optional<ParsedUdp> udp;
    std::optional<ParsedIcmp> icmp;
    std::size_t trailing_bytes = 0;  // after the IP datagram or ARP body
    std::string error;               // why parsing stopped early; empty when complete
};

ParsedFrame parse_frame(std::span<const uint8_t> frame);

// An ICMP echo body: identifier, sequence number, data.
struct ParsedEcho {
    uint16_t id = 0, sequence = 0;
    Bytes data;
};
std::optional<ParsedEcho> parse_echo(const ParsedIcmp& icmp);

// A Neighbour Advertisement body (RFC 4861 §4.4).
struct ParsedNeighbourAdvert {
    bool router = false, solicited = false, override_flag = false;
    net::IpAddress target;
    std::optional<Mac> target_link_layer;  // option type 2
    bool options_well_formed = true;
};
std::optional<ParsedNeighbourAdvert> parse_neighbour_advert(const ParsedIcmp& icmp);

}  // namespace pb::test
