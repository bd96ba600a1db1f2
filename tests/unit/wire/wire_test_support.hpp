// tests/unit/wire/wire_test_support.hpp — assertions shared by the wire
// codec tests: decode-as-type, exact encodings (including every too-small
// output buffer), golden vectors in both directions, and readable printing.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <span>
#include <tuple>
#include <variant>
#include <vector>

#include "common/wire/decode.hpp"
#include "common/wire/encode.hpp"

namespace pb::wire {

inline void PrintTo(Error error, std::ostream* out) { *out << error_name(error); }

}  // namespace pb::wire

namespace pb::wire::test {

inline std::vector<uint8_t> bytes_of(std::span<const uint8_t> bytes) { return {bytes.begin(), bytes.end()}; }

// A copy of `bytes` cut to `size`, or padded to it with 0xEE.
inline std::vector<uint8_t> resized(std::span<const uint8_t> bytes, std::size_t size) {
    std::vector<uint8_t> copy = bytes_of(bytes);
    copy.resize(size, 0xEE);
    return copy;
}

// The fields of a message in comparable form (views compared by content).
inline std::optional<std::vector<uint8_t>> key_bytes(const std::optional<PublicKeyView>& key) {
    if (!key) return std::nullopt;
    return bytes_of(*key);
}
inline std::optional<std::tuple<int64_t, std::vector<uint8_t>>> grant_fields(const PunchRequest& message) {
    if (!message.grant()) return std::nullopt;
    return std::tuple(message.grant()->expiry, bytes_of(message.grant()->signature));
}
template <MsgType T>
auto fields(const BasicDiscover<T>& m) { return std::tuple(m.id, key_bytes(m.public_key)); }
template <MsgType T>
auto fields(const BasicEndpointMessage<T>& m) { return m.endpoint; }
inline auto fields(const PunchRequest& m) { return std::tuple(m.requester, m.target, grant_fields(m)); }
template <MsgType T>
auto fields(const BasicAddressedRelay<T>& m) { return std::tuple(m.sender, m.dest, bytes_of(m.payload)); }
inline auto fields(const RelayDeliver& m) { return std::tuple(m.sender, bytes_of(m.payload)); }

// Decodes `datagram`, expecting a message of type M; checks that M::parse,
// which the dataplane calls directly, agrees with decode().
template <class M>
std::optional<M> decode_as(std::span<const uint8_t> datagram) {
    const Result<Message> decoded = decode(datagram);
    if (!decoded) {
        ADD_FAILURE() << "decode failed: " << error_name(decoded.error());
        return std::nullopt;
    }
    const M* message = std::get_if<M>(&*decoded);
    if (!message) {
        ADD_FAILURE() << "decoded as alternative " << decoded->index();
        return std::nullopt;
    }
    EXPECT_TRUE(M::parse(datagram).ok());
    return *message;
}

// Expects decode() to reject `datagram` with `expected`.
inline void expect_rejected(std::span<const uint8_t> datagram, Error expected) {
    const Result<Message> decoded = decode(datagram);
    ASSERT_FALSE(decoded.ok()) << "decoded as alternative " << decoded->index();
    EXPECT_EQ(decoded.error(), expected);
}

// Expects `message` to encode to exactly `expected`, and every shorter
// output buffer to be refused with BufferTooSmall.
template <Encodable M>
void expect_encodes_to(const M& message, std::span<const uint8_t> expected) {
    std::vector<uint8_t> out(expected.size() + 16, 0x5A);
    const Result<std::size_t> written = encode(out, message);
    ASSERT_TRUE(written.ok()) << error_name(written.error());
    ASSERT_EQ(*written, expected.size());
    EXPECT_EQ(bytes_of(std::span(out).first(*written)), bytes_of(expected));
    for (std::size_t size = 0; size < expected.size(); ++size) {
        const Result<std::size_t> refused = encode(std::span(out).first(size), message);
        ASSERT_FALSE(refused.ok()) << "buffer of " << size;
        EXPECT_EQ(refused.error(), Error::BufferTooSmall);
    }
}

// A golden vector in both directions: `datagram` parses to `message`'s
// fields, and `message` encodes to exactly `datagram`.
template <Encodable M>
void expect_golden(const M& message, std::span<const uint8_t> datagram) {
    const std::optional<M> decoded = decode_as<M>(datagram);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(fields(*decoded), fields(message));
    expect_encodes_to(message, datagram);
}

}  // namespace pb::wire::test
