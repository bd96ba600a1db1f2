// tests/fuzz/fuzz_wire.cpp — libFuzzer target for the wire codec. Every
// input goes through decode() and through each message type's parse(), as
// the dataplane calls them after its own switch on the first byte. Whatever
// parses must re-encode to the bytes it was parsed from, less what the
// parser may drop; any disagreement aborts. Every input also goes through
// the STUN server (stun::inspect): a reply it writes must be a well-formed
// STUN response within the reflection bound.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/wire/byte_order.hpp"
#include "common/wire/decode.hpp"
#include "common/wire/encode.hpp"
#include "common/wire/signed_text.hpp"
#include "common/wire/stun.hpp"
#include "common/wire/types.hpp"

namespace {

using namespace pb::wire;

void require(bool holds, const char* what) {
    if (holds) return;
    std::fprintf(stderr, "fuzz_wire: %s\n", what);
    std::abort();
}

// The one re-encoding that changes more than a dropped tail: a v4-mapped
// address received with iplen 16 is encoded with iplen 4.
template <class M>
bool has_v4_mapped_address(const M& message) {
    if constexpr (requires { message.endpoint; }) return message.endpoint.address.is_v4_mapped();
    else return false;
}

std::vector<uint8_t> encoded(const auto& message) {
    const Result<std::size_t> size = message.encoded_size();
    require(size.ok() && *size > 0, "a parsed message cannot be encoded");
    std::vector<uint8_t> out(*size);
    const Result<std::size_t> written = encode(out, message);
    require(written.ok() && *written == out.size(), "encode() disagrees with encoded_size()");
    const Result<std::size_t> refused = encode(std::span(out).first(*size - 1), message);
    require(!refused && refused.error() == Error::BufferTooSmall, "encode() overran its buffer");
    return out;
}

// What the beacon reads out of a parsed message agrees with its encoding and
// stays within its bounds.
template <class M>
void check_accessors(const M& message, std::span<const uint8_t> encoding) {
    if constexpr (std::is_same_v<M, Sync>) {
        for (std::size_t i = 0; i < message.count(); ++i)
            require(message.id(i) == load_be<uint32_t>(&encoding[kSyncHeaderSize + i * kIdSize]), "Sync::id() misreads");
    }
    if constexpr (std::is_same_v<M, PunchRequest>) {
        if (const Grant* grant = message.grant()) {
            std::array<char, kMaxPunchGrantTextSize> text;
            require(format_punch_grant(text, message.requester, message.target, grant->expiry).ok(),
                    "a grant text exceeds kMaxPunchGrantTextSize");
        }
    }
}

// `message` was parsed by M::parse from `datagram`, whose type byte M::parse
// does not read. Its encoding repeats the datagram after the type byte, up to
// an ignored tail, and is canonical: parsed and encoded again, it is unchanged.
template <class M>
void check_reencodes(const M& message, std::span<const uint8_t> datagram) {
    const std::vector<uint8_t> bytes = encoded(message);
    check_accessors(message, bytes);
    require(bytes[0] == uint8_t(M::kType), "encoding does not start with the type byte");
    if (!has_v4_mapped_address(message))
        require(bytes.size() <= datagram.size() &&
                    std::equal(bytes.begin() + 1, bytes.end(), datagram.begin() + 1),
                "encoding differs from the parsed datagram");
    const Result<M> reparsed = M::parse(bytes);
    require(reparsed.ok(), "an encoding does not parse");
    require(encoded(*reparsed) == bytes, "encoding is not canonical");
}

template <class M>
void check_parser(std::span<const uint8_t> input, const Result<Message>& decoded) {
    const Result<M> parsed = M::parse(input);
    if (!input.empty() && input[0] == uint8_t(M::kType))
        require(parsed.ok() == decoded.ok() && (parsed.ok() || parsed.error() == decoded.error()),
                "decode() and parse() disagree");
    // Past one UDP datagram a Sync may hold more ids than the encoder writes.
    if (parsed && input.size() <= kMaxUdpPayload) check_reencodes(*parsed, input);
}

template <class... Ms>
void check_every_parser(std::span<const uint8_t> input, const Result<Message>& decoded, std::variant<Ms...>*) {
    (check_parser<Ms>(input, decoded), ...);
}

void check_decode(std::span<const uint8_t> input, const Result<Message>& decoded) {
    if (input.empty()) {
        require(!decoded && decoded.error() == Error::Empty, "an empty input is not Empty");
    } else if (input[0] < uint8_t(MsgType::Discover) || input[0] > uint8_t(MsgType::RelayDeliverDest)) {
        require(!decoded && decoded.error() == Error::UnknownType, "an unknown type decoded");
    } else if (decoded) {
        std::visit([&](const auto& message) { require(input[0] == uint8_t(message.kType), "wrong alternative"); },
                   *decoded);
    }
}

// A STUN reply, to either family, stays within kMaxReplyGrowth of its
// request, reads back as a well-formed response (header, attributes, its
// FINGERPRINT iff the request had one) with the request's transaction id,
// and a success names the mapped endpoint.
void check_stun(std::span<const uint8_t> input) {
    const stun::Inspection request = stun::inspect(input);
    if (!request.replies()) return;
    static const pb::net::Endpoint kMapped[] = {{*pb::net::IpAddress::parse("192.0.2.1"), 32853},
                                                {*pb::net::IpAddress::parse("2001:db8::1"), 9}};
    for (const pb::net::Endpoint& mapped : kMapped) {
        const std::size_t size = stun::reply_size(request, mapped.address.family);
        require(size <= input.size() + stun::kMaxReplyGrowth, "a STUN reply exceeds the reflection bound");
        std::vector<uint8_t> reply(input.begin(), input.end());  // written in place, as the dataplane does
        reply.resize(std::max(reply.size(), size));
        stun::write_reply(reply, request, mapped);
        reply.resize(size);
        const stun::Inspection written = stun::inspect(reply);
        require(written.action == stun::Action::DropUnsupported && written.fingerprint == request.fingerprint &&
                    written.transaction_id == request.transaction_id,
                "a STUN reply is not a well-formed response to its request");
        if (request.action != stun::Action::ReplySuccess) continue;
        const auto value = stun::find_attribute(reply, stun::attr::kXorMappedAddress);
        require(value && stun::read_xor_address(*value, request.transaction_id) == mapped,
                "a STUN success does not name the mapped endpoint");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::span<const uint8_t> input(data, size);
    const Result<Message> decoded = decode(input);
    check_decode(input, decoded);
    check_every_parser(input, decoded, static_cast<Message*>(nullptr));
    check_stun(input);
    return 0;
}
