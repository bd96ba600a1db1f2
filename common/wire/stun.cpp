// common/wire/stun.cpp — the STUN Binding server's decisions and replies
// (see stun.hpp; the policy is docs/design.md "STUN").
#include "common/wire/stun.hpp"

#include <algorithm>
#include <string_view>

#include "common/wire/byte_cursor.hpp"
#include "common/wire/crc32.hpp"

namespace pb::wire::stun {

namespace {

constexpr std::size_t kXorPortAndFamilySize = 4;  // reserved(1) family(1) x-port(2)
constexpr uint8_t kFamilyV4 = 0x01, kFamilyV6 = 0x02;
constexpr std::size_t kErrorCodeFixedSize = 4;  // reserved(21 bits) class(3) number(8)
constexpr std::string_view kBadRequestReason = "Bad Request";
constexpr std::string_view kUnknownAttributeReason = "Unknown Attribute";

constexpr std::size_t padded(std::size_t length) { return (length + 3) & ~std::size_t{3}; }

// The comprehension-required attributes RFC 8489 defines: a request may
// carry them without a 420. Those of authentication only matter with
// MESSAGE-INTEGRITY, which gets a 400 anyway.
constexpr bool understood(uint16_t type) {
    switch (type) {
        case attr::kMappedAddress:
        case attr::kUsername:
        case attr::kMessageIntegrity:
        case attr::kErrorCode:
        case attr::kUnknownAttributes:
        case attr::kRealm:
        case attr::kNonce:
        case attr::kMessageIntegritySha256:
        case attr::kPasswordAlgorithm:
        case attr::kUserhash:
        case attr::kXorMappedAddress: return true;
        default: return false;
    }
}

// The header checks of RFC 8489 §6.3 and the attribute walk; records the
// transaction id, FINGERPRINT and the attributes that decide a request's
// answer. Leaves the action DropMalformed / DropNoCookie /
// DropBadFingerprint, or returns true with the message's integrity flag.
bool read_message(std::span<const uint8_t> message, Inspection& out, bool& integrity) {
    if (message.size() < kHeaderSize || (message[0] & 0xC0) != 0) return false;
    if (load_be<uint32_t>(&message[4]) != kMagicCookie) {
        out.action = Action::DropNoCookie;
        return false;
    }
    const std::size_t length = load_be<uint16_t>(&message[2]);
    if (length % 4 != 0 || kHeaderSize + length != message.size()) return false;
    std::copy_n(&message[kTransactionIdOffset], kTransactionIdSize, out.transaction_id.begin());

    bool bad_fingerprint = false;
    const bool well_formed = for_each_attribute(message, [&](const AttributeView& attribute) {
        if (attribute.type == attr::kFingerprint) {
            out.fingerprint = attribute.value.size() == 4 &&
                              attribute.offset + kFingerprintAttributeSize == message.size() &&
                              load_be<uint32_t>(attribute.value.data()) == fingerprint(message.first(attribute.offset));
            bad_fingerprint = !out.fingerprint;
            return false;  // the last attribute, or misplaced: the walk ends either way
        }
        // RFC 8489 §14.5: after MESSAGE-INTEGRITY only FINGERPRINT and
        // MESSAGE-INTEGRITY-SHA256 count; the rest is ignored.
        if (integrity) return true;
        if (attribute.type == attr::kMessageIntegrity || attribute.type == attr::kMessageIntegritySha256) {
            integrity = true;
        } else if (attribute.type < attr::kFirstComprehensionOptional && !understood(attribute.type) &&
                   out.unknown_count < kMaxUnknownListed) {
            out.unknown[out.unknown_count++] = attribute.type;
        }
        return true;
    });
    if (!well_formed) return false;
    if (bad_fingerprint) {
        out.action = Action::DropBadFingerprint;
        return false;
    }
    return true;
}

std::size_t error_code_size(std::string_view reason) {
    return kAttributeHeaderSize + padded(kErrorCodeFixedSize + reason.size());
}

std::size_t unknown_attributes_size(const Inspection& request) {
    return kAttributeHeaderSize + padded(request.unknown_count * sizeof(uint16_t));
}

void write_padding(ByteWriter& out, std::size_t length) {
    for (std::size_t i = length; i % 4 != 0; ++i) out.write(uint8_t{0});
}

void write_attribute_header(ByteWriter& out, uint16_t type, std::size_t length) {
    out.write(type);
    out.write(uint16_t(length));
}

void write_error_code(ByteWriter& out, unsigned code, std::string_view reason) {
    write_attribute_header(out, attr::kErrorCode, kErrorCodeFixedSize + reason.size());
    out.write(uint16_t{0});
    out.write(uint8_t(code / 100));
    out.write(uint8_t(code % 100));
    out.write(std::span(reinterpret_cast<const uint8_t*>(reason.data()), reason.size()));
    write_padding(out, reason.size());
}

void write_unknown_attributes(ByteWriter& out, const Inspection& request) {
    write_attribute_header(out, attr::kUnknownAttributes, request.unknown_count * sizeof(uint16_t));
    for (std::size_t i = 0; i < request.unknown_count; ++i) out.write(request.unknown[i]);
    write_padding(out, request.unknown_count * sizeof(uint16_t));
}

// XOR-MAPPED-ADDRESS's mask (RFC 8489 §14.2): the cookie, then the
// transaction id (IPv6 uses all 16 bytes, IPv4 the first 4).
std::array<uint8_t, 16> xor_key(const TransactionId& transaction_id) {
    std::array<uint8_t, 16> key{};
    store_be<uint32_t>(key.data(), kMagicCookie);
    std::copy(transaction_id.begin(), transaction_id.end(), key.begin() + 4);
    return key;
}

void write_xor_address(ByteWriter& out, const net::Endpoint& endpoint, const TransactionId& transaction_id) {
    const bool v4 = endpoint.address.family == net::Family::V4;
    const std::array<uint8_t, 16> key = xor_key(transaction_id);
    out.write(uint8_t{0});
    out.write(v4 ? kFamilyV4 : kFamilyV6);
    out.write(uint16_t(endpoint.port ^ (kMagicCookie >> 16)));
    for (std::size_t i = 0; i < (v4 ? 4u : 16u); ++i) out.write(uint8_t(endpoint.address.bytes[i] ^ key[i]));
}

}  // namespace

Inspection inspect(std::span<const uint8_t> datagram) {
    Inspection request;
    bool integrity = false;
    if (!read_message(datagram, request, integrity)) return request;
    switch (load_be<uint16_t>(datagram.data())) {
        case kBindingRequest: break;
        case kBindingIndication: request.action = Action::ConsumeIndication; return request;
        default: request.action = Action::DropUnsupported; return request;
    }
    // RFC 8489 §6.3.1: authentication before unknown attributes.
    request.action = integrity                   ? Action::ReplyBadRequest
                     : request.unknown_count > 0 ? Action::ReplyUnknownAttribute
                                                 : Action::ReplySuccess;
    return request;
}

std::size_t reply_size(const Inspection& request, net::Family mapped) {
    std::size_t size = kHeaderSize + (request.fingerprint ? kFingerprintAttributeSize : 0);
    switch (request.action) {
        case Action::ReplySuccess: return size + kAttributeHeaderSize + xor_address_size(mapped);
        case Action::ReplyBadRequest: return size + error_code_size(kBadRequestReason);
        default:
            return size + error_code_size(kUnknownAttributeReason) + unknown_attributes_size(request);
    }
}

void write_reply(std::span<uint8_t> out, const Inspection& request, const net::Endpoint& mapped) {
    const std::size_t size = reply_size(request, mapped.address.family);
    ByteWriter writer(out.first(size));
    writer.write(request.action == Action::ReplySuccess ? kBindingSuccess : kBindingError);
    writer.write(uint16_t(size - kHeaderSize));
    writer.write(kMagicCookie);
    writer.write(std::span<const uint8_t>(request.transaction_id));
    switch (request.action) {
        case Action::ReplySuccess:
            write_attribute_header(writer, attr::kXorMappedAddress, xor_address_size(mapped.address.family));
            write_xor_address(writer, mapped, request.transaction_id);
            break;
        case Action::ReplyBadRequest: write_error_code(writer, 400, kBadRequestReason); break;
        default:
            write_error_code(writer, 420, kUnknownAttributeReason);
            write_unknown_attributes(writer, request);
    }
    if (request.fingerprint) {
        const std::size_t at = writer.written();
        write_attribute_header(writer, attr::kFingerprint, 4);
        writer.write(fingerprint(out.first(at)));
    }
}

uint32_t fingerprint(std::span<const uint8_t> message_before_attribute) {
    return crc32(message_before_attribute) ^ kFingerprintXor;
}

std::size_t xor_address_size(net::Family family) {
    return kXorPortAndFamilySize + (family == net::Family::V4 ? 4 : 16);
}

std::optional<net::Endpoint> read_xor_address(std::span<const uint8_t> value, const TransactionId& transaction_id) {
    if (value.size() < kXorPortAndFamilySize) return std::nullopt;
    const net::Family family = value[1] == kFamilyV4 ? net::Family::V4 : net::Family::V6;
    if ((value[1] != kFamilyV4 && value[1] != kFamilyV6) || value.size() != xor_address_size(family))
        return std::nullopt;
    const std::array<uint8_t, 16> key = xor_key(transaction_id);
    std::array<uint8_t, 16> address{};
    for (std::size_t i = 0; i < value.size() - kXorPortAndFamilySize; ++i)
        address[i] = value[kXorPortAndFamilySize + i] ^ key[i];
    return net::Endpoint{.address = family == net::Family::V4 ? net::IpAddress::v4_bytes(address.data())
                                                               : net::IpAddress::v6_bytes(address.data()),
                         .port = uint16_t(load_be<uint16_t>(&value[2]) ^ (kMagicCookie >> 16))};
}

}  // namespace pb::wire::stun
