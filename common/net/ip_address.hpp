// common/net/ip_address.hpp — value types for IP addresses, prefixes and
// UDP endpoints shared by the wire codec, the config loader and the
// dataplane. Plain bytes in network order; no allocation, no syscalls on
// the comparison/hash path. Text parsing/formatting lives in the .cpp.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace pb::net {

enum class Family : uint8_t { V4 = 4, V6 = 6 };

// An IPv4 or IPv6 address. IPv4 occupies bytes[0..3]; the rest stay zero so
// that equality and hashing can compare the whole array.
struct IpAddress {
    Family family = Family::V4;
    std::array<uint8_t, 16> bytes{};

    static IpAddress v4(uint32_t host_order) {
        IpAddress a;
        a.bytes[0] = uint8_t(host_order >> 24);
        a.bytes[1] = uint8_t(host_order >> 16);
        a.bytes[2] = uint8_t(host_order >> 8);
        a.bytes[3] = uint8_t(host_order);
        return a;
    }
    static IpAddress v4_bytes(const uint8_t* p) {
        IpAddress a;
        std::memcpy(a.bytes.data(), p, 4);
        return a;
    }
    static IpAddress v6_bytes(const uint8_t* p) {
        IpAddress a;
        a.family = Family::V6;
        std::memcpy(a.bytes.data(), p, 16);
        return a;
    }

    bool is_v4() const { return family == Family::V4; }
    // Length of the wire encoding: 4 or 16.
    uint8_t wire_length() const { return is_v4() ? 4 : 16; }
    uint32_t v4_host_order() const {
        return uint32_t(bytes[0]) << 24 | uint32_t(bytes[1]) << 16 | uint32_t(bytes[2]) << 8 | bytes[3];
    }
    bool is_unspecified() const;
    // ::ffff:a.b.c.d
    bool is_v4_mapped() const;
    // The 4-byte form of a v4-mapped v6 address; other addresses unchanged.
    IpAddress unmapped() const;

    friend bool operator==(const IpAddress&, const IpAddress&) = default;

    // "192.0.2.1" or "2001:db8::1" (no brackets).
    static std::optional<IpAddress> parse(std::string_view text);
    std::string to_string() const;
};

// An address with a prefix length, as in "10.77.0.1/24".
struct IpPrefix {
    IpAddress address;
    uint8_t length = 0;

    bool contains(const IpAddress& other) const;
    static std::optional<IpPrefix> parse(std::string_view text);
    std::string to_string() const;
    friend bool operator==(const IpPrefix&, const IpPrefix&) = default;
};

// A UDP/TCP endpoint. Text form "host:port", "[v6]:port" or ":port" (any host).
struct Endpoint {
    IpAddress address;
    uint16_t port = 0;

    friend bool operator==(const Endpoint&, const Endpoint&) = default;
    static std::optional<Endpoint> parse(std::string_view text);
    std::string to_string() const;
};

// Splits "host:port" / "[v6]:port" / ":port" without resolving the host.
// Returns nullopt when the port is missing or not in 1..65535.
struct HostPort {
    std::string host;
    uint16_t port = 0;
    static std::optional<HostPort> parse(std::string_view text);
};

}  // namespace pb::net
