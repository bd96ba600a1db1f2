// tests/support/inet_checksum.cpp — RFC 1071 sums and pseudo-headers.
#include "tests/support/inet_checksum.hpp"

namespace pb::test {

namespace {
uint32_t pseudo_header_sum(const net::IpAddress& src, const net::IpAddress& dst, uint8_t protocol,
                           std::size_t length) {
    const std::size_t address_len = src.is_v4() ? 4 : 16;
    uint32_t sum = ones_sum(std::span(src.bytes).first(address_len));
    sum = ones_sum(std::span(dst.bytes).first(address_len), sum);
    // v4: zero, protocol, 16-bit length; v6: 32-bit length, 3 zeros, next header.
    return sum + protocol + uint32_t(length >> 16) + uint32_t(length & 0xffff);
}
}  // namespace

uint32_t ones_sum(std::span<const uint8_t> bytes, uint32_t sum) {
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) sum += uint32_t(bytes[i]) << 8 | bytes[i + 1];
    if (i < bytes.size()) sum += uint32_t(bytes[i]) << 8;
    return sum;
}

uint16_t fold_complement(uint32_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}

uint16_t ipv4_header_checksum(std::span<const uint8_t> header) { return fold_complement(ones_sum(header)); }

uint16_t pseudo_header_checksum(const net::IpAddress& src, const net::IpAddress& dst, uint8_t protocol,
                                std::span<const uint8_t> segment) {
    return fold_complement(ones_sum(segment, pseudo_header_sum(src, dst, protocol, segment.size())));
}

bool pseudo_header_checksum_ok(const net::IpAddress& src, const net::IpAddress& dst, uint8_t protocol,
                               std::span<const uint8_t> segment) {
    return pseudo_header_checksum(src, dst, protocol, segment) == 0;
}

}  // namespace pb::test
