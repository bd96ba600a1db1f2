// pktgen/mac.cpp — MAC address parsing and formatting.
#include "pktgen/mac.hpp"

#include <charconv>
#include <cstdio>

namespace pb::pktgen {

std::optional<Mac> parse_mac(std::string_view text) {
    if (text.size() != 17) return std::nullopt;
    Mac mac{};
    for (std::size_t i = 0; i < 6; ++i) {
        if (i > 0 && text[i * 3 - 1] != ':') return std::nullopt;
        const char* begin = text.data() + i * 3;
        auto [end, ec] = std::from_chars(begin, begin + 2, mac[i], 16);
        if (ec != std::errc() || end != begin + 2) return std::nullopt;
    }
    return mac;
}

std::string mac_text(const Mac& m) {
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
    return text;
}

}  // namespace pb::pktgen
