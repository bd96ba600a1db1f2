// pktgen/messages.cpp — encoders over common/wire.
#include "pktgen/messages.hpp"

#include <array>
#include <cassert>
#include <cstring>

#include "common/wire/discover.hpp"
#include "common/wire/encode.hpp"
#include "common/wire/punch_request.hpp"
#include "common/wire/relay.hpp"

namespace pb::pktgen {

namespace {

// The pattern after the probe, for payloads up to the protocol's maximum.
const std::array<uint8_t, wire::kMaxRelayPayload>& pattern() {
    static const auto bytes = [] {
        std::array<uint8_t, wire::kMaxRelayPayload> b{};
        for (std::size_t i = 0; i < b.size(); ++i) b[i] = pattern_byte(i);
        return b;
    }();
    return bytes;
}

template <class Message>
std::size_t encoded(std::span<uint8_t> out, const Message& message) {
    const auto size = wire::encode(out, message);
    assert(size.ok());
    return size.ok() ? *size : 0;
}

}  // namespace

std::size_t encode_discover(std::span<uint8_t> out, uint32_t id, bool extended) {
    if (extended) return encoded(out, wire::DiscoverEx{.id = id});
    return encoded(out, wire::Discover{.id = id});
}

std::size_t encode_punch(std::span<uint8_t> out, uint32_t requester, uint32_t target) {
    return encoded(out, wire::PunchRequest{.requester = requester, .target = target});
}

std::size_t relay_size(std::size_t payload_bytes) { return wire::kRelayHeaderSize + payload_bytes; }

std::size_t encode_relay(std::span<uint8_t> out, uint32_t sender, uint32_t dest, const Probe& probe,
                         std::size_t payload_bytes) {
    // The codec writes the header and the pattern; the probe then takes the payload's first bytes.
    const std::span<const uint8_t> body(pattern().data(), payload_bytes);
    const std::size_t size = encoded(out, wire::Relay{.sender = sender, .dest = dest, .payload = body});
    probe.write(out.subspan(wire::kRelayHeaderSize));
    return size;
}

}  // namespace pb::pktgen
