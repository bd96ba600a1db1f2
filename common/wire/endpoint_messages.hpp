// common/wire/endpoint_messages.hpp — DiscoverReply (0x02: the source the
// beacon observed) and PunchCommand (0x04: the endpoint to punch towards).
// Both are `iplen ip port` after the type byte; bytes after the port are
// ignored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/net/ip_address.hpp"
#include "common/wire/byte_cursor.hpp"
#include "common/wire/endpoint_codec.hpp"
#include "common/wire/result.hpp"
#include "common/wire/types.hpp"

namespace pb::wire {

// The whole message size for an endpoint of `family`.
constexpr std::size_t endpoint_message_size(net::Family family) {
    return kTypeSize + encoded_endpoint_size(family);
}

template <MsgType kMessageType>
struct BasicEndpointMessage {
    static constexpr MsgType kType = kMessageType;

    net::Endpoint endpoint{};

    // Parses a whole datagram whose type byte the caller has already switched on.
    static Result<BasicEndpointMessage> parse(std::span<const uint8_t> datagram) {
        if (datagram.size() < kTypeSize) return Error::TooShort;
        return parse_endpoint(datagram.subspan(kTypeSize)).map([](const net::Endpoint& endpoint) {
            return BasicEndpointMessage{.endpoint = endpoint};
        });
    }

    Result<std::size_t> encoded_size() const { return kTypeSize + encoded_endpoint_size(endpoint); }

    void write(ByteWriter& out) const {
        out.write(kType);
        write_endpoint(out, endpoint);
    }
};

using DiscoverReply = BasicEndpointMessage<MsgType::DiscoverReply>;
using PunchCommand = BasicEndpointMessage<MsgType::PunchCommand>;

}  // namespace pb::wire
