// tests/support/byte_io.hpp — appending big-endian fields to a frame being
// built and reading them back from a received one (on top of common/wire's
// unaligned big-endian loads and stores).
#pragma once

#include <concepts>
#include <cstdint>
#include <span>

#include "common/wire/byte_order.hpp"
#include "tests/support/net_types.hpp"

namespace pb::test {

template <std::unsigned_integral T>
void append_be(Bytes& out, T value) {
    const std::size_t at = out.size();
    out.resize(at + sizeof(T));
    wire::store_be<T>(out.data() + at, value);
}

inline void append(Bytes& out, std::span<const uint8_t> bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }

inline void append_address(Bytes& out, const net::IpAddress& address) {
    append(out, std::span(address.bytes).first(address.wire_length()));
}

template <std::unsigned_integral T>
T read_be(std::span<const uint8_t> bytes, std::size_t offset) {
    return wire::load_be<T>(bytes.data() + offset);
}

inline net::IpAddress read_address(std::span<const uint8_t> bytes, std::size_t offset, bool v6) {
    return v6 ? net::IpAddress::v6_bytes(bytes.data() + offset) : net::IpAddress::v4_bytes(bytes.data() + offset);
}

}  // namespace pb::test
