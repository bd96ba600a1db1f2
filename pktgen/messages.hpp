// pktgen/messages.hpp — the beacon messages pilot-pktgen sends, encoded
// with the project's wire codec (common/wire) into a UDP payload buffer.
// A relay's payload starts with a Probe and is filled up to the requested
// size with a fixed byte pattern.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "pktgen/probe.hpp"

namespace pb::pktgen {

// Discover (or DiscoverEx) for `id`. Returns the bytes written.
std::size_t encode_discover(std::span<uint8_t> out, uint32_t id, bool extended);

// PunchRequest from `requester` for `target`, without a grant.
std::size_t encode_punch(std::span<uint8_t> out, uint32_t requester, uint32_t target);

// Relay from `sender` to `dest` whose payload is `payload_bytes` long
// (>= Probe::kSize): the probe, then the pattern.
std::size_t encode_relay(std::span<uint8_t> out, uint32_t sender, uint32_t dest, const Probe& probe,
                         std::size_t payload_bytes);

// The UDP payload size each of them needs.
std::size_t relay_size(std::size_t payload_bytes);

// Byte i of every relay payload after the probe (tests compare with it).
constexpr uint8_t pattern_byte(std::size_t i) { return uint8_t(0xa5 ^ (i * 7)); }

}  // namespace pb::pktgen
