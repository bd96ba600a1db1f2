// pktgen/frame.hpp — Ethernet + IPv4/IPv6 + UDP framing into plain bytes
// (an mbuf's data, a pcap record, a test's buffer): the caller puts the UDP
// payload at udp_payload_offset() and then has the headers written in
// front of it, lengths and checksums included. No EAL needed (DPDK's
// header structs and inline checksum helpers only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/net/ip_address.hpp"
#include "pktgen/scenario.hpp"

namespace pb::pktgen {

inline constexpr std::size_t kEthernetHeader = 14;
inline constexpr std::size_t kIpv4Header = 20;
inline constexpr std::size_t kIpv6Header = 40;
inline constexpr std::size_t kUdpHeader = 8;
inline constexpr uint8_t kDefaultTtl = 64;

constexpr std::size_t udp_payload_offset(bool ipv6) {
    return kEthernetHeader + (ipv6 ? kIpv6Header : kIpv4Header) + kUdpHeader;
}

struct UdpFrameSpec {
    Mac src_mac{};
    Mac dst_mac{};
    net::Endpoint src;  // both of one family
    net::Endpoint dst;
    uint16_t ip_id = 0;         // IPv4 identification
    bool udp_checksum = true;   // IPv4 may send 0 ("no checksum"); IPv6 always computes it
};

// Writes the headers for the `payload_len` bytes already at
// frame[udp_payload_offset(ipv6)...]; returns the frame length.
// Precondition: frame.size() >= udp_payload_offset + payload_len, and the
// IP datagram fits 65,535 bytes.
std::size_t write_udp_frame(std::span<uint8_t> frame, const UdpFrameSpec& spec, std::size_t payload_len);

// Recomputes the IPv4 header checksum, and the UDP checksum when the frame
// carries one, after a caller changed bytes of a frame write_udp_frame made.
void refresh_checksums(std::span<uint8_t> frame);

// Ethernet header only (ARP, ND and the fragmenter's input need it alone).
void write_ethernet(std::span<uint8_t> frame, const Mac& src, const Mac& dst, uint16_t ether_type);

}  // namespace pb::pktgen
