// common/wire/stun.hpp — standard STUN (RFC 8489) on the beacon port, the
// server side of the Binding method: inspect() decides what a datagram whose
// first byte is 0x00 gets (RFC 8489 §6.3; the policy is docs/design.md
// "STUN"), write_reply() writes the answer over it. Also the attribute walk,
// FINGERPRINT and XOR-MAPPED-ADDRESS, which the tests and the fuzzer use to
// read replies back. No DPDK, no allocation; every loop is bounded by the
// message size.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "common/net/ip_address.hpp"
#include "common/wire/byte_order.hpp"

namespace pb::wire::stun {

inline constexpr uint32_t kMagicCookie = 0x2112A442;
inline constexpr std::size_t kHeaderSize = 20;  // type(2) length(2) cookie(4) transaction id(12)
inline constexpr std::size_t kTransactionIdSize = 12;
inline constexpr std::size_t kTransactionIdOffset = 8;
inline constexpr std::size_t kAttributeHeaderSize = 4;  // type(2) length(2), value padded to 4
inline constexpr std::size_t kFingerprintAttributeSize = kAttributeHeaderSize + 4;
inline constexpr uint32_t kFingerprintXor = 0x5354554E;

// Message types: the Binding method (0x001) in each class.
inline constexpr uint16_t kBindingRequest = 0x0001;
inline constexpr uint16_t kBindingIndication = 0x0011;
inline constexpr uint16_t kBindingSuccess = 0x0101;
inline constexpr uint16_t kBindingError = 0x0111;

// Attribute types (RFC 8489 §18.3). 0x0000–0x7FFF are comprehension-required.
namespace attr {
inline constexpr uint16_t kMappedAddress = 0x0001;
inline constexpr uint16_t kUsername = 0x0006;
inline constexpr uint16_t kMessageIntegrity = 0x0008;
inline constexpr uint16_t kErrorCode = 0x0009;
inline constexpr uint16_t kUnknownAttributes = 0x000A;
inline constexpr uint16_t kRealm = 0x0014;
inline constexpr uint16_t kNonce = 0x0015;
inline constexpr uint16_t kMessageIntegritySha256 = 0x001C;
inline constexpr uint16_t kPasswordAlgorithm = 0x001D;
inline constexpr uint16_t kUserhash = 0x001E;
inline constexpr uint16_t kXorMappedAddress = 0x0020;
inline constexpr uint16_t kFingerprint = 0x8028;
inline constexpr uint16_t kFirstComprehensionOptional = 0x8000;
}  // namespace attr

// Unknown comprehension-required attributes a 420 lists (the first ones).
inline constexpr std::size_t kMaxUnknownListed = 16;
// Reflection bound: a reply is at most this many bytes longer than its
// request (a 420 listing one unknown attribute: 24 bytes → 56).
inline constexpr std::size_t kMaxReplyGrowth = 32;

using TransactionId = std::array<uint8_t, kTransactionIdSize>;

// What the server does with a datagram.
enum class Action : uint8_t {
    ReplySuccess,           // Binding request: success response with XOR-MAPPED-ADDRESS
    ReplyBadRequest,        // request with MESSAGE-INTEGRITY(-SHA256): 400, we hold no credentials
    ReplyUnknownAttribute,  // request with unknown comprehension-required attributes: 420
    ConsumeIndication,      // Binding indication (a keepalive): nothing to answer
    DropMalformed,          // shorter than a header, top bits set, length field wrong, an attribute overruns
    DropNoCookie,           // no magic cookie: classic RFC 3489 STUN, or not STUN at all
    DropBadFingerprint,     // FINGERPRINT wrong, of the wrong size, or not the last attribute
    DropUnsupported,        // a response, or a method other than Binding
};

// A datagram's fate and what the reply needs from it, copied out so that
// the reply may overwrite the request.
struct Inspection {
    Action action = Action::DropMalformed;
    TransactionId transaction_id{};
    bool fingerprint = false;  // the request ends with a valid FINGERPRINT: the reply gets one too
    uint8_t unknown_count = 0;  // entries of `unknown` in use
    std::array<uint16_t, kMaxUnknownListed> unknown{};

    bool replies() const { return action <= Action::ReplyUnknownAttribute; }
};

// Checks a whole UDP payload (RFC 8489 §6.3): header, attribute layout,
// FINGERPRINT when present, class and method, then what a request asks.
Inspection inspect(std::span<const uint8_t> datagram);

// The size of the reply to `request` (precondition: request.replies()) when
// the observed source is of `mapped` family.
std::size_t reply_size(const Inspection& request, net::Family mapped);

// Writes the reply at the start of `out`, which holds reply_size() bytes and
// may be the request's own bytes. `mapped`: the observed source.
void write_reply(std::span<uint8_t> out, const Inspection& request, const net::Endpoint& mapped);

// FINGERPRINT's value over the message bytes before the attribute, whose
// length field already counts the attribute.
uint32_t fingerprint(std::span<const uint8_t> message_before_attribute);

// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): its value's size for an address of
// `family` (8 or 20 bytes), and the endpoint a value names (nullopt: an
// unknown family, or a size that does not match it).
std::size_t xor_address_size(net::Family family);
std::optional<net::Endpoint> read_xor_address(std::span<const uint8_t> value, const TransactionId& transaction_id);

// One attribute of a message: its type, its value (padding excluded) and
// where its header starts, counted from the start of the message.
struct AttributeView {
    uint16_t type = 0;
    std::span<const uint8_t> value;
    std::size_t offset = 0;
};

// Calls `visit(attribute)` for each attribute of `message` (header
// included) in order while it returns true. false: an attribute overruns
// the message. At most (size − 20) / 4 rounds: each takes 4 bytes or more.
template <class Visit>
bool for_each_attribute(std::span<const uint8_t> message, Visit&& visit) {
    std::size_t offset = kHeaderSize;
    while (offset < message.size()) {
        if (message.size() - offset < kAttributeHeaderSize) return false;
        const uint16_t type = load_be<uint16_t>(&message[offset]);
        const std::size_t length = load_be<uint16_t>(&message[offset + 2]);
        const std::size_t padded = (length + 3) & ~std::size_t{3};
        if (message.size() - offset - kAttributeHeaderSize < padded) return false;
        if (!visit(AttributeView{type, message.subspan(offset + kAttributeHeaderSize, length), offset})) return true;
        offset += kAttributeHeaderSize + padded;
    }
    return true;
}

// The value of the first attribute of `type` in a well-formed `message`.
inline std::optional<std::span<const uint8_t>> find_attribute(std::span<const uint8_t> message, uint16_t type) {
    std::optional<std::span<const uint8_t>> found;
    (void)for_each_attribute(message, [&](const AttributeView& attribute) {
        if (attribute.type == type) found = attribute.value;
        return !found;
    });
    return found;
}

}  // namespace pb::wire::stun
