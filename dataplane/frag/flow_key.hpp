// dataplane/frag/flow_key.hpp — what identifies one fragmented datagram
// (RFC 791 / RFC 8200: source, destination, identification, protocol; and
// the family), read from fields that every fragment carries.
#pragma once

#include <rte_mbuf.h>

#include <cstdint>
#include <cstring>

namespace pb::dp::frag {

struct FlowKey {
    uint8_t src[16] = {};  // IPv4: the first 4 bytes, the rest zero
    uint8_t dst[16] = {};
    uint32_t id = 0;       // host order; IPv4: the 16-bit identification, IPv6: the 32-bit fragment id
    uint8_t family = 0;    // 4 or 6
    uint8_t protocol = 0;  // IPv4 protocol / next header of the IPv6 fragment header
    uint16_t zero = 0;     // padding kept zero: keys compare and hash as bytes

    friend bool operator==(const FlowKey& a, const FlowKey& b) { return std::memcmp(&a, &b, sizeof a) == 0; }
};
static_assert(sizeof(FlowKey) == 40, "FlowKey is compared and hashed as raw bytes");

// Reads the key of an IPv4 fragment or of an IPv6 packet whose Fragment
// header directly follows the fixed header, at l2_len bytes into the frame.
// False when the headers are not in the first segment or are neither.
bool read_flow_key(const rte_mbuf* m, uint16_t l2_len, FlowKey& key);

// Keyed hash of the whole key, for the reassembly table (the seed is secret
// per table, so remote senders cannot aim at one bucket).
uint32_t flow_hash(const FlowKey& key, uint32_t seed);

// Hash of source, destination and identification only, with a fixed seed:
// every worker computes the same value for every fragment of one datagram.
uint32_t datagram_hash(const FlowKey& key);

}  // namespace pb::dp::frag
