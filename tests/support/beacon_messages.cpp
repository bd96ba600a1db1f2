// tests/support/beacon_messages.cpp — encodes test messages through
// common/wire's encoders and signs grants with libsodium.
#include "tests/support/beacon_messages.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

#include "common/wire/discover.hpp"
#include "common/wire/encode.hpp"
#include "common/wire/endpoint_messages.hpp"
#include "common/wire/punch_request.hpp"
#include "common/wire/relay.hpp"
#include "common/wire/sync.hpp"

namespace pb::test {

namespace {

template <wire::Encodable M>
Bytes encoded(const M& message) {
    const wire::Result<std::size_t> size = message.encoded_size();
    if (!size) throw std::invalid_argument("the test message cannot be encoded");
    Bytes out(*size);
    if (!wire::encode(out, message)) throw std::logic_error("encode() refused its own encoded_size()");
    return out;
}

template <class M>
Bytes discover_message(uint32_t id, const std::optional<PublicKey>& key) {
    M message{.id = id};
    if (key) message.public_key = wire::PublicKeyView(*key);
    return encoded(message);
}

}  // namespace

Bytes discover(uint32_t id, const std::optional<PublicKey>& key) { return discover_message<wire::Discover>(id, key); }

Bytes discover_ex(uint32_t id, const std::optional<PublicKey>& key) {
    return discover_message<wire::DiscoverEx>(id, key);
}

Bytes punch_request(uint32_t requester, uint32_t target) {
    return encoded(wire::PunchRequest{.requester = requester, .target = target});
}

Bytes punch_request(uint32_t requester, uint32_t target, int64_t expiry, const Signature& signature) {
    return encoded(wire::PunchRequest{
        .requester = requester,
        .target = target,
        .trailer = wire::Grant{.expiry = expiry, .signature = wire::SignatureView(signature)}});
}

Bytes relay(uint32_t sender, uint32_t dest, std::span<const uint8_t> payload) {
    return encoded(wire::Relay{.sender = sender, .dest = dest, .payload = payload});
}

Bytes sync(uint32_t beacon_id, std::span<const uint32_t> ids) {
    const wire::Result<std::size_t> size = wire::sync_size(ids.size());
    if (!size) throw std::invalid_argument("too many ids for one Sync");
    Bytes out(*size);
    if (!wire::encode_sync(out, beacon_id, ids)) throw std::logic_error("encode_sync() refused its own size");
    return out;
}

Bytes discover_reply(const net::Endpoint& observed) { return encoded(wire::DiscoverReply{.endpoint = observed}); }

Bytes punch_command(const net::Endpoint& endpoint) { return encoded(wire::PunchCommand{.endpoint = endpoint}); }

Bytes relay_deliver(uint32_t sender, std::span<const uint8_t> payload) {
    return encoded(wire::RelayDeliver{.sender = sender, .payload = payload});
}

Bytes relay_deliver_dest(uint32_t sender, uint32_t dest, std::span<const uint8_t> payload) {
    return encoded(wire::RelayDeliverDest{.sender = sender, .dest = dest, .payload = payload});
}

SigningKey SigningKey::from_seed(uint8_t seed) {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    std::array<uint8_t, crypto_sign_SEEDBYTES> seed_bytes{};
    seed_bytes.fill(seed);
    SigningKey key;
    crypto_sign_seed_keypair(key.public_key.data(), key.secret_key.data(), seed_bytes.data());
    return key;
}

Signature SigningKey::sign(std::span<const uint8_t> message) const {
    Signature signature{};
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secret_key.data());
    return signature;
}

Signature sign_punch_grant(const SigningKey& key, uint32_t requester, uint32_t target, int64_t expiry) {
    // Written out here rather than with wire::format_punch_grant, so that the
    // text the beacon verifies is checked against PROTOCOL.md, not itself.
    const std::string text = "punch-grant:" + std::to_string(requester) + ":" + std::to_string(target) + ":" +
                             std::to_string(expiry);
    return key.sign(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace pb::test
