// controlplane/gossip/partition.hpp — how many ids one Sync may carry: the
// Go-compatible single Sync (one UDP datagram, IP-fragmented as needed) and
// the parts of a multi-part set (one frame each, never fragmented: losing a
// fragment would lose the part), and the cutting of a set into parts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/net/ip_address.hpp"

namespace pb::cp::gossip {

// Ids of a single Sync with our trailer in the largest IPv4 UDP datagram:
// (65,507 − 7 − 20) / 4 = 16,370, five fewer than the original's 16,375
// (PROTOCOL.md §3), the price of the 20-byte trailer. Used for both families.
size_t compat_id_limit();

// Ids of one part that fits an L3 MTU with its IP and UDP headers and the
// trailer: 1500 → 361 (IPv4), 356 (IPv6).
size_t ids_per_part(uint16_t mtu, net::Family family);

// Parts for `ids` ids (1 for an empty set: the empty set is announced too).
uint32_t part_count(size_t ids, size_t per_part);

// The ids of part `part`.
std::span<const uint32_t> part_ids(std::span<const uint32_t> ids, size_t per_part, uint32_t part);

}  // namespace pb::cp::gossip
