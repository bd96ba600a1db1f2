// common/wire/endpoint_codec.hpp — the `iplen(1) ip(4|16) port(2)` address
// form shared by DiscoverReply and PunchCommand. IPv4 travels as iplen 4,
// also when it is held as an IPv4-mapped IPv6 address; IPv6 as iplen 16.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/net/ip_address.hpp"
#include "common/wire/byte_cursor.hpp"
#include "common/wire/result.hpp"
#include "common/wire/types.hpp"

namespace pb::wire {

constexpr std::size_t ip_size(net::Family family) {
    return family == net::Family::V4 ? kIpv4Size : kIpv6Size;
}

constexpr std::size_t encoded_endpoint_size(net::Family family) {
    return kIpLengthSize + ip_size(family) + kPortSize;
}

// The size `endpoint` encodes to (a v4-mapped address as IPv4).
inline std::size_t encoded_endpoint_size(const net::Endpoint& endpoint) {
    return encoded_endpoint_size(endpoint.address.unmapped().family);
}

// Reads an endpoint from the start of `bytes`; bytes after it are not looked at.
// The address is taken as sent: a v4-mapped address in iplen 16 stays IPv6.
inline Result<net::Endpoint> parse_endpoint(std::span<const uint8_t> bytes) {
    if (bytes.size() < kIpLengthSize) return Error::TooShort;
    const std::size_t iplen = bytes[0];
    if (iplen != kIpv4Size && iplen != kIpv6Size) return Error::BadAddressLength;
    if (bytes.size() < kIpLengthSize + iplen + kPortSize) return Error::TooShort;
    ByteReader in(bytes.subspan(kIpLengthSize));
    const uint8_t* ip = in.take(iplen).data();
    return net::Endpoint{
        .address = iplen == kIpv4Size ? net::IpAddress::v4_bytes(ip) : net::IpAddress::v6_bytes(ip),
        .port = in.read<uint16_t>(),
    };
}

// Precondition: room for encoded_endpoint_size(endpoint) bytes.
inline void write_endpoint(ByteWriter& out, const net::Endpoint& endpoint) {
    const net::IpAddress address = endpoint.address.unmapped();
    const std::size_t size = ip_size(address.family);
    out.write(uint8_t(size));
    out.write(std::span<const uint8_t>(address.bytes).first(size));
    out.write(endpoint.port);
}

}  // namespace pb::wire
