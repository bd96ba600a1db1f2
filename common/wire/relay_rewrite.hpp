// common/wire/relay_rewrite.hpp — in-place rewriting of a received Relay
// for the zero-copy dataplane, which edits the packet instead of copying
// the payload. Each function takes the Relay's 9-byte header (the first
// bytes of an already parsed Relay, contiguous in memory) and returns the
// offset at which the rewritten message now starts; the payload does not
// move, so the caller only trims that many bytes from the front.
//
//   Relay             05 SSSSSSSS DDDDDDDD payload…
//   RelayDeliver      .. ........ 06 SSSSSSSS payload…   starts at offset 4
//   RelayDeliverDest  09 SSSSSSSS DDDDDDDD payload…     starts at offset 0
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "common/wire/types.hpp"

namespace pb::wire {

using RelayHeader = std::span<uint8_t, kRelayHeaderSize>;

// Where the rewritten message starts inside the Relay header.
inline constexpr std::size_t kRelayDeliverOffset = kRelayHeaderSize - kRelayDeliverHeaderSize;
inline constexpr std::size_t kRelayDeliverDestOffset = kRelayHeaderSize - kRelayDeliverDestHeaderSize;
static_assert(kRelayDeliverOffset == 4 && kRelayDeliverDestOffset == 0);

// For a local (tier-1) delivery: RelayDeliverDest when the destination
// registered with DiscoverEx, RelayDeliver otherwise. Branch-free: both
// shapes are "type byte, then the sender id, at the start offset".
inline std::size_t relay_to_local_delivery(RelayHeader header, bool with_dest) {
    const std::size_t start = with_dest ? kRelayDeliverDestOffset : kRelayDeliverOffset;
    const uint8_t type = uint8_t(with_dest ? MsgType::RelayDeliverDest : MsgType::RelayDeliver);
    std::memmove(header.data() + start + kTypeSize, header.data() + kTypeSize, kIdSize);
    header[start] = type;
    return start;
}

// Relay → RelayDeliver (sender payload); returns kRelayDeliverOffset.
inline std::size_t relay_to_deliver(RelayHeader header) { return relay_to_local_delivery(header, false); }

// Relay → RelayDeliverDest (only the type byte changes); returns kRelayDeliverDestOffset.
inline std::size_t relay_to_deliver_dest(RelayHeader header) { return relay_to_local_delivery(header, true); }

}  // namespace pb::wire
