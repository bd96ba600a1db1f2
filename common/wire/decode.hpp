// common/wire/decode.hpp — decode(datagram): any beacon message as one
// variant, for tests, fuzzing and tools. The dataplane does not pay for the
// variant: it switches on the first byte and calls that type's inline
// parse() directly.
#pragma once

#include <cstdint>
#include <span>
#include <variant>

#include "common/wire/discover.hpp"
#include "common/wire/endpoint_messages.hpp"
#include "common/wire/punch_request.hpp"
#include "common/wire/relay.hpp"
#include "common/wire/result.hpp"
#include "common/wire/sync.hpp"

namespace pb::wire {

// Every message type, in type-byte order.
using Message = std::variant<Discover, DiscoverReply, PunchRequest, PunchCommand, Relay, RelayDeliver, Sync,
                             DiscoverEx, RelayDeliverDest>;

// Empty for a zero-byte datagram, UnknownType for a first byte that is no
// message type, otherwise that type's parse().
Result<Message> decode(std::span<const uint8_t> datagram);

}  // namespace pb::wire
