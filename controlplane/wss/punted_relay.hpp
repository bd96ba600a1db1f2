// controlplane/wss/punted_relay.hpp — a tier-0 punt (PuntReason::WssRelay) as
// the bridge needs it: the whole frame a worker received (Ethernet, optional
// VLAN tag, IPv4 or IPv6, UDP, the Relay; possibly a reassembled mbuf chain),
// turned into the destination id and the RelayDeliver message (0x06 sender
// payload) to write to it. The worker validated the frame and admitted the
// relay against its source's budget already.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace pb::cp::wss {

struct PuntedRelay {
    uint32_t dest = 0;
    std::vector<uint8_t> deliver;
};

// nullopt: not a UDP frame carrying a Relay.
std::optional<PuntedRelay> read_punted_relay(const rte_mbuf* m);

}  // namespace pb::cp::wss
