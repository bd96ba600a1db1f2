// common/wire/crc32.hpp — CRC-32 as zlib, Ethernet and STUN's FINGERPRINT
// compute it (ISO-HDLC: reflected polynomial 0xEDB88320, initial value and
// final XOR 0xFFFFFFFF), from a table built at compile time. One table
// lookup per byte: fast enough for the few hundred bytes of a STUN message.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace pb::wire {

namespace crc32_detail {
constexpr std::array<uint32_t, 256> make_table() {
    std::array<uint32_t, 256> table{};
    for (uint32_t byte = 0; byte < 256; ++byte) {
        uint32_t crc = byte;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? 0xEDB88320u : 0u);
        table[byte] = crc;
    }
    return table;
}
inline constexpr std::array<uint32_t, 256> kTable = make_table();
}  // namespace crc32_detail

constexpr uint32_t crc32(std::span<const uint8_t> bytes) {
    uint32_t crc = 0xFFFFFFFFu;
    for (const uint8_t byte : bytes) crc = (crc >> 8) ^ crc32_detail::kTable[(crc ^ byte) & 0xFFu];
    return crc ^ 0xFFFFFFFFu;
}

}  // namespace pb::wire
