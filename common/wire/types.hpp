// common/wire/types.hpp — the beacon message type byte (PROTOCOL.md §1) and
// every size and limit of the wire format. All sizes of whole messages count
// the type byte.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pb::wire {

// First byte of every beacon datagram. All values stay below 0x10 so they
// never collide with the daemons' tunnel magics ("PILT" … start with 0x50).
enum class MsgType : uint8_t {
    Discover = 0x01,
    DiscoverReply = 0x02,
    PunchRequest = 0x03,
    PunchCommand = 0x04,
    Relay = 0x05,
    RelayDeliver = 0x06,
    Sync = 0x07,
    DiscoverEx = 0x08,
    RelayDeliverDest = 0x09,
};

// Field sizes.
inline constexpr std::size_t kTypeSize = 1;
inline constexpr std::size_t kIdSize = 4;           // node id, beacon id
inline constexpr std::size_t kIpLengthSize = 1;     // iplen before an address
inline constexpr std::size_t kIpv4Size = 4;
inline constexpr std::size_t kIpv6Size = 16;
inline constexpr std::size_t kPortSize = 2;
inline constexpr std::size_t kPublicKeySize = 32;   // Ed25519 public key
inline constexpr std::size_t kGrantExpirySize = 8;  // unix seconds
inline constexpr std::size_t kSignatureSize = 64;   // Ed25519 signature
inline constexpr std::size_t kSyncCountSize = 2;

// Fixed parts of messages, type byte included.
inline constexpr std::size_t kDiscoverSize = kTypeSize + kIdSize;                // public key optional
inline constexpr std::size_t kPunchRequestSize = kTypeSize + 2 * kIdSize;        // grant trailer optional
inline constexpr std::size_t kGrantTrailerSize = kGrantExpirySize + kSignatureSize;
inline constexpr std::size_t kRelayHeaderSize = kTypeSize + 2 * kIdSize;         // sender dest
inline constexpr std::size_t kRelayDeliverHeaderSize = kTypeSize + kIdSize;      // sender
inline constexpr std::size_t kRelayDeliverDestHeaderSize = kTypeSize + 2 * kIdSize;  // sender dest
inline constexpr std::size_t kSyncHeaderSize = kTypeSize + kIdSize + kSyncCountSize;

// Limits.
inline constexpr std::size_t kMaxRelayPayload = 65535;
// The largest UDP payload over IPv4 (65,535 − 20 IP − 8 UDP).
inline constexpr std::size_t kMaxUdpPayload = 65507;
// The most ids one Sync can carry and still fit one UDP datagram:
// (65,507 − 7) / 4 = 16,375. The count field would allow 65,535, but the
// original sends such a Sync anyway and the send fails; our encoder refuses
// (Error::TooManyIds), so gossip must choose or split the ids itself.
inline constexpr std::size_t kMaxSyncIdsPerDatagram = (kMaxUdpPayload - kSyncHeaderSize) / kIdSize;
static_assert(kMaxSyncIdsPerDatagram == 16375);

}  // namespace pb::wire
