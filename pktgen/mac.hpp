// pktgen/mac.hpp — Ethernet MAC addresses as text: "aa:bb:cc:dd:ee:ff".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "pktgen/scenario.hpp"

namespace pb::pktgen {

std::optional<Mac> parse_mac(std::string_view text);
std::string mac_text(const Mac& mac);

}  // namespace pb::pktgen
