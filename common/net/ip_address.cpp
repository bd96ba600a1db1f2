// common/net/ip_address.cpp — text parsing and formatting of addresses,
// prefixes and endpoints (inet_pton/inet_ntop; never on the hot path).
#include "common/net/ip_address.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace pb::net {

namespace {
constexpr std::array<uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::optional<uint32_t> parse_decimal(std::string_view text, uint32_t max) {
    uint32_t value = 0;
    if (text.empty()) return std::nullopt;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
    return value;
}
}  // namespace

bool IpAddress::is_unspecified() const {
    for (uint8_t b : bytes)
        if (b != 0) return false;
    return true;
}

bool IpAddress::is_v4_mapped() const {
    return family == Family::V6 && std::memcmp(bytes.data(), kV4MappedPrefix.data(), 12) == 0;
}

IpAddress IpAddress::unmapped() const {
    if (!is_v4_mapped()) return *this;
    return v4_bytes(bytes.data() + 12);
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.empty() || text.size() > 45) return std::nullopt;
    char buf[46];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    IpAddress a;
    if (inet_pton(AF_INET, buf, a.bytes.data()) == 1) return a;
    a.family = Family::V6;
    if (inet_pton(AF_INET6, buf, a.bytes.data()) == 1) return a;
    return std::nullopt;
}

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes.data(), buf, sizeof buf);
    return buf;
}

bool IpPrefix::contains(const IpAddress& other) const {
    if (other.family != address.family) return false;
    unsigned full = length / 8, rest = length % 8;
    if (std::memcmp(address.bytes.data(), other.bytes.data(), full) != 0) return false;
    if (rest == 0) return true;
    uint8_t mask = uint8_t(0xff << (8 - rest));
    return (address.bytes[full] & mask) == (other.bytes[full] & mask);
}

std::optional<IpPrefix> IpPrefix::parse(std::string_view text) {
    auto slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto addr = IpAddress::parse(text.substr(0, slash));
    if (!addr) return std::nullopt;
    auto len = parse_decimal(text.substr(slash + 1), addr->is_v4() ? 32 : 128);
    if (!len) return std::nullopt;
    return IpPrefix{*addr, uint8_t(*len)};
}

std::string IpPrefix::to_string() const { return address.to_string() + "/" + std::to_string(length); }

std::optional<HostPort> HostPort::parse(std::string_view text) {
    std::string_view host, port;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return std::nullopt;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return std::nullopt;
        host = text.substr(0, colon);
        if (host.find(':') != std::string_view::npos) return std::nullopt;  // bare v6 needs brackets
        port = text.substr(colon + 1);
    }
    auto value = parse_decimal(port, 65535);
    if (!value || *value == 0) return std::nullopt;
    return HostPort{std::string(host), uint16_t(*value)};
}

std::optional<Endpoint> Endpoint::parse(std::string_view text) {
    auto hp = HostPort::parse(text);
    if (!hp) return std::nullopt;
    if (hp->host.empty()) return Endpoint{IpAddress{}, hp->port};
    auto addr = IpAddress::parse(hp->host);
    if (!addr) return std::nullopt;
    return Endpoint{*addr, hp->port};
}

std::string Endpoint::to_string() const {
    std::string host = address.to_string();
    if (!address.is_v4()) host = "[" + host + "]";
    return host + ":" + std::to_string(port);
}

}  // namespace pb::net
