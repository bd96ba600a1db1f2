// controlplane/registry/frame.cpp — length-prefix encoding and checks.
#include "controlplane/registry/frame.hpp"

namespace pb::registry {

std::string frame(std::string_view payload) {
    const auto length = uint32_t(payload.size());
    std::string out;
    out.reserve(kFrameHeaderBytes + payload.size());
    for (int shift = 24; shift >= 0; shift -= 8) out += char(uint8_t(length >> shift));
    out += payload;
    return out;
}

uint32_t frame_length(const FrameHeader& header) {
    return uint32_t(header[0]) << 24 | uint32_t(header[1]) << 16 | uint32_t(header[2]) << 8 | header[3];
}

Outcome check_frame_length(uint32_t length, size_t max_bytes) {
    if (length == 0) return Outcome::fail(Failure::BadFrame, "zero-length frame");
    if (length > max_bytes)
        return Outcome::fail(Failure::Oversized,
                             std::to_string(length) + " bytes announced, limit " + std::to_string(max_bytes));
    return {};
}

}  // namespace pb::registry
