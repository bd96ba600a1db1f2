// common/wire/relay.hpp — the relay family: Relay (0x05) and
// RelayDeliverDest (0x09), both `sender_id(4) dest_id(4) payload…`, and
// RelayDeliver (0x06), `sender_id(4) payload…`. The payload is opaque, may
// be empty, runs to the end of the datagram and is at most
// kMaxRelayPayload bytes. Views point into the datagram; the dataplane
// rewrites relays in place instead (relay_rewrite.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/wire/byte_cursor.hpp"
#include "common/wire/result.hpp"
#include "common/wire/types.hpp"

namespace pb::wire {

// The payload of a relay-family datagram: everything after its header.
inline Result<std::span<const uint8_t>> relay_payload(std::span<const uint8_t> datagram, std::size_t header_size) {
    if (datagram.size() < header_size) return Error::TooShort;
    const auto payload = datagram.subspan(header_size);
    if (payload.size() > kMaxRelayPayload) return Error::PayloadTooLarge;
    return payload;
}

// The size of a relay-family message with `header_size` bytes before `payload`.
inline Result<std::size_t> relay_message_size(std::size_t header_size, std::span<const uint8_t> payload) {
    if (payload.size() > kMaxRelayPayload) return Error::PayloadTooLarge;
    return header_size + payload.size();
}

template <MsgType kMessageType>
struct BasicAddressedRelay {
    static constexpr MsgType kType = kMessageType;
    static constexpr std::size_t kHeaderSize = kTypeSize + 2 * kIdSize;

    uint32_t sender = 0;
    uint32_t dest = 0;
    std::span<const uint8_t> payload{};

    // Parses a whole datagram whose type byte the caller has already switched on.
    static Result<BasicAddressedRelay> parse(std::span<const uint8_t> datagram) {
        return relay_payload(datagram, kHeaderSize).map([&](std::span<const uint8_t> payload) {
            ByteReader in(datagram.subspan(kTypeSize));
            return BasicAddressedRelay{.sender = in.read<uint32_t>(), .dest = in.read<uint32_t>(), .payload = payload};
        });
    }

    Result<std::size_t> encoded_size() const { return relay_message_size(kHeaderSize, payload); }

    void write(ByteWriter& out) const {
        out.write(kType);
        out.write(sender);
        out.write(dest);
        out.write(payload);
    }
};

using Relay = BasicAddressedRelay<MsgType::Relay>;
using RelayDeliverDest = BasicAddressedRelay<MsgType::RelayDeliverDest>;
static_assert(Relay::kHeaderSize == kRelayHeaderSize);
static_assert(RelayDeliverDest::kHeaderSize == kRelayDeliverDestHeaderSize);

struct RelayDeliver {
    static constexpr MsgType kType = MsgType::RelayDeliver;
    static constexpr std::size_t kHeaderSize = kRelayDeliverHeaderSize;

    uint32_t sender = 0;
    std::span<const uint8_t> payload{};

    // Parses a whole datagram whose type byte the caller has already switched on.
    static Result<RelayDeliver> parse(std::span<const uint8_t> datagram) {
        return relay_payload(datagram, kHeaderSize).map([&](std::span<const uint8_t> payload) {
            ByteReader in(datagram.subspan(kTypeSize));
            return RelayDeliver{.sender = in.read<uint32_t>(), .payload = payload};
        });
    }

    Result<std::size_t> encoded_size() const { return relay_message_size(kHeaderSize, payload); }

    void write(ByteWriter& out) const {
        out.write(kType);
        out.write(sender);
        out.write(payload);
    }
};

}  // namespace pb::wire
