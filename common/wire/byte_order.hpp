// common/wire/byte_order.hpp — big-endian loads and stores at any alignment.
// memcpy keeps unaligned access defined; compilers turn each into a single
// load or store plus a byte swap.
#pragma once

#include <bit>
#include <concepts>
#include <cstdint>
#include <cstring>

namespace pb::wire {

template <std::unsigned_integral T>
constexpr T swap_bytes(T value) {
    if constexpr (sizeof(T) == 1) return value;
    else if constexpr (sizeof(T) == 2) return __builtin_bswap16(value);
    else if constexpr (sizeof(T) == 4) return __builtin_bswap32(value);
    else return __builtin_bswap64(value);
}

template <std::unsigned_integral T>
constexpr T to_big_endian(T value) {
    if constexpr (std::endian::native == std::endian::little) return swap_bytes(value);
    else return value;
}

// Reads sizeof(T) bytes at `p`.
template <std::unsigned_integral T>
inline T load_be(const uint8_t* p) {
    T raw;
    std::memcpy(&raw, p, sizeof raw);
    return to_big_endian(raw);
}

// Writes sizeof(T) bytes at `p`.
template <std::unsigned_integral T>
inline void store_be(uint8_t* p, T value) {
    const T raw = to_big_endian(value);
    std::memcpy(p, &raw, sizeof raw);
}

}  // namespace pb::wire
