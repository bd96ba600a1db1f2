// common/wire/punch_request.hpp — PunchRequest (0x03): `requester_id(4)
// target_id(4)` then optionally a grant trailer `expiry(8) signature(64)`.
// The bytes after the ids are reported as one of three states, because they
// matter differently by configuration: with grant tokens required an
// incomplete trailer must be rejected like a missing one; without, the
// trailer is ignored. Bytes after a complete trailer are ignored.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "common/wire/byte_cursor.hpp"
#include "common/wire/result.hpp"
#include "common/wire/types.hpp"

namespace pb::wire {

using SignatureView = std::span<const uint8_t, kSignatureSize>;

struct NoGrant {};          // nothing after the ids
struct IncompleteGrant {};  // 1..71 bytes after the ids

struct Grant {
    // Unix seconds. Signed, as the original reads it: the signed text and the
    // `now <= expiry` check both use this value.
    int64_t expiry = 0;
    SignatureView signature;  // points into the datagram
};

using GrantTrailer = std::variant<NoGrant, IncompleteGrant, Grant>;

struct PunchRequest {
    static constexpr MsgType kType = MsgType::PunchRequest;

    uint32_t requester = 0;
    uint32_t target = 0;
    GrantTrailer trailer{};

    // Parses a whole datagram whose type byte the caller has already switched on.
    static Result<PunchRequest> parse(std::span<const uint8_t> datagram) {
        if (datagram.size() < kPunchRequestSize) return Error::TooShort;
        ByteReader in(datagram.subspan(kTypeSize));
        PunchRequest message{.requester = in.read<uint32_t>(), .target = in.read<uint32_t>()};
        if (in.remaining() >= kGrantTrailerSize)
            message.trailer = Grant{.expiry = std::bit_cast<int64_t>(in.read<uint64_t>()),
                                    .signature = in.take<kSignatureSize>()};
        else if (in.remaining() > 0)
            message.trailer = IncompleteGrant{};
        return message;
    }

    // The grant, when the trailer is complete.
    const Grant* grant() const { return std::get_if<Grant>(&trailer); }

    // An incomplete trailer is not encoded: it carries nothing.
    Result<std::size_t> encoded_size() const { return kPunchRequestSize + (grant() ? kGrantTrailerSize : 0); }

    void write(ByteWriter& out) const {
        out.write(kType);
        out.write(requester);
        out.write(target);
        if (const Grant* g = grant()) {
            out.write(std::bit_cast<uint64_t>(g->expiry));
            out.write(g->signature);
        }
    }
};

}  // namespace pb::wire
