// controlplane/neighbours/addresses.hpp — small helpers on IP addresses for
// the control plane's tables: hash functors (unordered_map keys) and the
// IPv6 link-local test.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "common/net/ip_address.hpp"

namespace pb::cp {

// fe80::/10
inline bool is_ipv6_link_local(const net::IpAddress& a) {
    return !a.is_v4() && a.bytes[0] == 0xfe && (a.bytes[1] & 0xc0) == 0x80;
}

struct IpAddressHash {
    size_t operator()(const net::IpAddress& a) const {
        const std::string_view bytes(reinterpret_cast<const char*>(a.bytes.data()), a.bytes.size());
        return std::hash<std::string_view>{}(bytes) ^ size_t(a.family);
    }
};

struct EndpointHash {
    size_t operator()(const net::Endpoint& e) const { return IpAddressHash{}(e.address) * 31 + e.port; }
};

}  // namespace pb::cp
