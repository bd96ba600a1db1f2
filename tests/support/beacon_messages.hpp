// tests/support/beacon_messages.hpp — beacon messages (PROTOCOL.md §1) as the
// dataplane tests send and expect them, encoded by the real codec
// (common/wire), plus the Ed25519 keys and punch grants of test daemons:
//
//   inject(0, beacon_datagram(peer, Family::V4, discover(7001, key.public_key)));
//   EXPECT_EQ(reply->udp->payload, discover_reply({peer.ipv4, peer.port}));
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "tests/support/net_types.hpp"

namespace pb::test {

using PublicKey = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;

// What daemons send.
Bytes discover(uint32_t id, const std::optional<PublicKey>& key = std::nullopt);
Bytes discover_ex(uint32_t id, const std::optional<PublicKey>& key = std::nullopt);
Bytes punch_request(uint32_t requester, uint32_t target);
// With the grant trailer `expiry(8) signature(64)`.
Bytes punch_request(uint32_t requester, uint32_t target, int64_t expiry, const Signature& signature);
Bytes relay(uint32_t sender, uint32_t dest, std::span<const uint8_t> payload);
// What peer beacons send.
Bytes sync(uint32_t beacon_id, std::span<const uint32_t> ids);

// What the beacon sends.
Bytes discover_reply(const net::Endpoint& observed);
Bytes punch_command(const net::Endpoint& endpoint);
Bytes relay_deliver(uint32_t sender, std::span<const uint8_t> payload);
Bytes relay_deliver_dest(uint32_t sender, uint32_t dest, std::span<const uint8_t> payload);

// An Ed25519 key pair made from a one-byte seed, so that runs are repeatable.
struct SigningKey {
    PublicKey public_key{};
    std::array<uint8_t, 64> secret_key{};

    static SigningKey from_seed(uint8_t seed);
    Signature sign(std::span<const uint8_t> message) const;
};

// The grant a target gives a requester: `punch-grant:<requester>:<target>:<expiry>` signed with `key`.
Signature sign_punch_grant(const SigningKey& key, uint32_t requester, uint32_t target, int64_t expiry);

}  // namespace pb::test
