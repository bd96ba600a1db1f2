// common/wire/discover.hpp — Discover (0x01) and DiscoverEx (0x08):
// `id(4)` then optionally an Ed25519 public key (32); any further bytes are
// ignored, and 1..31 bytes after the id mean "no key", not an error.
// DiscoverEx additionally asks for RelayDeliverDest (0x09) deliveries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/wire/byte_cursor.hpp"
#include "common/wire/result.hpp"
#include "common/wire/types.hpp"

namespace pb::wire {

using PublicKeyView = std::span<const uint8_t, kPublicKeySize>;

template <MsgType kMessageType>
struct BasicDiscover {
    static constexpr MsgType kType = kMessageType;

    uint32_t id = 0;
    std::optional<PublicKeyView> public_key{};  // points into the datagram

    // Parses a whole datagram whose type byte the caller has already switched on.
    static Result<BasicDiscover> parse(std::span<const uint8_t> datagram) {
        if (datagram.size() < kDiscoverSize) return Error::TooShort;
        ByteReader in(datagram.subspan(kTypeSize));
        BasicDiscover message{.id = in.read<uint32_t>()};
        if (in.remaining() >= kPublicKeySize) message.public_key = in.take<kPublicKeySize>();
        return message;
    }

    Result<std::size_t> encoded_size() const { return kDiscoverSize + (public_key ? kPublicKeySize : 0); }

    void write(ByteWriter& out) const {
        out.write(kType);
        out.write(id);
        if (public_key) out.write(*public_key);
    }
};

using Discover = BasicDiscover<MsgType::Discover>;
using DiscoverEx = BasicDiscover<MsgType::DiscoverEx>;

}  // namespace pb::wire
