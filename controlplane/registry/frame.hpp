// controlplane/registry/frame.hpp — the registry's framing (PROTOCOL.md §4):
// a 4-byte big-endian length, then that many bytes of JSON. Replies longer
// than the limit (1 MiB) or of length 0 are refused before any body is read.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "controlplane/registry/outcome.hpp"

namespace pb::registry {

inline constexpr size_t kMaxReplyBytes = size_t(1) << 20;
inline constexpr size_t kFrameHeaderBytes = 4;

using FrameHeader = std::array<uint8_t, kFrameHeaderBytes>;

// The length prefix followed by the payload.
std::string frame(std::string_view payload);

uint32_t frame_length(const FrameHeader& header);

// Ok when a received length is acceptable: 1..max_bytes.
Outcome check_frame_length(uint32_t length, size_t max_bytes);

}  // namespace pb::registry
