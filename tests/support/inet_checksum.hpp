// tests/support/inet_checksum.hpp — the Internet checksum (RFC 1071) written
// independently of DPDK's, so that the tests do not check the code under
// test against itself: IPv4 header checksums and L4 checksums over the
// IPv4/IPv6 pseudo-header.
#pragma once

#include <cstdint>
#include <span>

#include "common/net/ip_address.hpp"

namespace pb::test {

// One's-complement sum of big-endian 16-bit words (an odd tail is padded).
uint32_t ones_sum(std::span<const uint8_t> bytes, uint32_t sum = 0);
// The checksum field value for a sum: the folded sum, complemented.
uint16_t fold_complement(uint32_t sum);

// Checksum of an IPv4 header whose checksum field is zero.
uint16_t ipv4_header_checksum(std::span<const uint8_t> header);

// Checksum of a UDP/ICMPv6 segment (checksum field zero) behind the
// pseudo-header of `src` → `dst`; the family of `src` picks v4 or v6.
uint16_t pseudo_header_checksum(const net::IpAddress& src, const net::IpAddress& dst, uint8_t protocol,
                                std::span<const uint8_t> segment);

// True when a received segment, checksum field included, sums to all ones.
bool pseudo_header_checksum_ok(const net::IpAddress& src, const net::IpAddress& dst, uint8_t protocol,
                               std::span<const uint8_t> segment);

}  // namespace pb::test
